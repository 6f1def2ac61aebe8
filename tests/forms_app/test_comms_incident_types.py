"""Communications staff keep the install's list of incident types (``seed_demo``'s group, and
migration 0005 for installs made before): they add and change types, and never delete one
(reports and forms keep theirs; a type no longer used is made inactive)."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission

from forms_app.models import IncidentType
from tests.factories import UserFactory, demo_site

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
    response = client.post(f"{URL}add/", NEW_TYPE)
    assert response.status_code == 302
    graffiti = IncidentType.objects.get(code="GRAFFITI")
    response = client.post(f"{URL}edit/{graffiti.pk}/", {**NEW_TYPE, "name": "Graffiti or tagging"})
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
