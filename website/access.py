"""The one agency rule every staff view of every app asks: a member of staff sees and acts on
the records of the agencies (Wagtail sites) they belong to, and nothing of any other.

Roles (reviewer, supervisor...) are the apps' permissions; this module answers only "which
agency". Superusers belong to every agency.
"""

from django.db.models import Q
from django.http import Http404
from wagtail.models import Site
from wagtail.permission_policies import ModelPermissionPolicy

from .models import AgencyMembership, AgencySettings


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


def belongs_to_an_agency(user):
    """Has ``user`` been given at least one agency? (Superusers belong to every agency.)"""
    return user.is_authenticated and (user.is_superuser or AgencyMembership.objects.filter(user=user).exists())


def agency_name(site):
    """``site``'s agency name in the active language (its ``AgencySettings``), else the site's name."""
    agency = getattr(site, "agencysettings", None)
    return agency.name if isinstance(agency, AgencySettings) else site.site_name or site.hostname


def my_agencies(request):
    """{site id: agency name in the active language} of the agencies the request's user works
    for, by name: read once per request (one query), however many rows a list names them in."""
    cached = getattr(request, "_openreport_my_agencies", None)
    if cached is None:
        sites = Site.objects.filter(pk__in=agency_sites(request.user)).select_related("agencysettings")
        names = {site.pk: agency_name(site) for site in sites}
        cached = dict(sorted(names.items(), key=lambda item: (item[1].casefold(), item[0])))
        request._openreport_my_agencies = cached
    return cached


def works_for_several(request):
    """Does the request's user work for more than one agency (lists then show and filter the agency)?"""
    return len(my_agencies(request)) > 1


def in_my_agencies(queryset, user, site_path="site", *, shared=False):
    """``queryset`` narrowed to the rows whose ``site_path`` is one of ``user``'s agencies, and
    with ``shared`` the rows of no agency too (those the whole install shares)."""
    if user.is_authenticated and user.is_superuser:
        return queryset
    mine = Q(**{f"{site_path}__in": agency_sites(user)})
    if shared:
        mine |= Q(**{f"{site_path}__isnull": True})
    return queryset.filter(mine)


def get_in_my_agencies_or_404(request, queryset, pk, *, site_path="site", audit_target=None, shared=False):
    """The row ``pk`` of ``queryset`` if it belongs to one of the user's agencies (or, with
    ``shared``, to none), else ``Http404`` (another agency's rows are not even told to exist).
    Asking for a row of another agency is recorded as a refused access, about
    ``audit_target(row)`` (by default the row itself)."""
    from . import audit

    row = queryset.filter(pk=pk).first()
    if row is None:
        raise Http404
    if in_my_agencies(queryset.filter(pk=pk), request.user, site_path, shared=shared).exists():
        return row
    target = audit_target(row) if audit_target else row
    audit.record(request, target, audit.Action.DENIED, detail=f"{queryset.model._meta.model_name} {row.pk}")
    raise Http404


def site_id_of(instance, site_path="site"):
    """The agency of ``instance`` along ``site_path`` (``"site"``, ``"report__site"``...)."""
    *relations, last = site_path.split("__")
    for name in relations:
        instance = getattr(instance, name, None)
    return getattr(instance, f"{last}_id", None)


class AgencyPermissionPolicy(ModelPermissionPolicy):
    """A Wagtail permission policy for a model whose rows each belong to one agency
    (``site_path``): the model's permissions and, for one row, the agency rule too. Wagtail's
    generic views, choosers and bulk actions ask it about single rows and whole listings."""

    def __init__(self, model, site_path="site"):
        super().__init__(model)
        self.site_path = site_path

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and is_member(user, site_id_of(instance, self.site_path))

    def instances_user_has_any_permission_for(self, user, actions):
        return in_my_agencies(super().instances_user_has_any_permission_for(user, actions), user, self.site_path)


class SharedRowsPermissionPolicy(AgencyPermissionPolicy):
    """As ``AgencyPermissionPolicy``, for a model whose rows may also belong to no agency (an
    install-wide incident type): every member of staff with the permission may view those,
    only a superuser may change or delete them."""

    def user_has_permission_for_instance(self, user, action, instance):
        if site_id_of(instance, self.site_path) is None:
            return self.user_has_permission(user, action) and (action == "view" or user.is_superuser)
        return super().user_has_permission_for_instance(user, action, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        rows = ModelPermissionPolicy.instances_user_has_any_permission_for(self, user, actions)
        return in_my_agencies(rows, user, self.site_path, shared="view" in actions)
