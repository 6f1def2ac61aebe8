"""The RMS side of the Wagtail admin with two agencies: deliveries are an outbox that staff
list, inspect and send again, never edit; every view of them, of the RMS destinations and of
their choosers shows only the user's agencies; what staff see and do there is audited."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from wagtail.snippets.models import get_snippet_models

from rms_export.models import Delivery, DeliveryStatus, Destination
from tests.factories import UserFactory, demo_site, make_agency, make_report
from website.audit import SIGN_IN_ACTIONS
from website.models import AuditEvent

pytestmark = pytest.mark.django_db

DELIVERIES = "/admin/snippets/rms_export/delivery/"
DELIVERY_CHOOSER = "/admin/snippets/choose/rms_export/delivery/"
DESTINATIONS = "/admin/snippets/rms_export/destination/"
DESTINATION_CHOOSER = "/admin/snippets/choose/rms_export/destination/"

# What of agency A's report must never reach agency B's staff.
SECRETS = ["Alice", "Anderson", "alice.anderson@example.org", "613-555-0199", "stole my purple bicycle", "RMS-A-0042"]


@pytest.fixture
def agencies():
    """Agency A (the demo service) with a report and its delivery; agency B (North)."""
    south, north = demo_site(), make_agency()
    report = make_report(
        south,
        first_name="Alice",
        last_name="Anderson",
        email_address="alice.anderson@example.org",
        phone_number="613-555-0199",
        what_happened="Someone stole my purple bicycle.",
    )
    destination = Destination.objects.get(site=south, active=True)
    Destination.objects.filter(pk=destination.pk).update(name="South secret RMS")
    destination.refresh_from_db()
    delivery, _created = Delivery.objects.get_or_create(report=report, destination=destination)
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.FAILED,
        payload="<incident><name>Alice Anderson</name><narrative>stole my purple bicycle</narrative></incident>",
        last_error="RMS-A-0042 refused",
    )
    delivery.refresh_from_db()
    return {"a": south, "b": north, "report": report, "delivery": delivery, "destination": destination}


def rms_administrator(site):
    """A supervisor who also manages the agency's RMS destinations."""
    user = UserFactory(role="supervisor", agencies=[site])
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="rms_export",
            codename__in=["add_destination", "change_destination", "delete_destination", "view_destination"],
        )
    )
    return user


def assert_nothing_of_a(response, agencies):
    assert response.status_code in (200, 302, 403, 404, 405), response.status_code
    text = response.content.decode(errors="replace")
    for secret in [*SECRETS, agencies["report"].reference, agencies["destination"].name]:
        assert secret not in text, (response.request["PATH_INFO"], secret)


def delivery_urls(pk, report_pk):
    """Every URL of the deliveries admin and its chooser, for one delivery."""
    return [
        f"{DELIVERIES}",
        f"{DELIVERIES}?status=failed",
        f"{DELIVERIES}results/",
        f"{DELIVERIES}results/?status=failed",
        f"{DELIVERIES}add/",
        f"{DELIVERIES}edit/{pk}/",
        f"{DELIVERIES}delete/{pk}/",
        f"{DELIVERIES}copy/{pk}/",
        f"{DELIVERIES}usage/{pk}/",
        f"{DELIVERIES}history/{pk}/",
        f"{DELIVERIES}history-results/{pk}/",
        f"{DELIVERIES}inspect/{pk}/",
        f"{DELIVERIES}resend/{pk}/",
        f"{DELIVERY_CHOOSER}",
        f"{DELIVERY_CHOOSER}results/",
        f"{DELIVERY_CHOOSER}chosen/{pk}/",
        f"{DELIVERY_CHOOSER}chosen-multiple/?id={pk}",
        f"{DELIVERY_CHOOSER}create/",
        f"/admin/bulk/rms_export/delivery/delete/?id={pk}",
    ]


def destination_urls(pk):
    return [
        f"{DESTINATIONS}",
        f"{DESTINATIONS}results/",
        f"{DESTINATIONS}add/",
        f"{DESTINATIONS}edit/{pk}/",
        f"{DESTINATIONS}delete/{pk}/",
        f"{DESTINATIONS}copy/{pk}/",
        f"{DESTINATIONS}usage/{pk}/",
        f"{DESTINATIONS}history/{pk}/",
        f"{DESTINATIONS}history-results/{pk}/",
        f"{DESTINATIONS}inspect/{pk}/",
        f"{DESTINATION_CHOOSER}",
        f"{DESTINATION_CHOOSER}results/",
        f"{DESTINATION_CHOOSER}results/?q=South",
        f"{DESTINATION_CHOOSER}chosen/{pk}/",
        f"{DESTINATION_CHOOSER}chosen-multiple/?id={pk}",
        f"{DESTINATION_CHOOSER}create/",
        f"/admin/bulk/rms_export/destination/delete/?id={pk}",
    ]


