"""Who may see which report: staff of the report's agency, in a reviewing role."""

from forms_app.models import Report

from .models import AgencyMembership

STAFF_PERMISSIONS = ("workflows.review_report", "workflows.approve_report")


def has_report_role(user):
    return user.is_authenticated and any(user.has_perm(p) for p in STAFF_PERMISSIONS)


def same_agency(user, report):
    if user.is_superuser:
        return True
    return AgencyMembership.objects.filter(user=user, site_id=report.site_id).exists()


def visible_reports(user):
    if user.is_superuser:
        return Report.objects.all()
    return Report.objects.filter(site__in=AgencyMembership.objects.filter(user=user).values("site"))


def only_my_agencies(tasks, user):
    """Tasks of reports of the user's agencies."""
    return tasks.filter(process__artifact_object_id__in=visible_reports(user).values("pk"))
