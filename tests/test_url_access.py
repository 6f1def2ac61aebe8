"""Every staff URL pattern, walked for each role of two agencies and for an anonymous visitor.

The install has two police services, each with reports in several states (a review claimed,
an approval waiting, an export waiting for the RMS with its delivery), a file, a rejection
reason and an RMS destination. Every URL pattern of ``/workflow/`` (the task screens and the
downloads) and ``/admin/`` is requested with the *other* agency's object ids, by GET, and the
patterns that touch reports by POST with an attacker's data (another destination, a forged
payload and case number, the other agency's task ids, every confirm button). Nothing may answer
5xx, no answer may carry the other agency's report data, and no POST may change any of its
reports, processes, tasks, deliveries or rejection reasons.

``test_who_gets_what`` then says, for the main screens of one's own agency, who gets 200 and
who is refused.
"""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from viewflow.workflow.models import Task

from forms_app.models import AgencyIncidentType, Attachment, IncidentType, Survey
from rms_export.models import Delivery, Destination
from tests.factories import AddressFactory, UserFactory, demo_site, make_agency, make_report
from website.models import Address, AddressImport
from workflows.callback import CallbackFlow
from workflows.flows import ReportFlow
from workflows.models import CallbackProcess, RejectionReason, ReportProcess

pytestmark = pytest.mark.django_db
FLOW = "/workflow/tasks/flows/report"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
)
# Patterns whose POST could reach reports, tasks, deliveries or their settings.
POSTED = re.compile(r"^(workflow/|admin/(snippets/|forms/|reports/|bulk/|address-register/))")
# Each agency's site settings: the settings routes are walked for each.
SETTINGS = [("website", "agencysettings"), ("workflows", "evaluationsettings")]
ARG = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def walk(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern).replace("^", "").replace("$", "")
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route


# Wagtail's "failwhale" raises on purpose, so that staff can test error reporting.
DELIBERATE_ERRORS = {"admin/failwhale/"}
STAFF_ROUTES = sorted(
    {r for r in walk(get_resolver().url_patterns) if r.startswith(("workflow/", "admin/"))} - DELIBERATE_ERRORS
)


def advance(client, report, *, reviewer, supervisor, to):
    """Take ``report`` through the task screens as staff do: claimed, reviewed, approved."""
    process = ReportProcess.objects.get(artifact_object_id=report.pk)

    def act(user, node, data):
        task = process.task_set.filter(flow_task=node).exclude(status__in=["DONE", "CANCELED"]).get()
        client.force_login(user)
        base = f"{FLOW}/{process.pk}/{node.name}/{task.pk}/"
        assert client.post(base + "assign/").status_code == 302
        if data is not None:
            assert client.post(base + "execute/", data).status_code == 302

    decision = {"decision": "approve", "incident_type": report.incident_type_id}
    act(reviewer, ReportFlow.review, None if to == "claimed" else decision)
    if to == "awaiting_ack":
        act(supervisor, ReportFlow.approval, {"decision": "approve", "comment": ""})
    return process


