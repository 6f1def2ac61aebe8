"""Communications staff keep their agency's incident types (``seed_demo``'s group, and migration
0005 for installs made before): they add and change their agency's types, and never delete one
(reports and forms keep theirs; a type no longer used is made inactive). Another agency's types
are not theirs to see or change; an install-wide type (no agency) every agency's staff see and
use, and only a superuser changes (migration 0006 gives an install of one agency its types)."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import Site

from forms_app.models import IncidentType, ReportFormPage
from tests.factories import UserFactory, demo_site, in_demo, make_agency, make_report, only_one_agency
from website.models import AuditEvent

pytestmark = pytest.mark.django_db
URL = "/admin/snippets/forms_app/incidenttype/"
NEW_TYPE = {
    "code": "GRAFFITI",
    "name": "Graffiti",
    "name_fr": "Graffitis",
    "description": "",
    "ucr_code": "2170",
    "rms_occurrence_type": "MISCHIEF",
    "property_status": "DAMAGED",
    "property_value_limit": "5000",
    "review_days": "2",
    "active": "on",
}


def test_communications_staff_add_and_change_an_incident_type(client):
    client.force_login(UserFactory(role="comms", agencies=[demo_site()]))
    assert client.get(f"{URL}add/").status_code == 200
    response = client.post(f"{URL}add/", {**NEW_TYPE, "site": demo_site().pk})
    assert response.status_code == 302
    graffiti = IncidentType.objects.get(code="GRAFFITI")
    assert graffiti.site == demo_site()
    response = client.post(
        f"{URL}edit/{graffiti.pk}/", {**NEW_TYPE, "site": demo_site().pk, "name": "Graffiti or tagging"}
    )
    assert response.status_code == 302
    graffiti.refresh_from_db()
    assert graffiti.name == "Graffiti or tagging"
    client.post(f"{URL}delete/{graffiti.pk}/")  # refused: a type is made inactive instead
    assert IncidentType.objects.filter(pk=graffiti.pk).exists()


def test_the_chooser_makes_no_incident_type(client):
    """Made on their own form only: the chooser's create view refuses, never a 500."""
    client.force_login(UserFactory(role="comms", agencies=[demo_site()]))
    client.raise_request_exception = False
    response = client.post("/admin/snippets/choose/forms_app/incidenttype/create/", NEW_TYPE)
    assert response.status_code in (302, 403)
    assert not IncidentType.objects.filter(code="GRAFFITI").exists()


def test_the_migration_gives_an_existing_installs_group_the_permissions():
    comms = Group.objects.get(name="Communications")
    comms.permissions.remove(*Permission.objects.filter(content_type__app_label="forms_app"))
    migration = importlib.import_module("forms_app.migrations.0005_communications_edit_incident_types")
    migration.grant(apps, None)
    assert set(comms.permissions.filter(content_type__app_label="forms_app").values_list("codename", flat=True)) == {
        "add_incidenttype",
        "change_incidenttype",
        "view_incidenttype",
    }


@pytest.fixture
def north():
    """A second agency, with its own incident type (and a form using it), and its communications officer."""
    site = make_agency()
    return {
        "site": site,
        "comms": UserFactory(role="comms", agencies=[site]),
        "type": IncidentType.objects.get(site=site),
    }


@pytest.fixture
def demo_own():
    """A type of the demo agency's own: another agency's staff must not see or change it."""
    return IncidentType.objects.create(
        code="DEMO-ONLY", name="Demo only", ucr_code="2140", rms_occurrence_type="THEFT", site=demo_site()
    )


def usable_by_north(north):
    return {north["type"], *IncidentType.objects.filter(site=None)}


@pytest.fixture
def shared():
    return IncidentType.objects.create(
        code="FRAUD-SHARED", name="Fraud", ucr_code="2160", rms_occurrence_type="FRAUD", site=None
    )


def test_staff_see_their_agencys_types_and_the_shared_ones_never_anothers(client, north, shared, demo_own):
    client.force_login(north["comms"])
    listing = client.get(URL)
    shown = set(listing.context["object_list"])
    assert shown == usable_by_north(north) and shared in shown  # with seed_demo's five
    html = listing.content.decode()
    assert f"{URL}edit/{north['type'].pk}/" in html
    assert f"{URL}edit/{shared.pk}/" not in html and f"{URL}inspect/{shared.pk}/" in html
    assert "Every agency" in html
    theirs = demo_own
    for view in ("edit", "inspect", "history", "usage", "copy"):
        assert client.get(f"{URL}{view}/{theirs.pk}/").status_code == 404, view
    assert AuditEvent.objects.filter(user=north["comms"], action="denied").count() == 5
    chooser = client.get("/admin/snippets/choose/forms_app/incidenttype/")
    assert set(chooser.context["results"]) == usable_by_north(north)
    assert client.get(f"/admin/snippets/choose/forms_app/incidenttype/chosen/{theirs.pk}/").status_code == 404


