"""The reviewer's and the supervisor's task screens: the report, readably, then the decision."""

import logging

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views import generic
from viewflow.workflow.flow.views import mixins as flow_mixins
from viewflow.workflow.flow.views.actions import (
    AssignTaskView,
    BulkAssignTasksActionView,
    BulkUnassignTasksActionView,
)
from viewflow.workflow.flow.views.dashboard import DashboardProcessListView, DashboardTaskListView
from viewflow.workflow.flow.views.dashboard import DashboardView as ViewflowDashboardView
from viewflow.workflow.flow.views.detail import DetailProcessView, DetailTaskView
from viewflow.workflow.flow.views.list import WorkflowArchiveListView, WorkflowInboxListView, WorkflowQueueListView
from viewflow.workflow.status import STATUS

from forms_app.answers import FieldType
from forms_app.emails import answer_rows, screening_rows
from forms_app.history import change_status
from forms_app.mapping import group_by_section
from forms_app.models import Attachment, PreviousReference, ReportStatus, Survey
from forms_app.references import WHOLE_REFERENCE
from forms_app.referral import refer
from website import audit
from website.access import belongs_to_an_agency
from website.templatetags.staff_tags import staff_datetime

from .access import has_report_role, only_my_agencies, same_agency, visible_reports
from .agencies import AgencyColumnMixin
from .display import DECISIONS
from .filters import ArchiveTaskFilter, FlowProcessFilter, FlowTaskFilter, ReportTaskFilter
from .forms import ApprovalForm, CallbackForm, CorrectExportForm, ReviewForm
from .location import location_context

logger = logging.getLogger(__name__)


class ReportTaskView(flow_mixins.TaskSuccessUrlMixin, generic.FormView):
    """A task on a report: shows the whole report and records that it was seen."""

    template_name = "workflows/report_task.html"

    @property
    def process(self):
        return self.request.activation.process

    @property
    def report(self):
        return self.process.artifact

    def get(self, request, *args, **kwargs):
        audit.record(request, self.report, audit.Action.VIEW, detail=str(self.request.activation.task))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(report_context(self.request, self.report))
        context.update({"process": self.process, "task": self.request.activation.task})
        return context

    def finish(self, outcome):
        """Record the decision (``outcome``: a key of ``DECISIONS``, the audit's words in every
        language), carry out the task and tell the decider, in their language."""
        audit.record(
            self.request,
            self.report,
            audit.Action.DECIDE,
            detail=str(self.request.activation.task),
            outcome=outcome,
        )
        message = DECISIONS[outcome][0]
        self.process.save()
        self.request.activation.execute()
        messages.success(
            self.request,
            _("Report %(reference)s: %(outcome)s.") % {"reference": self.report.reference, "outcome": message},
        )
        return HttpResponseRedirect(self.get_success_url())

    def refer(self, site, incident_type, why):
        """Send the report to the agency ``site`` (``forms_app.referral``); the flow gives it a new
        review task, that agency's. Both agencies' audits record it. The decider goes back to the
        queue: the report's pages are no longer theirs to open."""
        report, request = self.report, self.request
        old_reference, old_site_id = report.reference, report.site_id
        task = str(request.activation.task)
        refer(report, site, incident_type=incident_type, actor=request.user, note=why, request=request)
        detail = f"{old_reference} -> {report.reference}"
        audit.record(request, report, audit.Action.REFERRED, detail=detail, outcome="sent", site_id=old_site_id)
        audit.record(request, report, audit.Action.REFERRED, detail=detail, outcome="received", site_id=site.pk)
        self.process.review_decision = ReviewForm.REFER
        self.process.save()
        request.activation.execute()
        logger.info("%s: report %s referred to agency %s", task, detail, site.pk)
        messages.success(
            request,
            _("Report %(old)s sent to %(agency)s, as %(reference)s.")
            % {"old": old_reference, "agency": site.agencysettings.name, "reference": report.reference},
        )
        return HttpResponseRedirect(reverse("tasks:queue"))


