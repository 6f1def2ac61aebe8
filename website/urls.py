from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.viewsets.pages import page_viewset_registry
from wagtail.documents import urls as wagtaildocs_urls

from forms_app.admin_views import create_report_form
from workflows.views import download_attachment
from workflows.viewsets import site as workflow_site

from . import mfa_views, views
from .admin_views import within_reach
from .password_reset import StaffPasswordResetConfirmView

urlpatterns = [
    # A new report form is made without Wagtail's background save (forms_app.admin_views): this
    # comes before Wagtail's own "new page" address for it.
    path(
        "admin/pages/add/forms_app/reportformpage/<int:parent_page_id>/",
        create_report_form,
        {"content_type_app_name": "forms_app", "content_type_model_name": "reportformpage"},
    ),
    # Setting a new password after a reset is recorded (website.password_reset): Wagtail's own
    # address and name, before Wagtail's, so its pages and emails link here.
    path(
        "admin/password_reset/confirm/<uidb64>/<token>/",
        StaffPasswordResetConfirmView.as_view(),
        name="wagtailadmin_password_reset_confirm",
    ),
    # The second factor after the password (website/mfa.py): open to a session with a password
    # alone, so outside Wagtail's admin views, which need a staff member let in.
    path("admin/mfa/", include(mfa_views)),
    # Wagtail's page explorer, kept to the pages the user may explore (another agency's page is
    # not shown even by its id): before Wagtail's own addresses, same names.
    path(
        "admin/pages/<int:parent_page_id>/",
        within_reach(page_viewset_registry.as_view("index", parent_page_id_kwarg="parent_page_id")),
    ),
    path(
        "admin/pages/<int:parent_page_id>/results/",
        within_reach(page_viewset_registry.as_view("index_results", parent_page_id_kwarg="parent_page_id")),
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("agency.css", views.agency_stylesheet, name="agency_stylesheet"),
    # The "Address" question's autocomplete (website.addresses): one address list per agency.
    path("addresses/search/", views.address_search, name="address_search"),
    # Viewflow's task screens: before Wagtail's catch-all below, or Wagtail answers 404.
    path("workflow/attachments/<int:pk>/", download_attachment, name="download_attachment"),
    path("workflow/", workflow_site.urls),
]

if settings.DJANGO_ADMIN_ENABLED:
    # Django's own admin, for developers only (staff work in Wagtail's admin and /workflow/).
    urlpatterns.insert(0, path("django-admin/", admin.site.urls))

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# The public site, in English at / and in French under /fr/: a page's address says its language.
urlpatterns += i18n_patterns(
    path("search/", views.search, name="search"),
    path("", include("forms_app.urls")),
    # Wagtail's page serving: the catch-all, always last.
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

# The site's error pages, which never read a request's body (see website.views).
handler400 = "website.views.bad_request"
handler403 = "website.views.permission_denied"
handler404 = "website.views.page_not_found"
