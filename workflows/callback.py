"""A call back to a citizen who was not satisfied: a survey scored 1 or 2 with a comment gives the
report's agency's supervisors one task, "Call the citizen back", in their queue (as Signalen
reopens a complaint on negative feedback). The report itself stays closed."""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow, lock

from .access import same_agency
from .flows import AgencyView, End, StartHandle
from .models import CallbackProcess
from .views import CallbackView


class CallbackFlow(flow.Flow):
    process_class = CallbackProcess
    process_title = _("Call-back after the survey")
    process_description = _("A citizen was not satisfied with how their report was handled: a supervisor calls them.")
    process_summary_template = process_result_template = "{{ process }} — {{ process.get_status_display }}"
    lock_impl = lock.select_for_update_lock

    start = StartHandle(this.start_process).Next(this.call_back)
    call_back = (
        AgencyView(CallbackView.as_view())
        .Annotation(title=_("Call the citizen back"))
        .Permission("workflows.approve_report")
        .Next(this.end)
    )
    end = End()

    def has_view_permission(self, user, obj=None):
        allowed = super().has_view_permission(user, obj=obj)
        report = getattr(obj, "artifact", None)
        return allowed and (report is None or same_agency(user, report))

    def has_manage_permission(self, user, obj=None):
        allowed = super().has_manage_permission(user, obj=obj)
        report = getattr(obj, "artifact", None)
        return allowed and (report is None or same_agency(user, report))

    def start_process(self, activation, survey):
        activation.process.artifact = survey.report
        activation.process.data = {}
        activation.process.survey_id = survey.pk