def report_context(request, report):
    """What ``workflows/report/report.html`` shows of ``report``: the whole of it, on the task
    screens and on the archive's pages alike (each records the view)."""
    answers = report.answers()
    return {
        "report": report,
        "answer_sections": answer_sections(report, answers),
        "property_items": property_items(report, answers),
        # Where it happened: the address, the point on a map, related reports (workflows/location.py).
        "location": location_context(report, answers),
        "screening": screening_rows(report),
        "attachments": report.attachments.select_related("note"),
        "notes": report.notes.all(),
        "history": report.history.select_related("actor"),
        # The numbers it had at the agencies it was referred from.
        "previous_references": report.previous_references.select_related("site__agencysettings"),
        # The citizen's satisfaction survey once the report closed; its comment for supervisors.
        "survey": Survey.objects.filter(report=report, answered_at__isnull=False).first(),
        "sees_survey_comment": request.user.has_perm("workflows.approve_report"),
        # Who saw and did what: for supervisors, who answer for it.
        "audit_events": (
            report.audit_events.select_related("user") if request.user.has_perm("workflows.approve_report") else None
        ),
    }


def reclassify(report, incident_type, note):
    """Give the report ``incident_type``; returns ``note`` with the change written at its head."""
    if incident_type == report.incident_type:
        return note
    change = _("Reclassified from %(old)s to %(new)s.") % {"old": report.incident_type, "new": incident_type}
    report.incident_type = incident_type
    report.save(update_fields=["incident_type"])
    return "\n".join(filter(None, [change, note]))


def answer_sections(report, answers=None):
    """The answers as staff read them, grouped by what they are about."""
    answers = report.answers() if answers is None else answers
    return group_by_section(zip((a.element for a in answers), answer_rows(report, answers), strict=True))


def property_items(report, answers=None):
    items = []
    for answer in report.answers() if answers is None else answers:
        if answer.type == FieldType.PROPERTY:
            items.extend(answer.value or [])
    return items


class ReviewView(ReportTaskView):
    form_class = ReviewForm

    def get_initial(self):
        return {"incident_type": self.report.incident_type}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "report": self.report}

    def form_valid(self, form):
        report, user = self.report, self.request.user
        data = form.cleaned_data
        decision = data["decision"]
        if decision == ReviewForm.REFER:
            return self.refer(data["agency"], data["referral_incident_type"], data["referral_note"])
        note = reclassify(report, data["incident_type"], data["note"])
        self.process.review_decision = decision
        if decision == ReviewForm.REQUEST_INFO:
            change_status(report, ReportStatus.INFO_REQUESTED, actor=user, public_message=data["question"], note=note)
            outcome = "more information requested"
        elif decision == ReviewForm.REJECT:
            reason = data["rejection_reason"]
            public = "\n\n".join(filter(None, [reason.text_for(report.language), data["rejection_text"]]))
            change_status(
                report,
                ReportStatus.REJECTED,
                actor=user,
                public_message=public,
                note="\n".join(filter(None, [reason.title, note])),
            )
            outcome = "rejected"
        else:
            change_status(report, ReportStatus.IN_REVIEW, actor=user, note=note or _("Sent for approval."))
            outcome = "sent for approval"
        return self.finish(outcome)


class ApprovalView(ReportTaskView):
    form_class = ApprovalForm

    def form_valid(self, form):
        report, user = self.report, self.request.user
        approved = form.cleaned_data["decision"] == ApprovalForm.APPROVE
        self.process.approved = approved
        if approved:
            change_status(report, ReportStatus.APPROVED, actor=user, note=form.cleaned_data["comment"])
            outcome = "approved"
        else:
            change_status(report, ReportStatus.IN_REVIEW, actor=user, note=form.cleaned_data["comment"])
            outcome = "sent back to review"
        return self.finish(outcome)


class CallbackView(ReportTaskView):
    """A supervisor calls back a citizen who was not satisfied, and says how it went."""

    form_class = CallbackForm
    template_name = "workflows/callback_task.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["call_back_survey"] = Survey.objects.get(pk=self.process.survey_id)
        return context

    def form_valid(self, form):
        survey = Survey.objects.get(pk=self.process.survey_id)
        survey.called_back_at = timezone.now()
        survey.call_back_note = form.cleaned_data["note"]
        survey.save(update_fields=["called_back_at", "call_back_note"])
        return self.finish(form.cleaned_data["decision"])


