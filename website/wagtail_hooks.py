from django.contrib import messages
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from . import admin_views, audit, mfa_views, register_admin, untranslated, users
from .boundary_admin import BOUNDARY_CHANGED


@hooks.register("register_admin_urls")
def sign_in_urls():
    view = admin_views.SignInsView
    return [
        path("reports/sign-ins/", view.as_view(), name="website_sign_ins"),
        path("reports/sign-ins/results/", view.as_view(results_only=True), name="website_sign_ins_results"),
        path("users/<int:user_id>/reset-second-factor/", mfa_views.ResetView.as_view(), name="mfa_reset"),
    ]


@hooks.register("register_admin_urls")
def address_register_urls():
    views = register_admin
    return [
        path("address-register/", views.choose_agency, name="address_register_agencies"),
        path("address-register/<int:site_id>/", views.register, name="address_register"),
        path("address-register/<int:site_id>/export/<str:file_format>/", views.export, name="address_register_export"),
        path("address-register/imports/<int:import_id>/", views.import_page, name="address_import"),
        path(
            "address-register/imports/<int:import_id>/progress/", views.import_progress, name="address_import_progress"
        ),
    ]


class AddressRegisterMenuItem(MenuItem):
    def is_shown(self, request):
        return register_admin.may_manage(request.user)


@hooks.register("register_settings_menu_item")
def address_register_menu_item():
    return AddressRegisterMenuItem(
        _("Address register"), reverse("address_register_agencies"), icon_name="site", order=900
    )


@hooks.register("register_user_listing_buttons")
def reset_second_factor_button(user, request_user):
    if request_user.is_superuser:
        yield Button(_("Reset second factor"), reverse("mfa_reset", args=[user.pk]), icon_name="key", priority=50)


class SignInsMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.may_read_sign_ins(request.user)


@hooks.register("register_reports_menu_item")
def sign_ins_menu_item():
    return SignInsMenuItem(_("Sign-ins"), reverse("website_sign_ins"), icon_name="lock", order=720)


@hooks.register("register_account_menu_item")
def new_recovery_codes_item(request):
    return {
        "url": reverse("mfa_new_recovery_codes"),
        "label": _("Recovery codes"),
        "help_text": _("Make new one-time codes for signing in without your phone."),
    }


def _html_request(request):
    return request.accepts("text/html")


@hooks.register("before_edit_page")
def name_the_parts_still_untranslated(request, page):
    """Opening a translation (after "Translate", after saving a draft): the parts that still read
    as the source page are named above the editor, before anyone publishes. A warning, never a
    block: a name or an address may rightly be the same in both languages."""
    if request.method == "GET" and _html_request(request):
        message = untranslated.warning(page)
        if message:
            messages.warning(request, message)


@hooks.register("after_edit_page")
def name_the_parts_published_untranslated(request, page):
    """Publishing leaves the editor: the same warning follows to the page listing."""
    if request.POST.get("action-publish") and _html_request(request):
        message = untranslated.warning(page)
        if message:
            messages.warning(request, message)


@hooks.register("after_edit_setting")
def record_a_changed_boundary(request, setting):
    """A new or removed boundary decides which agency a citizen's incident goes to: audited."""
    change = getattr(setting, BOUNDARY_CHANGED, None)
    if change is None:
        return
    boundary = setting.boundary or {}
    coordinates = boundary.get("coordinates") or []
    polygons = coordinates if boundary.get("type") == "MultiPolygon" else [coordinates]
    points = sum(len(polygon[0]) for polygon in polygons if polygon)
    detail = f"{change}: {boundary.get('type')}, {points} points" if boundary else change
    audit.record(
        request, setting, audit.Action.BOUNDARY_CHANGED, detail=detail, outcome=change, site_id=setting.site_id
    )


# Bulk actions on users (assign a role, set active, delete) only for accounts one may manage.
hooks.register("before_bulk_action", users.refuse_unmanageable_bulk_action)


@hooks.register("construct_page_chooser_queryset")
def choose_pages_of_ones_own_agency(pages, request):
    """The page chooser (links, "Report online" buttons) lists the pages the user may explore:
    their agency's trees (and the root above them), not every agency's pages by title."""
    if request.user.is_superuser:
        return pages
    from wagtail.permission_policies.pages import PagePermissionPolicy

    return pages.filter(pk__in=PagePermissionPolicy().explorable_instances(request.user).values("pk"))