def test_a_shared_type_is_read_only_but_to_a_superuser(client, north, shared):
    client.force_login(north["comms"])
    response = client.get(f"{URL}edit/{shared.pk}/", follow=True)
    assert response.redirect_chain[-1][0] == f"{URL}inspect/{shared.pk}/"
    assert "only an administrator can change it" in response.content.decode()
    client.post(f"{URL}edit/{shared.pk}/", {**NEW_TYPE, "code": shared.code, "name": "Changed"})
    shared.refresh_from_db()
    assert shared.name == "Fraud"
    # A new type is their agency's: an install-wide one, or another agency's, is refused.
    for site in ("", demo_site().pk):
        response = client.post(f"{URL}add/", {**NEW_TYPE, "site": site})
        assert response.status_code == 200 and not IncidentType.objects.filter(code="GRAFFITI").exists()
    client.force_login(UserFactory(is_superuser=True))
    assert client.post(f"{URL}edit/{shared.pk}/", {**NEW_TYPE, "code": shared.code, "site": ""}).status_code == 302
    shared.refresh_from_db()
    assert shared.name == "Graffiti" and shared.site is None


def test_import_and_export_keep_to_the_agency(client, north, shared, demo_own):
    client.force_login(north["comms"])
    exported = client.get(f"{URL}export/csv/").content.decode()
    assert north["type"].code in exported and shared.code in exported and demo_own.code not in exported
    assert exported.count("\n") == 1 + len(usable_by_north(north))  # the header, a row a type
    header = "code,name,ucr_code,rms_occurrence_type\r\n"

    def upload(rows):
        file = SimpleUploadedFile("types.csv", (header + rows).encode(), content_type="text/csv")
        return client.post(f"{URL}import/", {"file": file, "site": north["site"].pk})

    for taken in (demo_own.code, shared.code):  # another agency's, every agency's
        response = upload(f"NEW-ONE,New,2140,Theft\r\n{taken},Renamed,2140,Theft\r\n")
        assert response.status_code == 200
        assert "you cannot change it" in response.content.decode()
        assert not IncidentType.objects.filter(code="NEW-ONE").exists()
        assert not IncidentType.objects.filter(name="Renamed").exists()
    response = upload(f"NEW-ONE,New,2140,Theft\r\n{north['type'].code},Renamed,2140,Theft\r\n")
    assert response.status_code == 302
    assert IncidentType.objects.get(code="NEW-ONE").site == north["site"]
    assert IncidentType.objects.get(pk=north["type"].pk).name == "Renamed"
    file = SimpleUploadedFile("types.csv", (header + "OTHER,Other,2140,Theft\r\n").encode(), content_type="text/csv")
    response = client.post(f"{URL}import/", {"file": file, "site": demo_site().pk})  # not their agency
    assert response.status_code == 200 and not IncidentType.objects.filter(code="OTHER").exists()


def test_a_form_uses_its_agencys_types_or_shared_ones(client, north, shared, demo_own):
    from tests.forms_app.test_admin import FIELDS, page_data

    home = north["site"].root_page
    # Whoever edits it (page permissions per agency come with many agencies on one install).
    client.force_login(UserFactory(is_superuser=True))
    add_url = f"/admin/pages/add/forms_app/reportformpage/{home.pk}/"
    demo_type = demo_own
    data = page_data(FIELDS, slug="report-bike")
    response = client.post(add_url, {**data, "incident_type": demo_type.pk})
    assert response.status_code == 200
    assert "belongs to another agency" in response.content.decode()
    assert not ReportFormPage.objects.child_of(home).filter(slug="report-bike").exists()
    for usable in (north["type"], shared):
        response = client.post(add_url, {**data, "incident_type": usable.pk})
        assert response.status_code == 302, usable
        assert ReportFormPage.objects.child_of(home).get(slug="report-bike").incident_type == usable
        ReportFormPage.objects.child_of(home).get(slug="report-bike").delete()


def test_a_report_is_reclassified_only_to_its_agencys_or_shared_types(north, shared):
    from workflows.forms import CorrectExportForm, ReviewForm

    report = make_report(north["site"])
    for form in (ReviewForm(report=report), CorrectExportForm(report=report)):
        assert set(form.fields["incident_type"].queryset) == usable_by_north(north)