# Task lists: only the user's agencies, with what a reviewer sorts by -----------------------------


class AgencyRequiredMixin:
    """Staff in a reviewing role who have been given no agency yet get a page that says so, and
    whom to ask, instead of lists that would stay empty."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not belongs_to_an_agency(request.user):
            administrators = (
                get_user_model()
                .objects.filter(is_superuser=True, is_active=True)
                .order_by("last_name", "first_name", "username")
            )
            return TemplateResponse(request, "workflows/no_agency.html", {"administrators": administrators[:5]})
        return super().dispatch(request, *args, **kwargs)


class TaskColumnsMixin(AgencyColumnMixin):
    """A task list's first columns: the task's link named by its report's reference, not
    viewflow's "#3/6", its agency (for staff of several), and when it was created, as staff
    screens write dates."""

    def task_id(self, task):
        """The task's link, named by its report's reference, not viewflow's "#3/6"."""
        url = task.flow_task.reverse("index", args=[task.process_id, task.pk])
        return format_html('<a href="{}">{}</a>', url, task.process.artifact.reference)

    task_id.short_description = _("Reference")

    def created(self, task):
        return staff_datetime(task.created)

    created.short_description = _("Created")


class AgencyTaskListMixin(TaskColumnsMixin, AgencyRequiredMixin):
    def get_queryset(self):
        # Each row shows its report's reference and incident type: fetched for the whole page at
        # once (two queries), not per row.
        return (
            only_my_agencies(super().get_queryset(), self.request.user)
            .select_related("process", "deadline")
            .prefetch_related("process__artifact__incident_type")
        )

    def finished(self, task):
        return staff_datetime(task.finished)

    finished.short_description = _("Finished")

    def incident_type(self, task):
        return task.process.artifact.incident_type

    incident_type.short_description = _("Incident type")

    def due(self, task):
        deadline = getattr(task, "deadline", None)
        if deadline is None:
            return ""
        when = staff_datetime(deadline.due_at)
        if deadline.due_at < timezone.now() and task.finished is None:
            return format_html('<strong class="overdue">{}</strong>', _("Overdue since %(when)s") % {"when": when})
        return when

    due.short_description = _("Due")


class TaskFilter(ReportTaskFilter):
    """The lists' filters; a reference number also finds a report referred here by the number it
    had at the agency it came from (the one the citizen may still quote)."""

    def filter_reference(self, queryset, name, value):
        found = super().filter_reference(queryset, name, value)
        value = value.strip().upper()
        if not value:
            return found
        lookup = {"reference": value} if WHOLE_REFERENCE.match(value) else {"reference__icontains": value}
        earlier = PreviousReference.objects.filter(**lookup).values("report_id")
        return found | queryset.filter(process__artifact_object_id__in=earlier)


class InboxView(AgencyTaskListMixin, WorkflowInboxListView):
    filterset_class = TaskFilter
    columns = ("task_id", "incident_type", "flow_task", "created", "due")


class QueueView(AgencyTaskListMixin, WorkflowQueueListView):
    filterset_class = TaskFilter
    columns = ("task_id", "incident_type", "flow_task", "created", "due")


class ArchiveView(AgencyTaskListMixin, WorkflowArchiveListView):
    filterset_class = ArchiveTaskFilter
    columns = ("task_id", "incident_type", "flow_task", "created", "finished")


# Attachments ----------------------------------------------------------------------------------------


@login_required
def download_attachment(request, pk):
    """A citizen's file, to staff of the report's agency in a reviewing role, never inline."""
    attachment = get_object_or_404(Attachment.objects.select_related("report"), pk=pk, report__isnull=False)
    report = attachment.report
    if not has_report_role(request.user):
        audit.record(request, report, audit.Action.DENIED, detail=f"attachment {pk}", outcome="no role")
        raise PermissionDenied
    if not same_agency(request.user, report):
        audit.record(request, report, audit.Action.DENIED, detail=f"attachment {pk}", outcome="agency")
        raise Http404
    audit.record(request, report, audit.Action.DOWNLOAD, detail=attachment.original_name)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.download_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