def snapshot(agencies):
    delivery = Delivery.objects.get(pk=agencies["delivery"].pk)
    destination = Destination.objects.get(pk=agencies["destination"].pk)
    report = delivery.report
    return (
        [(d.pk, d.destination_id, d.status, d.case_number, d.payload, d.attempts) for d in Delivery.objects.all()],
        [(d.pk, d.site_id, d.name, d.transport, d.options, d.active) for d in Destination.objects.all()],
        (destination.name, report.case_number, report.status),
    )


@pytest.mark.parametrize("who", ["supervisor", "rms_administrator"])
def test_agency_bs_staff_see_and_change_nothing_of_agency_as_deliveries(client, agencies, who):
    b = agencies["b"]
    user = UserFactory(role="supervisor", agencies=[b]) if who == "supervisor" else rms_administrator(b)
    client.force_login(user)
    delivery = agencies["delivery"]
    before = snapshot(agencies)
    b_destination = Destination.objects.get(site=b)
    tampered = {
        "report": delivery.report_id,
        "destination": b_destination.pk,
        "status": "pending",
        "attempts": 0,
        "case_number": "FAKE-0001",
        "payload": "FAKE",
        "next_attempt_at": "2020-01-01 00:00",
        "created": "2020-01-01 00:00",
    }
    for url in delivery_urls(delivery.pk, delivery.report_id):
        assert_nothing_of_a(client.get(url), agencies)
        response = client.post(url, tampered)
        assert_nothing_of_a(response, agencies)
        assert snapshot(agencies) == before, url
    for url in [f"{DELIVERIES}inspect/{delivery.pk}/", f"{DELIVERIES}resend/{delivery.pk}/"]:
        assert client.get(url).status_code in (403, 404)
        assert client.post(url).status_code in (403, 404)
    denied = AuditEvent.objects.filter(user=user, action=AuditEvent.Action.DENIED)
    assert denied.exists()
    assert {e.target for e in denied} == {agencies["report"]}
    # Apart from signing in (website.signals), every row of theirs is a refusal.
    others = AuditEvent.objects.filter(user=user).exclude(action__in=[AuditEvent.Action.DENIED, *SIGN_IN_ACTIONS])
    assert not others.exists()


@pytest.mark.parametrize("who", ["supervisor", "superuser"])
def test_nobody_adds_edits_copies_or_deletes_a_delivery(client, agencies, who, django_user_model):
    if who == "superuser":
        user = django_user_model.objects.create_superuser("root", "root@police.example", "x")
    else:
        user = UserFactory(role="supervisor", agencies=[agencies["a"]])
    client.force_login(user)
    delivery = agencies["delivery"]
    before = snapshot(agencies)
    data = {"destination": delivery.destination_id, "status": "delivered", "case_number": "FAKE-0001"}
    for url in [
        f"{DELIVERIES}add/",
        f"{DELIVERIES}edit/{delivery.pk}/",
        f"{DELIVERIES}delete/{delivery.pk}/",
        f"{DELIVERIES}copy/{delivery.pk}/",
        f"{DELIVERY_CHOOSER}create/",
    ]:
        assert client.get(url).status_code in (404, 405), url
        assert client.post(url, data).status_code in (404, 405), url
    assert client.post(f"/admin/bulk/rms_export/delivery/delete/?id={delivery.pk}").status_code in (403, 404)
    assert snapshot(agencies) == before
    listing = client.get(DELIVERIES).content.decode()
    assert f"{DELIVERIES}edit/" not in listing and f"{DELIVERIES}delete/" not in listing


def test_agency_as_supervisor_lists_filters_inspects_and_sends_again(
    client, agencies, django_capture_on_commit_callbacks, monkeypatch
):
    from rms_export import outbox

    supervisor = UserFactory(role="supervisor", agencies=[agencies["a"]])
    client.force_login(supervisor)
    delivery, report = agencies["delivery"], agencies["report"]
    north_report = make_report(agencies["b"])
    listing = client.get(DELIVERIES, {"status": "failed"}).content.decode()
    assert report.reference in listing and north_report.reference not in listing
    assert report.reference not in client.get(DELIVERIES, {"status": "delivered"}).content.decode()

    inspect = client.get(f"{DELIVERIES}inspect/{delivery.pk}/")
    assert inspect.status_code == 200
    text = inspect.content.decode()
    assert "RMS-A-0042 refused" in text and "Send again" in text
    assert f"{DELIVERIES}edit/" not in text and f"{DELIVERIES}delete/" not in text
    (viewed,) = AuditEvent.objects.filter(user=supervisor, action=AuditEvent.Action.VIEW)
    assert viewed.target == report and viewed.site_id == report.site_id
    assert str(delivery.pk) in viewed.detail

    queued = []
    monkeypatch.setattr(outbox, "queue", queued.append)
    confirm = client.get(f"{DELIVERIES}resend/{delivery.pk}/")
    assert confirm.status_code == 200 and "Send report" in confirm.content.decode()
    assert Delivery.objects.get(pk=delivery.pk).status == DeliveryStatus.FAILED  # GET only asks
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{DELIVERIES}resend/{delivery.pk}/")
    assert response.status_code == 302
    assert queued == [delivery.pk]
    assert Delivery.objects.get(pk=delivery.pk).status == DeliveryStatus.PENDING
    resent = AuditEvent.objects.get(user=supervisor, action=AuditEvent.Action.RESEND)
    assert resent.target == report and resent.site_id == report.site_id
    assert set(report.audit_events.filter(user=supervisor).values_list("action", flat=True)) >= {"view", "resend"}