def test_the_queue_filters_by_the_agencys_types_only(rf, north, shared):
    from viewflow.workflow.models import Task

    from workflows.filters import ReportTaskFilter

    request = rf.get("/")
    request.user = UserFactory(role="reviewer", agencies=[north["site"]])
    offered = ReportTaskFilter(data={}, queryset=Task.objects.none(), request=request).filters["incident_type"]
    assert set(offered.get_queryset(request)) == usable_by_north(north)


def test_the_migration_gives_an_install_of_one_agency_its_types():
    migration = importlib.import_module("forms_app.migrations.0006_incident_type_agency")
    only_one_agency()
    IncidentType.objects.update(site=None)
    migration.give_to_the_only_agency(apps, None)
    assert set(IncidentType.objects.values_list("site", flat=True)) == {demo_site().pk}
    IncidentType.objects.update(site=None)
    Site.objects.create(hostname="north.localhost", root_page=demo_site().root_page)
    # Two agencies: whose types they are is an administrator's call.
    migration.give_to_the_only_agency(apps, None)
    assert Site.objects.count() == 2
    assert not IncidentType.objects.filter(site__isnull=False).exists()


SETTINGS_URL = "/admin/snippets/forms_app/agencyincidenttype/"


def test_an_agency_sets_its_own_limit_days_and_french_name_of_a_shared_type(client, north):
    from forms_app.models import AgencyIncidentType

    theft = IncidentType.objects.get(code="THEFT-UNDER")  # install-wide, limit 5,000
    client.force_login(north["comms"])
    form = client.get(f"{SETTINGS_URL}add/")
    offered = set(form.context["form"].fields["incident_type"].queryset)
    assert offered == set(IncidentType.objects.filter(site=None))  # never an agency's own type
    data = {
        "site": north["site"].pk,
        "incident_type": theft.pk,
        "active": "on",
        "property_value_limit": "2000",
        "review_days": "5",
        "name_fr": "Vol (moins de 5 000 $)",
    }
    assert client.post(f"{SETTINGS_URL}add/", {**data, "site": demo_site().pk}).status_code == 200  # not theirs
    assert client.post(f"{SETTINGS_URL}add/", data).status_code == 302
    setting = AgencyIncidentType.objects.get()
    assert (setting.site, setting.value_limit, setting.days) == (north["site"], 2000, 5)
    assert client.post(f"{SETTINGS_URL}add/", data).status_code == 200  # one setting per agency and type
    # The demo agency's staff neither see nor reach it; the demo agency keeps the install's values.
    client.force_login(UserFactory(role="comms", agencies=[demo_site()]))
    assert list(client.get(SETTINGS_URL).context["object_list"]) == []
    assert client.get(f"{SETTINGS_URL}edit/{setting.pk}/").status_code == 404
    assert theft.for_agency(demo_site().pk).value_limit == 5000
    assert theft.for_agency(north["site"].pk).value_limit == 2000


def test_the_agencys_settings_apply_to_its_forms_deadlines_and_staff_screens(north):
    from django.utils import translation

    from forms_app.models import AgencyIncidentType
    from workflows.models import TaskDeadline

    theft = IncidentType.objects.get(code="THEFT-UNDER")
    north_form = ReportFormPage.objects.descendant_of(north["site"].root_page).get(slug="report-lost-property")
    north_form.incident_type = theft
    north_form.save()
    AgencyIncidentType.objects.create(
        site=north["site"], incident_type=theft, property_value_limit=2000, review_days=7, name_fr="Vol mineur"
    )
    assert ReportFormPage.objects.get(pk=north_form.pk).value_limit == 2000
    demo_form = in_demo(ReportFormPage).get(slug="report-theft", locale__language_code="en")
    assert demo_form.value_limit == 5000
    report = make_report(north["site"])
    deadline = TaskDeadline.objects.get(task__process__artifact_object_id=report.pk)
    assert (deadline.due_at - deadline.task.created).days >= 7  # 7 working days, weekends on top
    with translation.override("fr"):
        assert report.incident_type_name() == "Vol mineur"


def test_an_agency_switches_a_shared_type_off(north):
    from forms_app.models import AgencyIncidentType

    fraud = IncidentType.objects.get(code="FRAUD-UNDER")
    assert fraud in IncidentType.objects.usable_by(north["site"].pk)
    AgencyIncidentType.objects.create(site=north["site"], incident_type=fraud, active=False)
    assert fraud not in IncidentType.objects.usable_by(north["site"].pk)
    assert fraud in IncidentType.objects.usable_by(demo_site().pk)