class ClaimTaskView(AssignTaskView):
    """Claim a task; if someone else claimed it first, say so and go back to the queue."""

    def form_valid(self, form):
        activation = self.request.activation
        task = activation.task
        report = activation.process.artifact
        if task.owner_id and task.owner_id != self.request.user.pk:
            name = task.owner.get_full_name() or task.owner.get_username()
            messages.warning(self.request, _("%(name)s claimed this task first.") % {"name": name})
            audit.record(self.request, report, audit.Action.CLAIM, detail=str(task), outcome="taken")
            return HttpResponseRedirect(reverse("tasks:queue"))
        response = super().form_valid(form)
        audit.record(self.request, report, audit.Action.CLAIM, detail=str(task), outcome="claimed")
        being_reviewed(self.request.user, task)
        return response


def being_reviewed(user, task):
    """The citizen sees "being reviewed" from the moment a reviewer claims the report (a POST:
    opening a screen never changes anything but the audit)."""
    report = task.process.artifact
    if task.flow_task.name == "review" and report.status in (ReportStatus.SUBMITTED, ReportStatus.REFERRED):
        change_status(report, ReportStatus.IN_REVIEW, actor=user)


class AgencyBulkActionMixin:
    """Viewflow's bulk claim and release from the queue and the inbox: the user's agencies'
    tasks only (the nodes ask again, task by task), each one audited."""

    audit_action = None
    audit_outcome = ""

    def get_queryset(self):
        return only_my_agencies(super().get_queryset(), self.request.user)

    def form_valid(self, form):
        tasks = list(self.get_queryset())
        response = super().form_valid(form)
        for task in tasks:
            report = task.process.artifact
            audit.record(self.request, report, self.audit_action, detail=str(task), outcome=self.audit_outcome)
            self.done(task)
        return response

    def done(self, task):
        """After the action, for each task."""


class BulkClaimView(AgencyBulkActionMixin, BulkAssignTasksActionView):
    audit_action, audit_outcome = audit.Action.CLAIM, "claimed"

    def done(self, task):
        being_reviewed(self.request.user, task)


class BulkReleaseView(AgencyBulkActionMixin, BulkUnassignTasksActionView):
    audit_action = audit.Action.RELEASE


class ReassignForm(forms.Form):
    owner = forms.ModelChoiceField(label=_("Give the task to"), queryset=None)

    def __init__(self, *args, task, **kwargs):
        super().__init__(*args, **kwargs)
        report = task.process.artifact
        app_label, codename = task.owner_permission.split(".")
        candidates = (
            get_user_model()
            .objects.filter(
                is_active=True,
                agency_memberships__site=report.site_id,
            )
            .filter(
                Q(groups__permissions__codename=codename, groups__permissions__content_type__app_label=app_label)
                | Q(user_permissions__codename=codename, user_permissions__content_type__app_label=app_label)
            )
        )
        self.fields["owner"].queryset = candidates.exclude(pk=task.owner_id).distinct().order_by("username")


class ReassignTaskView(flow_mixins.TaskSuccessUrlMixin, generic.FormView):
    """A supervisor gives a claimed task to another member of staff who may do it."""

    template_name = "workflows/task_reassign.html"
    form_class = ReassignForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "task": self.request.activation.task}

    def get_context_data(self, **kwargs):
        return super().get_context_data(task=self.request.activation.task, **kwargs)

    def form_valid(self, form):
        activation = self.request.activation
        owner = form.cleaned_data["owner"]
        activation.reassign(owner)
        audit.record(
            self.request,
            activation.process.artifact,
            audit.Action.REASSIGN,
            detail=str(activation.task),
            outcome=owner.get_username(),
        )
        messages.success(
            self.request,
            _("The task now belongs to %(name)s.") % {"name": owner.get_full_name() or owner.get_username()},
        )
        return HttpResponseRedirect(reverse("tasks:queue"))