class Agency:
    """One police service of the install, with staff of each role and reports in each state."""

    def __init__(self, client, site, tag):
        self.site = site
        self.staff = {
            role: UserFactory(role=role, agencies=[site], username=f"{role}_{tag}")
            for role in ("reviewer", "supervisor", "comms")
        }
        email = f"sentinel.{tag}@example.org"
        self.reports = [make_report(site, email_address=email) for _ in range(3)]
        claimed, waiting, exported = self.reports
        kwargs = {"reviewer": self.staff["reviewer"], "supervisor": self.staff["supervisor"]}
        self.process = advance(client, claimed, to="claimed", **kwargs)
        advance(client, waiting, to="approval", **kwargs)
        advance(client, exported, to="awaiting_ack", **kwargs)
        client.logout()
        self.attachment = Attachment.store(
            SimpleUploadedFile("dot.png", PNG, content_type="image/png"),
            "image/png",
            field_name="photos",
            report=claimed,
        )
        self.delivery = Delivery.objects.get(report=exported)
        self.destination = self.delivery.destination
        self.reason = RejectionReason.objects.filter(site=site).first()
        self.type_setting = AgencyIncidentType.objects.create(
            site=site, incident_type=IncidentType.objects.filter(site=None).first(), review_days=3
        )
        self.page = claimed.page
        # A supervisor's call-back after a low survey score, on the exported report.
        survey = Survey.objects.create(
            report=exported,
            outcome="exported",
            due_at=timezone.now(),
            sent_at=timezone.now(),
            answered_at=timezone.now(),
            score=1,
            understood=False,
            comment=f"unhappy {tag}",
        )
        CallbackFlow.start.run(survey=survey)
        self.callback = CallbackProcess.objects.get(flow_class=CallbackFlow, artifact_object_id=exported.pk)
        # The address register: an address, and an import waiting for its column mapping.
        self.address = AddressFactory(site=site, street=f"Sentinel{tag} Street", source_id=f"SENTINEL-{tag}")
        self.address_import = AddressImport.objects.create(
            site=site, file_name=f"sentinel-{tag}.csv", path="/nonexistent", columns=["source_id"]
        )
        # What must never reach anyone outside this agency.
        self.secrets = [
            email,
            *(r.reference for r in self.reports),
            f"unhappy {tag}",
            f"Sentinel{tag} Street",
            f"sentinel-{tag}.csv",
        ]

    def tasks(self):
        return Task.objects.filter(process__artifact_object_id__in=[r.pk for r in self.reports])

    def snapshot(self):
        reports = sorted(
            (r.pk, r.status, r.case_number, r.incident_type_id, r.site_id, r.reference)
            for r in self.refreshed_reports()
        )
        processes = sorted(
            ReportProcess.objects.filter(artifact_object_id__in=[r.pk for r in self.reports]).values_list(
                "pk", "status", "data"
            )
        )
        tasks = sorted(self.tasks().values_list("pk", "status", "owner_id", "flow_task"), key=lambda t: t[0])
        deliveries = sorted(
            Delivery.objects.filter(report__site=self.site).values_list(
                "pk", "report_id", "destination_id", "status", "payload", "case_number", "attempts"
            )
        )
        destinations = sorted(Destination.objects.filter(site=self.site).values_list("pk", "options", "active"))
        reasons = sorted(RejectionReason.objects.filter(site=self.site).values_list("pk", "title", "active"))
        types = sorted(IncidentType.objects.filter(site=self.site).values_list("pk", "code", "name", "active"))
        types += sorted(AgencyIncidentType.objects.filter(site=self.site).values_list("pk", "review_days", "active"))
        register = sorted(Address.objects.filter(site=self.site).values_list("pk", "source_id", "street"))
        register += sorted(AddressImport.objects.filter(site=self.site).values_list("pk", "status", "mapping"))
        return reports, processes, [t[:3] for t in tasks], deliveries, destinations, reasons, types, register

    def refreshed_reports(self):
        from forms_app.models import Report

        return Report.objects.filter(pk__in=[r.pk for r in self.reports])

    def task_for(self, node_name):
        if node_name == "call_back":
            return self.tasks().filter(flow_task=CallbackFlow.call_back).get()
        task = self.tasks().filter(flow_task=getattr(ReportFlow, node_name, None)).order_by("pk").first()
        return task or self.tasks().filter(flow_task=ReportFlow.review).order_by("pk").first()

    def fill(self, route, setting=("website", "agencysettings")):
        """``route`` with this agency's ids (the object a pattern is about, as far as it says);
        a settings route with ``setting`` (app, model)."""
        node = re.search(r"<int:process_pk>/(\w+)/<int:task_pk>", route)
        task = self.task_for(node.group(1)) if node else None
        model = re.search(r"snippets/(?:choose/)?(\w+)/(\w+)/", route)
        by_model = {
            ("rms_export", "delivery"): self.delivery.pk,
            ("rms_export", "destination"): self.destination.pk,
            ("workflows", "rejectionreason"): self.reason.pk,
            ("forms_app", "incidenttype"): self.page.incident_type_id,
            ("forms_app", "agencyincidenttype"): self.type_setting.pk,
        }
        values = {
            "process_pk": task.process_id if task else (self.callback.pk if "/callback/" in route else self.process.pk),
            "task_pk": task.pk if task else 0,
            "pk": by_model.get(model.groups(), 1) if model else self.attachment.pk,
            "page_id": self.page.pk,
            "parent_page_id": self.page.pk,
            "page_pk": self.page.pk,
            "page_to_move_id": self.page.pk,
            "destination_id": self.destination.pk,
            "object_id": self.reports[0].pk,
            "app_label": "forms_app",
            "app_name": "forms_app",
            "model_name": "report",
            "content_type_app_name": "forms_app",
            "content_type_model_name": "reportformpage",
            "file_format": "csv",
            "action": "delete",
            "action_name": "delete",
            "filter_spec": "original",
            "site_id": self.site.pk,
            "import_id": self.address_import.pk,
        }
        if route.startswith("admin/settings/"):
            values.update(app_name=setting[0], model_name=setting[1], pk=self.site.pk)
        return "/" + ARG.sub(lambda m: str(values.get(m["name"], 1)), route)

    def hostile_post(self, other):
        """What an attacker of ``other`` agency posts: this agency's ids, the other's destination."""
        return {
            "report": self.reports[2].pk,
            "destination": other.destination.pk,
            "status": "pending",
            "payload": "FAKE",
            "case_number": "FAKE-0001",
            "pk": list(self.tasks().values_list("pk", flat=True)),
            "owner": other.staff["reviewer"].pk,
            "decision": "approve",
            "comment": "x",
            "incident_type": self.reports[0].incident_type_id,
            "note": "x",
            "_confirm": "1",
            "_cancel_process": "1",
            "site": other.site.pk,
            # A referral of this agency's report to the attacker's own agency.
            "agency": other.site.pk,
            "referral_note": "x",
            # The address register: a file to import, a column mapping.
            "file": SimpleUploadedFile("evil.csv", b"source_id,civic_number,street\nX,1,Evil Street\n"),
            "civic_number": "civic_number",
            "street": "street",
            "municipality": "street",
            "latitude": "civic_number",
            "longitude": "civic_number",
            "title": "x",
            "text_en": "x",
            "text_fr": "x",
        }


