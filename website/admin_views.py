"""Sign-ins in the Wagtail admin (Reports > Sign-ins): the sign-in events of the staff of the
viewer's agencies, for supervisors (all of them for superusers), filtered by action and date,
with a CSV export of the filtered list that is itself recorded."""

import django_filters
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView

from . import audit
from .access import agency_sites
from .models import AgencyMembership, AuditEvent

# A cell a spreadsheet would run as a formula gets a quote before it (OWASP, "CSV injection"):
# the username tried at the sign-in page is anyone's text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    value = "" if value is None else str(value)
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def may_read_sign_ins(user):
    return user.is_authenticated and (user.is_superuser or user.has_perm("workflows.approve_report"))


def sign_ins_for(user):
    """The sign-in events ``user`` may read: those of the staff of their agencies (all for a
    superuser, also the attempts at accounts that do not exist)."""
    events = AuditEvent.objects.filter(action__in=audit.SIGN_IN_ACTIONS).select_related("user")
    if user.is_superuser:
        return events
    staff = AgencyMembership.objects.filter(site__in=agency_sites(user)).values("user")
    return events.filter(user__in=staff)


class SignInFilterSet(WagtailFilterSet):
    action = django_filters.ChoiceFilter(
        label=_("Action"),
        choices=[(a.value, a.label) for a in audit.SIGN_IN_ACTIONS],
        empty_label=_("All"),
    )
    at = django_filters.DateFromToRangeFilter(label=_("Date"), widget=DateRangePickerWidget)

    class Meta:
        model = AuditEvent
        fields = ["action", "at"]


def _local_time(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")


class SignInsView(ReportView):
    page_title = _("Sign-ins")
    header_icon = "lock"
    index_url_name = "website_sign_ins"
    index_results_url_name = "website_sign_ins_results"
    filterset_class = SignInFilterSet
    # CSV only.
    FORMATS = (ReportView.FORMAT_CSV,)
    columns = [
        Column("at", label=_("Time"), accessor=lambda e: _local_time(e.at)),
        Column("action", label=_("Action"), accessor="get_action_display"),
        Column("user", label=_("Account"), accessor=lambda e: e.user or ""),
        Column("detail", label=_("Detail")),
        Column("address", label=_("Address"), accessor=lambda e: e.address or ""),
        Column("user_agent", label=_("Browser")),
    ]
    list_export = ["at", "action", "user", "detail", "address", "user_agent"]
    export_headings = {
        "at": _("Time"),
        "action": _("Action"),
        "user": _("Account"),
        "detail": _("Detail"),
        "address": _("Address"),
        "user_agent": _("Browser"),
    }
    export_filename = "sign-ins"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        labels = dict(AuditEvent.Action.choices)
        preprocess = {
            "at": _local_time,
            "action": lambda value: spreadsheet_safe(labels.get(value, value)),
        }
        self.custom_field_preprocess = {
            field: {self.FORMAT_CSV: preprocess.get(field, spreadsheet_safe)} for field in self.list_export
        }

    def dispatch(self, request, *args, **kwargs):
        if not may_read_sign_ins(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return sign_ins_for(self.request.user).order_by("-at", "-pk")

    @property
    def header_more_buttons(self):
        return [b for b in super().header_more_buttons if b.url != self.xlsx_export_url]

    def as_spreadsheet(self, queryset, spreadsheet_format):
        audit.record(
            self.request,
            None,
            audit.Action.EXPORT,
            detail=f"sign-ins export of {queryset.count()} events ({self.request.GET.urlencode()})",
        )
        return super().as_spreadsheet(queryset, spreadsheet_format)


def within_reach(view):
    """Wagtail's page explorer ``view``, for the pages the user may explore only: their agency's
    pages and those pages' ancestors. Wagtail lets anyone explore under the common ancestor of
    their pages, which for an agency's two language trees is the root: another agency's page
    would show its title and actions. Refused as Wagtail refuses a page outside that ancestor:
    back to the explorer's start."""
    from functools import wraps

    from django.shortcuts import redirect
    from wagtail.admin.auth import require_admin_access
    from wagtail.permission_policies.pages import PagePermissionPolicy

    @wraps(view)
    def explore(request, parent_page_id, **kwargs):
        if not PagePermissionPolicy().explorable_instances(request.user).filter(pk=parent_page_id).exists():
            return redirect("wagtailadmin_explore_root")
        return view(request, parent_page_id=parent_page_id, **kwargs)

    return require_admin_access(explore)