# The flow's own pages: the same agency rule, and every view of a process recorded -----------


class ProcessDetailView(DetailProcessView):
    """A process's page (its agency checked by ``guard``): its steps and, once it is finished,
    the whole report; every view recorded."""

    def get(self, request, *args, **kwargs):
        audit.record(request, self.get_object().artifact, audit.Action.VIEW, detail="process page")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["task_list"] = context["task_list"].select_related("owner")
        report = self.object.artifact
        # A finished review is reread here (the archive); an open one's page is reached from the
        # task list before anyone claimed the report, and names it only (its steps' pages and
        # the task screen show the rest).
        if report is not None and self.object.finished is not None and has_report_role(self.request.user):
            context.update(report_context(self.request, report))
        return context


class ReportTaskDetailView(DetailTaskView):
    """Any step's page, open or done (the archive links here): the whole report too, and the view
    recorded as the task screen records it."""

    def get(self, request, *args, **kwargs):
        activation = request.activation
        audit.record(request, activation.process.artifact, audit.Action.VIEW, detail=str(activation.task))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.request.activation.process.artifact
        if report is not None and has_report_role(self.request.user):  # a reviewing role, as for files
            context.update(report_context(self.request, report))
        return context


class DashboardView(AgencyRequiredMixin, ViewflowDashboardView):
    """Viewflow's dashboard of open tasks per step, for the user's agencies' reports only."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Each card names its owner and asks the agency rule of its report (``can_execute``...):
        # both fetched for each column at once, not per card (a superuser's columns hold every
        # agency's tasks, up to MAX_ROWS each).
        tasks = (
            only_my_agencies(
                self.flow_class.task_class._default_manager.filter_available([self.flow_class], self.request.user),
                self.request.user,
            )
            .select_related("owner")
            .prefetch_related("process__artifact")
        )
        for column in context["columns"]:
            column["tasks"] = tasks.filter(Q(finished__isnull=True) | Q(status=STATUS.ERROR), flow_task=column["node"])[
                : self.MAX_ROWS
            ]
        context["finished"] = tasks.filter(finished__isnull=False, flow_task__in=context["end_nodes"])[: self.MAX_ROWS]
        return context


class ProcessListView(AgencyColumnMixin, AgencyRequiredMixin, DashboardProcessListView):
    filterset_class = FlowProcessFilter

    def process_id(self, process):
        url = self.request.resolver_match.flow_viewset.reverse("process_detail", args=[process.pk])
        return format_html('<a href="{}">{}</a>', url, process)

    process_id.short_description = _("Reference")

    def created(self, process):
        return staff_datetime(process.created)

    created.short_description = _("Created")

    def finished(self, process):
        return staff_datetime(process.finished)

    finished.short_description = _("Finished")

    def get_queryset(self):
        reports = visible_reports(self.request.user).values("pk")
        # Each row is named by its report's reference: the reports fetched for the page at once.
        queryset = super().get_queryset().filter(artifact_object_id__in=reports)
        return queryset.prefetch_related("artifact").order_by("-created", "-pk")


class TaskListView(TaskColumnsMixin, AgencyRequiredMixin, DashboardTaskListView):
    filterset_class = FlowTaskFilter

    def get_queryset(self):
        tasks = only_my_agencies(super().get_queryset(), self.request.user)
        return tasks.select_related("owner").prefetch_related("process__artifact")  # a row names its owner


class CorrectExportView(ReportTaskView):
    """The RMS refused the record: the reviewer reads why, corrects what they can (the incident
    type), notes what they did, and sends the report again."""

    form_class = CorrectExportForm

    def get_initial(self):
        return {"incident_type": self.report.incident_type}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "report": self.report}

    def get_context_data(self, **kwargs):
        return super().get_context_data(rms_error=self.process.export_rejected, **kwargs)

    def form_valid(self, form):
        report = self.report
        note = reclassify(report, form.cleaned_data["incident_type"], form.cleaned_data["note"])
        change_status(report, ReportStatus.APPROVED, actor=self.request.user, note=note or _("Sent to the RMS again."))
        return self.finish("sent to the RMS again")
