"""The one agency rule every staff view of every app asks: a member of staff sees and acts on
the records of the agencies (Wagtail sites) they belong to, and nothing of any other.

Roles (reviewer, supervisor...) are the apps' permissions; this module answers only "which
agency". Superusers belong to every agency.
"""

from wagtail.models import Site

from .models import AgencyMembership


def agency_sites(user):
    """The ids of the sites ``user`` works for, as a subquery."""
    if not user.is_authenticated:
        return Site.objects.none().values("pk")
    if user.is_superuser:
        return Site.objects.values("pk")
    return AgencyMembership.objects.filter(user=user).values("site")


def is_member(user, site_id):
    """May ``user`` see records of the agency ``site_id``? (An unknown agency: no.)"""
    if not user.is_authenticated or site_id is None:
        return False
    if user.is_superuser:
        return True
    return AgencyMembership.objects.filter(user=user, site_id=site_id).exists()


def in_my_agencies(queryset, user, site_path="site"):
    """``queryset`` narrowed to the rows whose ``site_path`` is one of ``user``'s agencies."""
    if user.is_authenticated and user.is_superuser:
        return queryset
    return queryset.filter(**{f"{site_path}__in": agency_sites(user)})
