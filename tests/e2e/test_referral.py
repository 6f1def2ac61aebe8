"""A report sent to the wrong police service reaches the right one, in Chromium.

A citizen reports a theft on the demo agency's site (A); A's reviewer refers it to
North Police Service (B, a second agency on the install, at north.localhost, which Chromium
resolves to this machine); the citizen's old status link now opens the report, under its new
number, on B's site; B's reviewer sends it for approval, B's supervisor approves, and B's RMS
destination (the reference receiver) receives it under B's reference. The referral form passes
axe-core as the other task screens do.

Staff screens (/workflow/) do not depend on the host: every member of staff signs in at the live
server's own address.
"""

import re
import threading

import pytest
from django.core import mail

from tests.e2e import test_accessibility
from tests.e2e.test_accessibility import TAGS
from tests.e2e.test_archive import UPSTREAM
from tests.e2e.test_review_journey import (
    TEXT,
    claim,
    decide,
    log_in_to_tasks,
    make_staff,
    send_report,
    status_link,
)

axe_source = test_accessibility.axe_source

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.e2e,
    pytest.mark.usefixtures("one_request_at_a_time"),
]

WHY = "Stolen in Northville: North Police Service serves it."


@pytest.fixture
def north(demo_site):
    """North Police Service, at north.localhost on the live server's port (so that its links and
    its status page open in the browser), serving Northville. With two sites, Wagtail writes
    page links in full, with their site's port: the demo site's is the live server's too."""
    from wagtail.models import Site

    from tests.factories import make_agency

    site = make_agency(destination=False)
    port = int(demo_site.url.rsplit(":", 1)[1])
    assert Site.objects.filter(is_default_site=True).update(hostname="localhost", port=port) == 1
    Site.objects.filter(pk=site.pk).update(port=port)
    site.refresh_from_db()
    return site


@pytest.fixture
def north_rms(north, tmp_path):
    """The reference RMS receiver, in a thread on a free loopback port, as North's only RMS."""
    from rms_export.models import Destination
    from rms_export.receiver import ReceiverServer

    server = ReceiverServer(("127.0.0.1", 0), tmp_path / "rms")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/incidents"
    Destination.objects.create(site=north, name="North RMS", transport="https", format="xml2", options={"url": url})
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


# Viewflow's Material select (vf-field-select) again, as in test_archive's ``UPSTREAM``: an
# optional one (the agency, the incident type at that agency) names its anchor by its label and
# its selected text, which axe-core finds do not contain the visible text (the floating label).
OPTIONAL_SELECTS = {
    ("label-content-name-mismatch", f'div[aria-labelledby="id_{name}_label id_{name}_text"]')
    for name in ("agency", "referral_incident_type")
}


def check_but_upstream(page, axe_source, name):
    """test_archive's ``check_but_upstream``, with the optional selects' case too."""
    page.evaluate(axe_source)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    found = [
        f"{v['id']} ({v['impact']}): {v['help']} -> {node['target']}"
        for v in result["violations"]
        for node in v["nodes"]
        if (v["id"], node["target"][-1]) not in UPSTREAM | OPTIONAL_SELECTS
    ]
    assert found == [], f"{name}: " + "\n".join(found)


def north_staff(username, group, north):
    from website.models import AgencyMembership

    user = make_staff(username, group, "en")
    AgencyMembership.objects.filter(user=user).update(site=north)
    return user


def test_a_report_referred_to_another_agency_is_approved_and_sent_by_it(
    page, new_page, demo_site, north, north_rms, axe_source, screenshot
):
    from forms_app.models import Report, ReportStatus
    from rms_export.models import Delivery, DeliveryStatus

    text = dict(TEXT["en"])
    base = demo_site.url
    make_staff("riley", "Reviewers", "en")
    north_staff("nora", "Reviewers", north)
    north_staff("sam", "Supervisors", north)

    # The citizen reports to the demo agency and gets its reference and status link.
    old_reference = send_report(page, base, text)
    assert old_reference.startswith("DRPS-")
    (receipt,) = mail.outbox
    old_link = status_link(receipt)

    # The demo agency's reviewer refers it to North, the service of the place it happened.
    riley = new_page()
    log_in_to_tasks(riley, base, "riley", text)
    claim(riley, old_reference, text)
    riley.get_by_label("Refer to another police service", exact=True).check()
    # Viewflow's select: its button opens the list of the install's other agencies.
    riley.get_by_role("button", name="Police service to send it to").click()
    riley.get_by_role("option", name="North Police Service").click()
    assert riley.locator("input[name='agency']").input_value() == str(north.pk)
    riley.get_by_label("Why it goes to that police service").fill(WHY)
    for hidden in ("incident_type", "question", "rejection_reason"):
        assert riley.locator(f".vf-form__visiblefields > .mdc-layout-grid__cell:has([name='{hidden}'])").is_hidden()
    check_but_upstream(riley, axe_source, "referral form")
    screenshot("referral-01-form", of=riley)
    riley.get_by_role("button", name=text["record"]).click()
    told = rf"Report {old_reference} sent to North Police Service, as (NPS-\d{{4}}-\d{{6}})\."
    riley.get_by_text(re.compile(told)).wait_for()
    report = Report.objects.get(previous_references__reference=old_reference)
    reference = report.reference
    assert re.search(told, riley.locator("body").inner_text())[1] == reference
    assert old_reference not in riley.locator("main").inner_text()  # no longer in its queue

    # The citizen is emailed; the old status link opens the report on North's site.
    (referral_email,) = [m for m in mail.outbox if "new reference" in m.subject]
    assert reference in referral_email.subject
    page.goto(base + old_link)
    page.wait_for_url(re.compile(r"^http://north\.localhost:\d+/report/status/"))
    page.get_by_role("heading", name=f"Report {reference}").wait_for()
    assert "Sent to North Police Service, who serve where it happened" in page.locator("main").inner_text()
    screenshot("referral-02-status")

    # North's reviewer finds it by the old number, claims it and sends it for approval.
    nora = new_page()
    log_in_to_tasks(nora, base, "nora", text)
    nora.goto(f"{base}/workflow/tasks/queue/?reference={old_reference}")
    claim(nora, reference, text)
    nora.get_by_text(WHY).wait_for()
    decide(nora, "send_for_approval", text, reference, "sent_for_approval")

    # North's supervisor approves: North's RMS receives it, under North's reference.
    sam = new_page()
    log_in_to_tasks(sam, base, "sam", text)
    claim(sam, reference, text)
    decide(sam, "approve", text, reference, "approved")
    case_number = north_rms.store.index[reference]
    assert list(north_rms.store.index) == [reference]
    delivery = Delivery.objects.get(report=report)
    assert (delivery.destination.site_id, delivery.status) == (north.pk, DeliveryStatus.DELIVERED)
    report.refresh_from_db()
    assert (report.status, report.case_number) == (ReportStatus.EXPORTED, case_number)
