"""The Content-Security-Policy in Chromium: no page of the demo, public or staff, does anything
the policy refuses.

Chromium reports each refusal twice: a console message ("... violates the following Content
Security Policy directive ...") and a ``securitypolicyviolation`` event, which a script added
to every document before its own scripts run pushes to ``window.__cspViolations`` and hands to
the test (the array is lost when the browser leaves the page; what was handed over is not).
Both are collected; each screen is then checked for none.
"""

import re

import pytest
from django.test import Client

from tests.e2e.conftest import screening_questions
from tests.e2e.test_citizen_journey import TEXT, answer_screening, photo
from tests.e2e.test_review_journey import TEXT as REVIEW_TEXT
from tests.e2e.test_review_journey import make_staff, send_report
from tests.factories import demo_home, in_demo

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.e2e,
    pytest.mark.usefixtures("one_request_at_a_time"),
]

LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const violation = {
    page: document.location.href,
    directive: event.violatedDirective,
    blocked: event.blockedURI,
    source: event.sourceFile,
    line: event.lineNumber,
    sample: event.sample,
  };
  window.__cspViolations.push(violation);
  if (window.__cspViolation) window.__cspViolation(violation);
});
"""


class Violations:
    """Every refusal the browser reported in ``context``, by console and by event."""

    def __init__(self, context):
        self.console, self.events = [], []
        context.add_init_script(LISTENER)
        context.expose_binding("__cspViolation", lambda source, violation: self.events.append(violation))
        context.on("console", self.on_console)

    def on_console(self, message):
        if "Content Security Policy" in message.text:
            self.console.append(f"{message.page.url if message.page else ''}: {message.text}")

    def check(self, page, what):
        """No refusal so far, on ``page`` (which has loaded ``what``) or before it."""
        page.wait_for_load_state("load")
        page.wait_for_timeout(300)  # scripts that run after load (Stimulus, React) report now
        on_page = page.evaluate("window.__cspViolations || []")
        problems = self.console + self.events + [v for v in on_page if v not in self.events]
        assert problems == [], f"{what}: {problems}"


@pytest.fixture
def watched(page):
    """``page`` with its violations collected."""
    return page, Violations(page.context)


def open_page(page, violations, url, what):
    response = page.goto(url)
    assert response.ok, f"{what}: {response.status} at {url}"
    violations.check(page, what)


def sign_in(page, base, user):
    """The staff member's session in the browser, as ``force_login`` makes it."""
    client = Client()
    client.force_login(user)
    host = re.sub(r"^https?://|:\d+$", "", base)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "domain": host, "path": "/"}]
    )


def test_no_public_page_breaks_the_policy(watched, demo_site, tmp_path):
    from forms_app.models import ReportFormPage
    from website.models import NewsIndexPage, NewsPage

    page, violations = watched
    base = demo_site.url
    open_page(page, violations, base + "/", "home page")
    open_page(page, violations, base + "/fr/", "French home page")
    news_index = in_demo(NewsIndexPage).live().filter(locale__language_code="en").get()
    open_page(page, violations, base + news_index.relative_url(news_index.get_site()), "news index")
    news = NewsPage.objects.live().filter(locale__language_code="en").first()
    open_page(page, violations, base + news.relative_url(news.get_site()), "news item")
    open_page(page, violations, base + "/search/?query=theft", "search")
    page.goto(base + "/no-such-page/")
    violations.check(page, "page not found")

    # Every report form: its screening questions, a refusal, its details step with errors.
    forms = in_demo(ReportFormPage).live().filter(locale__language_code="en")
    assert forms.count() > 1
    text = TEXT["en"]
    for form in forms:
        open_page(page, violations, base + form.relative_url(form.get_site()), f"{form.title}: screening")
        for fieldset in screening_questions(page):
            fieldset.get_by_label(text["yes"], exact=True).check()
        page.get_by_role("button", name=text["continue"], exact=True).click()
        page.get_by_role("heading", name=text["stopped"]).wait_for()
        violations.check(page, f"{form.title}: stopped")
        page.get_by_role("link", name=text["change"]).click()
        answer_screening(page, text)
        page.get_by_role("button", name=text["continue"], exact=True).wait_for()
        violations.check(page, f"{form.title}: details")
        page.get_by_role("button", name=text["continue"], exact=True).click()
        page.locator(".error-summary").wait_for()
        violations.check(page, f"{form.title}: details with errors")


