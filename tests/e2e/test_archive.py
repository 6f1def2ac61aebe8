"""The task screens in Chromium: a supervisor rereads an archived report (its answers, its file,
its history); the decision form shows only the chosen decision's fields; the queue and a task
screen fit a 375 px phone and pass axe-core.

The report and the decisions before the browser opens are made in Python, through the same
URLs a person's browser posts to (the Django test client), as tests/workflows do.
"""

import re
import time

import pytest
from django.test import Client
from playwright.sync_api import expect

from tests.e2e import test_accessibility, test_review_journey
from tests.e2e.test_accessibility import TAGS, check, fits
from tests.e2e.test_review_journey import TEXT, claim, log_in_to_tasks, make_staff
from tests.factories import in_demo

# Their fixtures: axe-core's source, and the reference RMS receiver the approval sends to.
axe_source = test_accessibility.axe_source
rms_receiver = test_review_journey.rms_receiver

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.e2e,
    pytest.mark.usefixtures("one_request_at_a_time"),
]

BASE = "/workflow/tasks/flows/report"
PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1024, "height": 900}


def send_report_with_a_photo():
    from forms_app.models import ReportFormPage
    from tests.factories import send_theft_report
    from tests.forms_app.conftest import jpeg

    theft_page = in_demo(ReportFormPage).get(slug="report-theft", locale__language_code="en")
    return send_theft_report(Client(), theft_page, files=[jpeg("bike.jpg")])


def decide(user, report, node, data):
    """``user`` claims the report's open ``node`` task and records ``data``, as the task screen does."""
    from viewflow.workflow.status import STATUS

    from workflows.flows import ReportFlow
    from workflows.models import ReportProcess

    process = ReportProcess.objects.get(artifact_object_id=report.pk)
    task = process.task_set.get(flow_task=getattr(ReportFlow, node), status=STATUS.NEW)
    client = Client()
    client.force_login(user)
    url = f"{BASE}/{process.pk}/{node}/{task.pk}/"
    assert client.post(url + "assign/").status_code == 302
    assert client.post(url + "execute/", data).status_code == 302


# What axe-core still finds on the task screen, each from Viewflow 2.4's own form components, by
# rule and by the element it names (nothing else on the page is excused):
UPSTREAM = {
    # vf-field-select (Viewflow's Material select, for the incident type) renders its anchor as a
    # <div aria-required="true">: an attribute axe-core finds not allowed on that element's role,
    # whose accessible name then does not contain its visible text.
    ("aria-allowed-attr", 'div[aria-required="true"]'),
    ("label-content-name-mismatch", 'div[aria-required="true"]'),
    # vf-snackbar (Viewflow's message bar, after "the task is yours") is aria-hidden while it
    # holds its close button.
    ("aria-hidden-focus", "vf-snackbar"),
}


def check_but_upstream(page, axe_source, name):
    """``check``, with the ``UPSTREAM`` exceptions only: each violating element must be one of them."""
    page.evaluate(axe_source)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    found = [
        f"{v['id']} ({v['impact']}): {v['help']} -> {node['target']}"
        for v in result["violations"]
        for node in v["nodes"]
        if (v["id"], node["target"][-1]) not in UPSTREAM
    ]
    assert found == [], f"{name}: " + "\n".join(found)


def settled_fits(page):
    """``fits``, once Viewflow's layout has answered the window's new size (its drawer and grid
    are laid out again by its script on "resize", a moment after the window changes)."""
    for _attempt in range(20):  # not wait_for_function: its string is eval'd, which the CSP refuses
        if fits(page):
            return True
        page.wait_for_timeout(250)
    return fits(page)


def wait_for_status(report, status, seconds=15):
    for _attempt in range(seconds * 4):
        report.refresh_from_db()
        if report.status == status:
            return
        time.sleep(0.25)
    raise AssertionError(f"{report.reference} is {report.status}, not {status}")


def test_a_supervisor_rereads_an_exported_report_from_the_archive(page, demo_site, rms_receiver, axe_source):
    from forms_app.models import ReportStatus

    riley = make_staff("riley", "Reviewers", "en")
    sam = make_staff("sam", "Supervisors", "en")
    report = send_report_with_a_photo()
    decide(
        riley,
        report,
        "review",
        {"decision": "approve", "incident_type": report.incident_type_id, "note": "Serial checked."},
    )
    decide(sam, report, "approval", {"decision": "approve", "comment": "Fine."})
    wait_for_status(report, ReportStatus.EXPORTED)

    base = demo_site.url
    log_in_to_tasks(page, base, "sam", TEXT["en"])
    page.goto(base + "/workflow/tasks/archive/")
    page.get_by_role("row", name=re.compile(re.escape(report.reference))).get_by_role(
        "link", name=report.reference
    ).click()
    page.get_by_role("heading", name=f"Report {report.reference}").wait_for()
    assert page.get_by_role("heading", level=1).inner_text().startswith(report.reference)
    body = page.locator("main, body").first.inner_text()
    assert "WTU123456" in body  # the property
    assert "Serial checked." in body and "Fine." in body  # the history's notes
    # The access log, in words (this very view included).
    assert "Riley sent it for approval" in body and "Sam approved it" in body and "Sam opened the report" in body
    assert re.search(r"\d{1,2} [A-Z][a-z]+ 20\d\d, \d{1,2}(:\d\d)? [ap]\.m\.|noon|midnight", body)
    with page.expect_download() as download:
        page.get_by_role("link", name="bike.jpg").click()
    assert download.value.suggested_filename == "bike.jpg"
    check(page, axe_source, "archive detail")

    page.get_by_role("link", name=report.reference).first.click()  # the breadcrumb: the process page
    page.get_by_role("heading", name="Steps").wait_for()
    assert "Sam approved it" in page.locator("body").inner_text()
    check(page, axe_source, "process page")


def test_the_decision_form_shows_only_the_chosen_decisions_fields(page, demo_site, axe_source):
    make_staff("riley", "Reviewers", "en")
    report = send_report_with_a_photo()
    base = demo_site.url
    text = TEXT["en"]
    log_in_to_tasks(page, base, "riley", text)
    page.goto(base + "/workflow/tasks/queue/")
    page.get_by_role("row", name=re.compile(re.escape(report.reference))).wait_for()
    check(page, axe_source, "queue")
    page.set_viewport_size(PHONE)
    assert settled_fits(page), "the queue scrolls sideways at 375 px"
    page.set_viewport_size(DESKTOP)

    claim(page, report.reference, text)

    def cell(name):
        """The decision form's grid cell holding field ``name``."""
        return page.locator(f".vf-form__visiblefields > .mdc-layout-grid__cell:has([name='{name}'])")

    def shown(*names):
        for name in names:
            expect(cell(name)).to_be_visible()

    def hidden(*names):
        for name in names:
            expect(cell(name)).to_be_hidden()

    # Before a decision: what every decision has. With a second agency on the install, a referral
    # (another agency, its type, why) is one of them: the decision alone.
    shown("decision")
    hidden("incident_type", "note", "question", "rejection_reason", "rejection_text", "agency", "referral_note")
    page.get_by_label("Reject", exact=True).check()
    shown("rejection_reason", "rejection_text", "incident_type", "note")
    hidden("question")
    page.get_by_label(text["request_info"], exact=True).check()
    shown("question")
    hidden("rejection_reason", "rejection_text")
    check_but_upstream(page, axe_source, "task screen")

    page.set_viewport_size(PHONE)
    assert settled_fits(page), "the task screen scrolls sideways at 375 px"