def test_agency_bs_rms_administrator_sees_and_changes_nothing_of_agency_as_destinations(client, agencies):
    b = agencies["b"]
    user = rms_administrator(b)
    client.force_login(user)
    a_destination = agencies["destination"]
    before = snapshot(agencies)
    takeover = {
        "site": agencies["a"].pk,
        "name": "Hijacked",
        "transport": "directory",
        "format": "json",
        "options": '{"path": "/tmp/stolen"}',
        "active": "on",
    }
    for url in destination_urls(a_destination.pk):
        assert_nothing_of_a(client.get(url), agencies)
        assert_nothing_of_a(client.post(url, takeover), agencies)
        assert snapshot(agencies) == before, url
    assert not Destination.objects.filter(name="Hijacked").exists()
    for url in [f"{DESTINATIONS}edit/{a_destination.pk}/", f"{DESTINATIONS}delete/{a_destination.pk}/"]:
        assert client.get(url).status_code in (403, 404)
    assert AuditEvent.objects.filter(user=user, action=AuditEvent.Action.DENIED, site=agencies["a"]).exists()


def test_the_destination_form_and_chooser_offer_only_the_users_agencies(client, agencies):
    b = agencies["b"]
    client.force_login(rms_administrator(b))
    own = Destination.objects.get(site=b)
    for url in [f"{DESTINATIONS}add/", f"{DESTINATIONS}edit/{own.pk}/"]:
        form = client.get(url)
        assert form.status_code == 200
        site_field = form.context["form"].fields["site"]
        assert list(site_field.queryset) == [b]
    chooser = client.get(DESTINATION_CHOOSER)
    assert chooser.status_code == 200 and own.name in chooser.content.decode()
    assert client.get(f"{DESTINATION_CHOOSER}chosen/{own.pk}/").status_code == 200
    created = client.post(
        f"{DESTINATIONS}add/",
        {"site": b.pk, "name": "North backup", "transport": "directory", "format": "xml", "options": '{"path": "/x"}'},
    )
    assert created.status_code == 302
    assert Destination.objects.get(name="North backup").site == b


def test_analyst_export_is_scoped_recorded_and_offers_active_types(client, agencies):
    from forms_app.models import IncidentType

    url = reverse("rms_export_analyst_export")
    assert url == "/admin/reports/analyst-export/"
    north_supervisor = UserFactory(role="supervisor", agencies=[agencies["b"]])
    north_report = make_report(agencies["b"])
    client.force_login(north_supervisor)
    retired = IncidentType.objects.filter(active=True).first()
    IncidentType.objects.filter(pk=retired.pk).update(active=False)
    form = client.get(url)
    assert form.status_code == 200
    offered = list(form.context["form"].fields["incident_type"].queryset)
    assert offered and retired not in offered and all(t.active for t in offered)
    response = client.get(url, {"file_format": "csv", "personal": "on"})
    text = response.content.decode()
    assert north_report.reference in text
    assert agencies["report"].reference not in text and "alice.anderson@example.org" not in text
    (event,) = AuditEvent.objects.filter(user=north_supervisor, action=AuditEvent.Action.EXPORT)
    assert event.target is None
    assert "1 reports" in event.detail and event.outcome == "with personal data"
    client.force_login(UserFactory(role="reviewer", agencies=[agencies["b"]]))
    assert client.get(url).status_code in (302, 403)


def test_the_admin_menu_offers_deliveries_and_the_export_to_supervisors(client, agencies):
    client.force_login(UserFactory(role="supervisor", agencies=[agencies["a"]]))
    home = client.get("/admin/")
    assert home.status_code == 200
    text = home.content.decode()
    assert DELIVERIES in text and "/admin/reports/analyst-export/" in text
    assert Destination in get_snippet_models() and Delivery not in get_snippet_models()  # an outbox, not a snippet


def test_staff_of_two_agencies_see_each_deliverys_agency(client, agencies):
    def agency_cells(response):
        table = response.context["table"]
        (column,) = [c for c in table.columns.values() if c.label == "Agency"] or [None]
        return None if column is None else sorted(column.get_value(row) for row in table.data)

    north_report = make_report(agencies["b"])
    Delivery.objects.get_or_create(report=north_report, destination=Destination.objects.get(site=agencies["b"]))
    client.force_login(UserFactory(role="supervisor", agencies=[agencies["a"], agencies["b"]]))
    response = client.get(DELIVERIES)
    assert agency_cells(response) == ["Demo Regional Police Service", "North Police Service"]
    assert "North Police Service</td>" in response.content.decode().replace("\n", "").replace("  ", "")

    client.force_login(rms_administrator(agencies["b"]))
    response = client.get(DELIVERIES)
    assert north_report.reference in response.content.decode()
    assert agency_cells(response) is None  # one agency: no column
