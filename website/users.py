"""Agency access on Wagtail's own user screens (Settings > Users): which agencies a member of
staff works for, beside their roles (the groups of the Roles tab).

A superuser may grant any agency; a user manager who is not one, only their own agencies, and
the memberships of other agencies are left as they are when they save. Every membership given
or taken away is recorded in the audit, about the user, with the agency.
"""

from django import forms
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.models import Site
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views import users

from . import audit
from .access import agency_sites, in_my_agencies
from .models import AgencyMembership


def manageable_users(manager, queryset=None):
    """The accounts ``manager`` may list and change in Settings > Users: all for a superuser;
    for another user manager, the staff of their own agencies and the accounts of no agency yet
    (to give them one), never a superuser's."""
    queryset = get_user_model()._default_manager.all() if queryset is None else queryset
    if manager.is_superuser:
        return queryset
    of_mine = AgencyMembership.objects.filter(site__in=agency_sites(manager)).values("user")
    of_any = AgencyMembership.objects.values("user")
    return queryset.filter(is_superuser=False).filter(Q(pk__in=of_mine) | ~Q(pk__in=of_any))


class ManageableUserMixin:
    """An account outside ``manageable_users`` is not found (404), as another agency's records."""

    def get_object(self, queryset=None):
        pk = unquote(str(self.kwargs[self.pk_url_kwarg]))
        return get_object_or_404(manageable_users(self.request.user), pk=pk)


def refuse_unmanageable_bulk_action(request, action_type, objects, action_class_instance):
    """Wagtail's bulk actions on users (roles, active, delete) only for accounts one may manage."""
    if getattr(action_class_instance, "model", None) is not get_user_model():
        return None
    pks = [obj.pk for obj in objects]
    if manageable_users(request.user).filter(pk__in=pks).count() != len(set(pks)):
        raise PermissionDenied
    return None


def agency_label(site):
    return site.site_name or site.hostname


class AgencyChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return agency_label(obj)


class AgenciesFormMixin(forms.Form):
    """The ``agencies`` field: the agencies ``for_user`` may grant, ticked where the user is a
    member. ``save_agencies`` applies the change and audits it."""

    agencies = AgencyChoiceField(
        label=_("Agencies"),
        queryset=Site.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "The police services whose reports this person sees and works on. Their role "
            "(the Roles tab) says what they may do there."
        ),
    )

    def __init__(self, *args, for_user, **kwargs):
        super().__init__(*args, **kwargs)
        self.for_user = for_user
        field = self.fields["agencies"]
        field.queryset = in_my_agencies(Site.objects.all(), for_user, site_path="pk").order_by("site_name", "hostname")
        if self.instance.pk is not None:
            field.initial = list(self.memberships().filter(site__in=field.queryset).values_list("site", flat=True))

    def memberships(self):
        return AgencyMembership.objects.filter(user=self.instance)

    def save_agencies(self, request, user):
        grantable = set(self.fields["agencies"].queryset)
        wanted = set(self.cleaned_data.get("agencies") or [])
        current = {m.site for m in self.memberships().select_related("site")}
        for site in sorted(wanted - current, key=agency_label):
            AgencyMembership.objects.create(user=user, site=site)
            audit.record(
                request,
                user,
                audit.Action.MEMBERSHIP_ADDED,
                site_id=site.pk,
                detail=f"{user.get_username()} now works for {agency_label(site)}",
            )
        for site in sorted((current & grantable) - wanted, key=agency_label):
            AgencyMembership.objects.filter(user=user, site=site).delete()
            audit.record(
                request,
                user,
                audit.Action.MEMBERSHIP_REMOVED,
                site_id=site.pk,
                detail=f"{user.get_username()} no longer works for {agency_label(site)}",
            )


class AgencyUserCreationForm(AgenciesFormMixin, UserCreationForm):
    pass


class AgencyUserEditForm(AgenciesFormMixin, UserEditForm):
    pass


class AgencyFormViewMixin:
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "for_user": self.request.user}

    def save_instance(self):
        instance = super().save_instance()
        self.form.save_agencies(self.request, instance)
        return instance


class CreateView(AgencyFormViewMixin, users.CreateView):
    pass


class EditView(ManageableUserMixin, AgencyFormViewMixin, users.EditView):
    pass


class DeleteView(ManageableUserMixin, users.DeleteView):
    pass


class HistoryView(ManageableUserMixin, users.HistoryView):
    pass


class IndexView(users.IndexView):
    """Wagtail's listing, with each user's agencies (fetched for the whole page at once)."""

    @cached_property
    def columns(self):
        columns = list(super().columns)
        agencies = Column(
            "agencies",
            accessor=lambda user: ", ".join(sorted(agency_label(m.site) for m in user.agency_memberships.all())),
            label=_("Agencies"),
            classname="agencies",
            width="20%",
        )
        columns.insert(3, agencies)
        return columns

    def get_base_queryset(self):
        queryset = manageable_users(self.request.user, super().get_base_queryset())
        return queryset.prefetch_related("agency_memberships__site")


class UserViewSet(users.UserViewSet):
    index_view_class = IndexView
    add_view_class = CreateView
    edit_view_class = EditView
    delete_view_class = DeleteView
    history_view_class = HistoryView
    create_template_name = "website/users/create.html"
    edit_template_name = "website/users/edit.html"

    def get_form_class(self, for_update=False):
        return AgencyUserEditForm if for_update else AgencyUserCreationForm