@pytest.fixture
def agencies(client):
    return {"a": Agency(client, demo_site(), "a"), "b": Agency(client, make_agency(), "b")}


def leaks(response, secrets):
    body = b"".join(response) if response.streaming else response.content
    text = body.decode("utf-8", "replace")
    return [secret for secret in secrets if secret in text]


@pytest.mark.parametrize("who", ["anonymous", "reviewer_b", "supervisor_b", "comms_b", "reviewer_a", "supervisor_a"])
def test_every_staff_url_keeps_the_other_agencys_reports_to_itself(client, agencies, who):
    a, b = agencies["a"], agencies["b"]
    if who == "anonymous":
        mine, theirs = None, a
    else:
        role, tag = who.split("_")
        mine, theirs = agencies[tag], agencies["b" if tag == "a" else "a"]
        user = mine.staff[role]
    client.raise_request_exception = False  # a 500 is a finding to list, not the end of the walk
    secrets = theirs.secrets + (b.secrets if mine is None else [])
    before = theirs.snapshot()
    problems = []
    walked = [(route, setting) for route in STAFF_ROUTES for setting in SETTINGS if route.startswith("admin/settings/")]
    walked += [(route, SETTINGS[0]) for route in STAFF_ROUTES if not route.startswith("admin/settings/")]
    for route, setting in walked:
        if mine is not None and "_auth_user_id" not in client.session:
            client.force_login(user)  # the password-reset views end the session
        url = theirs.fill(route, setting)
        response = client.get(url)
        if response.status_code >= 500 or leaks(response, secrets):
            problems.append(("GET", url, response.status_code, leaks(response, secrets)))
        if POSTED.match(route):
            response = client.post(url, theirs.hostile_post(mine or b))
            if response.status_code >= 500 or leaks(response, secrets):
                problems.append(("POST", url, response.status_code, leaks(response, secrets)))
            if theirs.snapshot() != before:
                problems.append(("POST changed", url, response.status_code))
                before = theirs.snapshot()
    assert problems == []
    assert len(STAFF_ROUTES) > 300  # every pattern: viewflow's and Wagtail's, not a hand-picked list


def own(agency, route):
    return agency.fill(route)


# Own agency's screens: who gets them. 302 = to the login page; 403 = refused (the role);
# 404 = another agency's, not found.
EXPECTED = {
    "workflow/tasks/queue/": {"reviewer": 200, "supervisor": 200, "comms": 403, "other": 200, "anonymous": 302},
    "workflow/tasks/flows/report/<int:process_pk>/": {
        "reviewer": 200,
        "supervisor": 200,
        "comms": 403,
        "other": 404,
        "anonymous": 302,
    },
    "workflow/tasks/flows/report/<int:process_pk>/review/<int:task_pk>/execute/": {
        "reviewer": 200,
        "supervisor": 403,
        "comms": 403,
        "other": 404,
        "anonymous": 302,
    },
    "workflow/tasks/flows/report/<int:process_pk>/approval/<int:task_pk>/detail/": {
        "reviewer": 200,
        "supervisor": 200,
        "comms": 403,
        "other": 404,
        "anonymous": 302,
    },
    "workflow/attachments/<int:pk>/": {"reviewer": 200, "supervisor": 200, "comms": 403, "other": 404},
    "admin/reports/online-report-counts/": {"comms": 200, "anonymous": 302},
    # Wagtail answers a refusal with its dashboard (302); another agency's register: 404.
    "admin/address-register/<int:site_id>/": {
        "comms": 200,
        "reviewer": 302,
        "supervisor": 302,
        "other": 302,
        "anonymous": 302,
    },
    "admin/address-register/imports/<int:import_id>/": {"comms": 200, "reviewer": 302, "anonymous": 302},
    # The agency's evaluation settings: its supervisors only. Wagtail sends the others (another
    # agency's supervisor too) back to the admin's dashboard with "no permission" (302).
    "admin/settings/workflows/evaluationsettings/<int:pk>/": {
        "reviewer": 302,
        "supervisor": 200,
        "comms": 302,
        "other": 302,
        "anonymous": 302,
    },
}


@pytest.mark.parametrize("route", sorted(EXPECTED))
def test_who_gets_what(client, agencies, route):
    a, b = agencies["a"], agencies["b"]
    users = {**a.staff, "other": b.staff["supervisor"] if "review/" not in route else b.staff["reviewer"]}
    got = {}
    for who in EXPECTED[route]:
        client.logout()
        if who != "anonymous":
            client.force_login(users[who])
        got[who] = client.get(own(a, route)).status_code
    assert got == EXPECTED[route]
