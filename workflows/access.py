"""Who may see which report: staff of the report's agency (``website.access``), in a reviewing role."""

from forms_app.models import Report
from website.access import in_my_agencies, is_member

STAFF_PERMISSIONS = ("workflows.review_report", "workflows.approve_report")


def has_report_role(user):
    return user.is_authenticated and any(user.has_perm(p) for p in STAFF_PERMISSIONS)


def same_agency(user, report):
    return is_member(user, report.site_id)


def visible_reports(user):
    return in_my_agencies(Report.objects.all(), user)


def only_my_agencies(tasks, user):
    """Tasks of reports of the user's agencies."""
    return tasks.filter(process__artifact_object_id__in=visible_reports(user).values("pk"))