def test_a_citizen_report_with_a_photo_breaks_no_policy(watched, demo_site, tmp_path):
    from django.core import mail

    page, violations = watched
    text, label = TEXT["en"], TEXT["en"]["labels"]
    page.goto(demo_site.url + "/")
    page.get_by_role("link", name=text["form"]).click()
    answer_screening(page, text)
    for name, value in [
        ("date", "2026-11-20"),
        ("time", "14:30"),
        ("street", "123 Lakeshore Rd E"),
        ("town", "Oakville"),
        ("postal", "L6J 1H8"),
        ("item", "Bicycle"),
        ("serial", "WTU123456"),
        ("value", "850"),
        ("narrative", "Taken from the rack outside the library."),
        ("first", "Jean"),
        ("last", "Tremblay"),
        ("email", "jean@example.org"),
        ("phone", "905 555 0199"),
    ]:
        page.get_by_label(label[name]).fill(value)
    page.get_by_label(label["photos"]).set_input_files(photo(tmp_path))
    page.get_by_role("button", name=text["continue"], exact=True).click()
    page.get_by_role("heading", name=text["check"]).wait_for()
    violations.check(page, "check your answers")
    page.get_by_role("button", name=text["send"]).click()
    page.get_by_role("heading", name=text["sent"]).wait_for()
    violations.check(page, "receipt")
    status = re.search(r"https?://[^/\s]+(/report/status/\S+/)", mail.outbox[0].body).group(1)
    open_page(page, violations, demo_site.url + status, "status page")


def test_the_staff_screens_break_no_policy(watched, new_page, demo_site):
    from django.contrib.auth import get_user_model
    from wagtail.models import Page

    from forms_app.models import ReportFormPage
    from website.models import NewsPage
    from workflows.flows import ReportFlow
    from workflows.models import ReportProcess

    page, violations = watched
    base = demo_site.url
    admin = get_user_model().objects.create_superuser("csp-admin", "csp-admin@example.invalid", "x" * 20)
    sign_in(page, base, admin)
    home = demo_home()
    news = NewsPage.objects.filter(locale__language_code="en").first()
    form = ReportFormPage.objects.filter(locale__language_code="en").first()
    for url, what in [
        ("/admin/", "dashboard"),
        ("/admin/pages/", "page explorer (root)"),
        (f"/admin/pages/{home.pk}/", "page explorer (home page)"),
        (f"/admin/pages/{news.pk}/edit/", "news page editor"),
        (f"/admin/pages/{form.pk}/edit/", "report form editor"),
        (f"/admin/pages/add/website/newspage/{Page.objects.get(pk=news.pk).get_parent().pk}/", "new news page"),
        ("/admin/forms/", "form submissions"),
        ("/admin/reports/online-report-counts/", "online reports per form"),
        ("/admin/reports/sign-ins/", "sign-ins"),
        ("/admin/reports/analyst-export/", "export for analysis"),
        ("/admin/snippets/forms_app/incidenttype/", "incident types"),
        ("/admin/images/", "images"),
        ("/admin/users/", "users"),
    ]:
        open_page(page, violations, base + url, what)

    # The review: a citizen's report in the queue, its claim screen and its task screen.
    reference = send_report(new_page(), base, REVIEW_TEXT["en"])
    reviewer = make_staff("csp-reviewer", "Reviewers", "en")
    staff = new_page()
    staff_violations = Violations(staff.context)
    sign_in(staff, base, reviewer)
    open_page(staff, staff_violations, base + "/workflow/", "task list")
    open_page(staff, staff_violations, base + "/workflow/tasks/queue/", "queue")
    process = ReportProcess.objects.get()
    task = process.task_set.get(flow_task=ReportFlow.review)
    open_page(staff, staff_violations, f"{base}/workflow/tasks/flows/report/{process.pk}/", "process detail")
    open_page(
        staff, staff_violations, f"{base}/workflow/tasks/flows/report/{process.pk}/review/{task.pk}/assign/", "claim"
    )
    staff.get_by_role("button", name="Assign and continue").click()
    staff.get_by_role("heading", name=f"Report {reference}").wait_for()
    staff_violations.check(staff, "review task")
