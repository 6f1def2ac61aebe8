"""The measurements: reviewer screens, the citizen's submit and form page, the RMS export.

Each takes the runner (``bench.run.Bench``): its settings (``cfg``), the web server's port,
the stack, and ``account`` for the checks that nothing was lost or duplicated."""

import datetime
import os
import re
import shutil
import statistics
import subprocess
import tempfile
import time
import urllib.parse
import uuid
import zipfile

from bench import load
from bench.run import GEN_PREFIX, HOST, PYTHON, ROOT, log

CSRF_SECRET_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"  # noqa: S105 (an alphabet)


def _median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def fraud_answers():
    """A valid answer to the demo fraud form, as a browser posts it."""
    from django.utils import timezone

    day = timezone.localdate() - datetime.timedelta(days=7)
    return {
        "date_it_happened": day.isoformat(),
        "time_it_happened": "14:30",
        "latest_date_it_could_have_happened": "",
        "street_address_or_nearest_intersection": "123 Lakeshore Rd E",
        "town_or_city": "Oakville",
        "postal_code": "L6J 1H8",
        "how_did_they_contact_you": "Email",
        "amount_lost": "250.00",
        "how_did_you_pay": "Gift cards",
        "did_you_lose_money": "Yes",
        "what_happened": "An email that looked like my bank's asked me to confirm my card. "
        "I did, and $250 of gift cards were bought with it the same evening.",
        "first_name": "Jean",
        "last_name": "Tremblay",
        "email_address": "jean.tremblay@example.org",
        "phone_number": "(905) 555-0199",
    }


def screening_answers(page):
    return [
        {"question": q.question, "answer": "yes" if q.kind == "jurisdiction" else "no"}
        for q in page.screening_questions.all()
    ]


def csrf_secret():
    from django.utils.crypto import get_random_string

    return get_random_string(32, CSRF_SECRET_CHARS)


def make_sessions(page, count, *, with_answers):
    """Sessions as the screening and details steps leave them (answers kept as posted), written
    straight to the session table: (session key, one-time token) pairs."""
    from django.contrib.sessions.backends.base import VALID_KEY_CHARS
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from forms_app.builder import HONEYPOT_FIELD
    from forms_app.drafts import SESSION_PREFIX, draft_key

    store = SessionStore()
    expire = timezone.now() + datetime.timedelta(days=1)
    screening = screening_answers(page)
    answers = {k: [v] for k, v in fraud_answers().items()}
    answers[HONEYPOT_FIELD] = [""]
    rows, pairs = [], []
    for _ in range(count):
        token = str(uuid.uuid4())
        draft = {"screening": screening, "screened": True}
        if with_answers:
            # As the details step leaves it: it made the draft's upload key, even without a file.
            draft.update(answers=answers, token=token, upload_key=uuid.uuid4().hex)
        key = get_random_string(32, VALID_KEY_CHARS)
        data = store.encode({f"{SESSION_PREFIX}{draft_key(page)}": draft})
        rows.append(Session(session_key=key, session_data=data, expire_date=expire))
        pairs.append((key, token))
    Session.objects.bulk_create(rows, batch_size=1000)
    return pairs


def _form_post(path, fields, cookies, tag=None):
    body = urllib.parse.urlencode(fields).encode()
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
        "Host": f"{HOST}",
    }
    return load.Request("POST", path, body, headers, tag)


def _get(path, cookies=None):
    headers = {"Host": HOST}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    return load.Request("GET", path, headers=headers)


def _redirects_to(suffix):
    def accept(status, headers, body, request):
        return status == 302 and (headers.get("Location") or "").endswith(suffix)

    return accept


def _ok(status, headers, body, request):
    return status == 200


# Citizen ------------------------------------------------------------------------------------------


class Candidate:
    """One of the three things compared: what a submit POST and a form GET look like, and how to
    count what it stored."""

    def __init__(self, bench, name):
        self.bench, self.name = bench, name

    def before(self):
        return None

    def check(self, label, before, result):
        return True


class Ours(Candidate):
    def __init__(self, bench):
        super().__init__(bench, "ours")
        self.page = bench.fraud
        self.send_path = self.page.relative_url(bench.site) + self.page.reverse_subpage("check")

    def submit_requests(self, count):
        secret = csrf_secret()
        pairs = make_sessions(self.page, count, with_answers=True)

        def make(i):
            if i >= len(pairs):
                return None
            key, token = pairs[i]
            return _form_post(
                self.send_path,
                {"csrfmiddlewaretoken": secret, "token": token},
                {"csrftoken": secret, "sessionid": key},
                tag=token,
            )

        return make, _redirects_to(self.page.reverse_subpage("sent"))

    def get_requests(self, concurrency):
        pairs = make_sessions(self.page, concurrency, with_answers=False)
        path = self.page.relative_url(self.bench.site) + self.page.reverse_subpage("details")
        return (lambda i: _get(path, {"sessionid": pairs[i % len(pairs)][0]})), _ok

    def before(self):
        from django.db.models import Max

        from forms_app.models import Report

        return {
            "max_pk": Report.objects.aggregate(m=Max("pk"))["m"] or 0,
            "queued": self.bench.redis.llen("celery"),
        }

    def check(self, label, before, result):
        from viewflow.workflow.models import Task

        from forms_app.models import Report
        from workflows.flows import ReportFlow
        from workflows.models import ReportProcess

        new = Report.objects.filter(pk__gt=before["max_pk"])
        rows = list(new.values_list("pk", "reference", "submission_token"))
        ids = [r[0] for r in rows]
        tokens = {str(r[2]) for r in rows}
        accepted = {str(t) for t in result.accepted_tags}
        processes = ReportProcess.objects.filter(flow_class=ReportFlow, artifact_object_id__in=ids)
        reviews = Task.objects.filter(process__in=processes, flow_task=ReportFlow.review)
        return self.bench.account(
            "citizen submit",
            f"{self.name} {label}",
            {
                "reports stored = accepted POSTs": (result.accepted, len(rows)),
                "stored tokens = accepted tokens": (True, tokens == accepted),
                "distinct references": (len(rows), len({r[1] for r in rows})),
                "reports with a workflow process": (
                    len(rows),
                    processes.values("artifact_object_id").distinct().count(),
                ),
                "review tasks": (len(rows), reviews.count()),
                "confirmation emails queued": (len(rows), self.bench.redis.llen("celery") - before["queued"]),
            },
        )


class Stock(Candidate):
    def __init__(self, bench):
        super().__init__(bench, "stock")
        self.page = bench.stock
        self.path = self.page.relative_url(bench.site)

    def _fields(self):
        data = fraud_answers()
        data["amount_lost"] = "250.00"
        return data

    def submit_requests(self, count):
        secret = csrf_secret()
        fields = {"csrfmiddlewaretoken": secret, **self._fields()}

        def make(i):
            return _form_post(self.path, fields, {"csrftoken": secret})

        def accept(status, headers, body, request):
            return status == 200 and b'id="bench-stock-thanks"' in body

        return make, accept

    def get_requests(self, concurrency):
        return (lambda i: _get(self.path)), _ok

    def before(self):
        from wagtail.contrib.forms.models import FormSubmission

        return FormSubmission.objects.filter(page=self.page).count()

    def check(self, label, before, result):
        from wagtail.contrib.forms.models import FormSubmission

        stored = FormSubmission.objects.filter(page=self.page).count() - before
        return self.bench.account(
            "citizen submit", f"{self.name} {label}", {"submissions stored = accepted POSTs": (result.accepted, stored)}
        )


class Bare(Candidate):
    path = "/bench/bare/"

    def __init__(self, bench):
        super().__init__(bench, "bare")

    def submit_requests(self, count):
        secret = csrf_secret()
        fields = {"csrfmiddlewaretoken": secret, **fraud_answers()}
        return (lambda i: _form_post(self.path, fields, {"csrftoken": secret})), _redirects_to("/bench/bare/thanks/")

    def get_requests(self, concurrency):
        return (lambda i: _get(self.path)), _ok

    def before(self):
        from bench.baseline.models import BareReport

        return BareReport.objects.count()

    def check(self, label, before, result):
        from bench.baseline.models import BareReport

        stored = BareReport.objects.count() - before
        return self.bench.account(
            "citizen submit", f"{self.name} {label}", {"rows stored = accepted POSTs": (result.accepted, stored)}
        )


def citizen(bench):
    cfg = bench.cfg
    bench.redis = _redis()
    candidates = [Ours(bench), Stock(bench), Bare(bench)]
    log("citizen: warming up the three form pages")
    for candidate in candidates:
        make, accept = candidate.get_requests(2)
        load.run(bench.port, make, accept, concurrency=2, max_requests=20, max_seconds=10)
        make, accept = candidate.submit_requests(10)
        before = candidate.before()
        result = load.run(bench.port, make, accept, concurrency=2, max_requests=10, max_seconds=10)
        candidate.check("warm-up", before, result)
    for rep in range(cfg["reps"]):
        # Interleaved, and the order turns each repetition, so the machine's noise hits all three.
        order = candidates[rep % 3 :] + candidates[: rep % 3]
        for concurrency in cfg["concurrencies"]:
            for candidate in order:
                cap = cfg["submit_max"] if candidate.name == "ours" else cfg["submit_max_baselines"]
                make, accept = candidate.submit_requests(cap)
                before = candidate.before()
                result = load.run(
                    bench.port,
                    make,
                    accept,
                    concurrency=concurrency,
                    max_requests=cap,
                    max_seconds=cfg["submit_seconds"],
                )
                label = f"c={concurrency} rep {rep + 1}"
                ok = candidate.check(label, before, result)
                summary = {"app": candidate.name, "rep": rep + 1, **result.summary(), "accounting_ok": ok}
                bench.results["citizen"]["submit"].append(summary)
                log(
                    f"submit {candidate.name:5} {label}: {summary['rps']:.1f} req/s, "
                    f"p95 {summary['p95_ms']} ms, {result.accepted}/{result.requests} accepted"
                )
            for candidate in order:
                make, accept = candidate.get_requests(concurrency)
                result = load.run(
                    bench.port,
                    make,
                    accept,
                    concurrency=concurrency,
                    max_requests=cfg["get_max"],
                    max_seconds=cfg["get_seconds"],
                )
                summary = {"app": candidate.name, "rep": rep + 1, **result.summary()}
                bench.results["citizen"]["get"].append(summary)
                if result.refused or result.errors:
                    bench.failures.append(f"form GET {candidate.name}: {result.refused + result.errors} failed")
                log(
                    f"GET    {candidate.name:5} c={concurrency} rep {rep + 1}: {summary['rps']:.1f} req/s, "
                    f"p95 {summary['p95_ms']} ms, {summary['queries']} queries"
                )


def _redis():
    from bench.run import redis_client

    return redis_client()


# Reviewer --------------------------------------------------------------------------------------


def login(bench, username):
    """Log in on Wagtail's login page, as staff do; returns the session cookie."""
    import requests

    base = f"http://{HOST}:{bench.port}"
    with requests.Session() as session:
        session.get(f"{base}/admin/login/", timeout=30)
        response = session.post(
            f"{base}/admin/login/",
            data={
                "username": username,
                "password": bench.password,
                "csrfmiddlewaretoken": session.cookies["csrftoken"],
                "next": "/admin/",
            },
            headers={"Referer": f"{base}/admin/login/"},
            allow_redirects=False,
            timeout=30,
        )
        if response.status_code != 302 or "sessionid" not in session.cookies:
            raise RuntimeError(f"the reviewer could not log in ({response.status_code})")
        # The second factor, as the reviewer's authenticator app would give it.
        response = session.post(
            f"{base}/admin/mfa/verify/",
            data={
                "code": authenticator_code(username),
                "csrfmiddlewaretoken": session.cookies["csrftoken"],
                "next": "/admin/",
            },
            headers={"Referer": f"{base}/admin/mfa/verify/"},
            allow_redirects=False,
            timeout=30,
        )
        if response.status_code != 302 or response.headers.get("Location") != "/admin/":
            raise RuntimeError(f"the reviewer's second factor was refused ({response.status_code})")
        return {"sessionid": session.cookies["sessionid"], "csrftoken": session.cookies["csrftoken"]}


def authenticator_code(username):
    """The current code of ``username``'s authenticator app (one is set up if they have none)."""
    import time

    from django.contrib.auth import get_user_model
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = get_user_model().objects.get(username=username)
    device, _created = TOTPDevice.objects.get_or_create(user=user, confirmed=True, defaults={"name": "bench"})
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():06d}"


def make_template_report(bench):
    """One report through the real submission path, to be cloned."""
    from django.contrib.auth.models import AnonymousUser

    from forms_app.submission import create_report
    from website.models import AgencySettings

    page = bench.fraud
    form = page.get_form(fraud_answers(), page=page, user=AnonymousUser())
    if not form.is_valid():
        raise RuntimeError(f"the demo fraud answers are not valid: {form.errors.as_json()}")
    names = {f.clean_name for f in page.get_form_fields()}
    answers = {k: v for k, v in form.cleaned_data.items() if k in names}
    for f in page.get_form_fields():
        if f.field_type == "upload":
            answers[f.clean_name] = []
    return create_report(
        page=page,
        site=bench.site,
        agency=AgencySettings.for_site(bench.site),
        answers=answers,
        screening=screening_answers(page),
        draft_key=uuid.uuid4().hex,
        token=uuid.uuid4(),
        language="en",
    )


def reviewer_screens(bench):
    """(name, request maker) for the four screens, on the generated reports."""
    from viewflow.workflow.models import Task
    from viewflow.workflow.status import STATUS

    from workflows.flows import ReportFlow

    prefix = f"{GEN_PREFIX}-2025-"
    claimed = list(
        Task.objects.filter(
            flow_task=ReportFlow.review, status=STATUS.ASSIGNED, owner=bench.reviewer, process__created__year=2025
        )
        .order_by("pk")
        .values_list("process_id", "pk")[:20]
    )
    references = [
        f"{prefix}{i + 1:06d}"
        for i in range(10, 10 * 21, 10)
        if i % 100  # open and not claimed
    ]
    incident_type = bench.fraud.incident_type_id
    base = "/workflow/tasks"
    return [
        ("inbox", lambda i: f"{base}/inbox/"),
        ("queue by incident type", lambda i: f"{base}/queue/?incident_type={incident_type}"),
        ("task screen", lambda i: "{}/flows/report/{}/review/{}/execute/".format(base, *claimed[i % len(claimed)])),
        ("search by reference", lambda i: f"{base}/queue/?reference={references[i % len(references)]}"),
    ]


def reviewer(bench):
    from bench import data

    cfg = bench.cfg
    cookies = login(bench, "reviewer")
    template = data.Template(make_template_report(bench))
    generated = 0
    bench.results["reviewer"] = {"sizes": list(cfg["reviewer_sizes"]), "screens": {}}
    for size in cfg["reviewer_sizes"]:
        began = time.monotonic()
        data.generate(template, generated, size - generated, prefix=GEN_PREFIX, reviewer_id=bench.reviewer.pk)
        log(f"reviewer: {size} reports ({size // 10} open tasks) generated in {time.monotonic() - began:.1f} s")
        generated = size
        screens = reviewer_screens(bench)
        for _name, path in screens:  # warm up: every task screen once (the first view changes status)
            for i in range(20):
                url = path(i)
                load.run(
                    bench.port, lambda _j, u=url: _get(u, cookies), _ok, concurrency=1, max_requests=1, max_seconds=30
                )
        for rep in range(cfg["reps"]):
            for name, path in screens:
                result = load.run(
                    bench.port,
                    lambda i, p=path: _get(p(i), cookies),
                    _ok,
                    concurrency=1,
                    max_requests=cfg["reviewer_requests"],
                    max_seconds=60,
                )
                summary = {"size": size, "rep": rep + 1, **result.summary()}
                bench.results["reviewer"]["screens"].setdefault(name, []).append(summary)
                if result.refused or result.errors:
                    bench.failures.append(f"reviewer {name} at {size}: {result.statuses} {result.samples[:1]}")
                log(
                    f"reviewer {name} at {size}: p95 {summary['p95_ms']} ms, "
                    f"{summary['queries']} queries (max {summary['queries_max']})"
                )
    for name, runs in bench.results["reviewer"]["screens"].items():
        first, last = cfg["reviewer_sizes"][0], cfg["reviewer_sizes"][-1]
        small, large = (_median([r["queries"] for r in runs if r["size"] == s]) for s in (first, last))
        bench.account("reviewer", f"{name} queries", {"same query count at both sizes": (small, large)})
    bench.generated = generated
    bench.reviewer_cookies = cookies  # signed in once: a second factor's code is good only once


# Export ------------------------------------------------------------------------------------------


def _high_water_mark_kb(pid):
    """The process's peak resident set (VmHWM) so far; 0 once it has exited."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_measured(argv, env, timeout):
    """Run a command; (seconds, peak RSS in MB of that process, stdout).

    The peak is read from /proc (VmHWM, polled), not from wait4's ru_maxrss: that one counts the
    pages the child shared with this (large) process between fork and exec."""
    began = time.monotonic()
    out_file, err_file = tempfile.TemporaryFile(), tempfile.TemporaryFile()  # noqa: SIM115 (no pipe to fill up)
    process = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=out_file, stderr=err_file)  # noqa: S603
    deadline = began + timeout
    peak_kb = 0
    while True:
        peak_kb = max(peak_kb, _high_water_mark_kb(process.pid))
        pid, status, _usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            process.kill()
            os.wait4(process.pid, 0)
            raise RuntimeError(f"{' '.join(argv[2:4])} took more than {timeout} s")
        time.sleep(0.02)
    took = time.monotonic() - began
    process.returncode = os.waitstatus_to_exitcode(status)
    out_file.seek(0)
    err_file.seek(0)
    out, err = out_file.read().decode(), err_file.read().decode()
    out_file.close()
    err_file.close()
    if process.returncode:
        raise RuntimeError(f"{' '.join(argv[2:])} failed: {err[-2000:]}")
    return took, peak_kb / 1024, out


def export(bench):
    from django.db.models import Q

    from bench import data
    from forms_app.models import Report

    cfg = bench.cfg
    total = bench.generated
    prefix = f"{GEN_PREFIX}-{data.YEAR}-"
    generated = Report.objects.filter(reference__startswith=prefix)
    generated.exclude(status="approved").update(status="approved")  # every generated report is approved now
    approved = Report.objects.filter(status="approved")
    sizes = {}
    for size in cfg["export_sizes"]:
        if size >= total:
            sizes[approved.count()] = []
        else:
            since = data.submitted_at(total - size).date() + datetime.timedelta(days=1)
            sizes[approved.filter(submit_time__date__gte=since).count()] = ["--since", since.isoformat()]
    env = bench.env()
    # The command's fixed cost (Django's start-up, the count): an export that finds nothing.
    empty = ["--out", str(bench.work / "export-empty"), "--since", "2100-01-01"]
    startup, _rss, _out = run_measured(
        [PYTHON, "manage.py", "rms_export", "--format", "csv", "--status", "approved", "--quiet", *empty],
        env,
        timeout=120,
    )
    bench.results["export"]["startup_s"] = round(startup, 2)
    log(f"export: the command's start-up takes {startup:.1f} s")
    for rep in range(cfg["export_reps"]):
        # "xml" writes one file per report; "xml zip" the same documents into one ZIP archive.
        for fmt in ("xml", "xml zip", "csv"):
            for size, extra in sizes.items():
                out = bench.work / f"export-{fmt.replace(' ', '-')}-{size}"
                argv = [
                    PYTHON,
                    "manage.py",
                    "rms_export",
                    "--format",
                    fmt.split()[0],
                    *(["--zip"] if fmt.endswith("zip") else []),
                    "--status",
                    "approved",
                    "--quiet",
                    "--out",
                    str(out),
                    *extra,
                ]
                took, rss, stdout = run_measured(argv, env, timeout=900)
                match = re.search(r"Exported (\d+) report", stdout)
                written = int(match.group(1)) if match else -1
                if fmt == "xml":
                    files = len(list(out.iterdir()))
                elif fmt == "xml zip":
                    with zipfile.ZipFile(out / "reports-xml.zip") as archive:
                        files = len(archive.namelist())
                else:
                    files = _csv_rows(out / "reports.csv")
                shutil.rmtree(out, ignore_errors=True)
                bench.account(
                    "export",
                    f"batch {fmt} {size} rep {rep + 1}",
                    {"records exported = approved reports": (size, written), "records written": (size, files)},
                )
                entry = {
                    "format": fmt,
                    "records": written,
                    "rep": rep + 1,
                    "seconds": round(took, 2),
                    "records_per_s": round(written / took, 1),
                    # Too short to tell when the export itself took under half a second.
                    "records_per_s_after_startup": (
                        round(written / (took - startup), 1) if took - startup >= 0.5 else None
                    ),
                    "peak_rss_mb": round(rss, 1),
                }
                bench.results["export"]["batch"].append(entry)
                log(f"export {fmt} {written}: {entry['records_per_s']} records/s, peak RSS {entry['peak_rss_mb']} MB")
    outbox(bench, Q)


def _csv_rows(path):
    import csv

    with path.open(newline="", encoding="utf-8") as handle:
        return sum(1 for _ in csv.reader(handle)) - 1


def _receiver_count(port):
    import json
    import urllib.request

    with urllib.request.urlopen(f"http://{HOST}:{port}/health", timeout=5) as response:
        return json.load(response)["records"]


def outbox(bench, Q):
    from bench.run import free_port
    from forms_app.models import Report
    from rms_export import outbox as outbox_module
    from rms_export.models import Delivery, DeliveryStatus, Destination
    from rms_export.tasks import deliver
    from website.celery import app as celery_app

    cfg = bench.cfg
    env = bench.env()
    port = free_port()
    receiver = bench.stack.start(
        "receiver",
        [PYTHON, "manage.py", "run_rms_receiver", "--port", str(port), "--store", str(bench.work / "rms")],
        env,
    )
    from bench.run import wait_http

    wait_http(port, "/health", 60, receiver)
    destination = Destination.objects.get(site=bench.site, active=True)
    destination.options = {**destination.options, "url": f"http://{HOST}:{port}/incidents"}
    destination.save(update_fields=["options"])
    bench.redis.delete("celery")  # the confirmation emails of the citizen runs: not measured here
    candidates = Report.objects.filter(status="approved", deliveries__isnull=True).order_by("pk")
    for rep in range(cfg["reps"]):
        for processes in (1, 2):
            ids = list(candidates.values_list("pk", flat=True)[: cfg["outbox_count"]])
            deliveries = Delivery.objects.bulk_create(
                [Delivery(report_id=pk, destination=destination) for pk in ids], batch_size=1000
            )
            delivery_ids = [d.pk for d in deliveries]
            # N worker processes: N solo-pool workers, as the CI worker test runs them.
            workers = [
                bench.stack.start(
                    f"celery-{processes}-{n}",
                    [
                        PYTHON,
                        "-m",
                        "celery",
                        "-A",
                        "website",
                        "worker",
                        "--pool",
                        "solo",
                        "--without-heartbeat",
                        "--without-gossip",
                        "--without-mingle",
                        "--loglevel",
                        "WARNING",
                        "--hostname",
                        f"bench{processes}-{n}-{rep}@%h",
                    ],
                    env,
                )
                for n in range(processes)
            ]
            try:
                deadline = time.monotonic() + 90
                while len(celery_app.control.ping(timeout=0.5)) < processes:
                    if time.monotonic() > deadline or any(w.poll() is not None for w in workers):
                        raise RuntimeError("the Celery workers did not start")
                received_before = _receiver_count(port)
                began = time.monotonic()
                for pk in delivery_ids:
                    deliver.delay(pk)
                deadline = began + cfg["outbox_timeout"]
                done, swept, last_change, last_done = 0, 0, time.monotonic(), -1
                while time.monotonic() < deadline:
                    done = Delivery.objects.filter(pk__in=delivery_ids, status=DeliveryStatus.DELIVERED).count()
                    if done == len(delivery_ids):
                        break
                    if done != last_done:
                        last_done, last_change = done, time.monotonic()
                    elif time.monotonic() - last_change > 3 and not bench.redis.llen("celery"):
                        # The queue is empty but deliveries wait: what the periodic sweep (beat, every
                        # minute in production) is for. Run it now, and count it.
                        swept += outbox_module.sweep()
                        last_change = time.monotonic()
                    time.sleep(0.1)
                took = time.monotonic() - began
            finally:
                for worker in workers:
                    bench.stack.stop(worker)
            received = _receiver_count(port) - received_before
            undelivered = Delivery.objects.filter(pk__in=delivery_ids).filter(~Q(status=DeliveryStatus.DELIVERED))
            others = undelivered.count()
            for status, attempts, error in undelivered.values_list("status", "attempts", "last_error")[:3]:
                log(f"undelivered: {status} after {attempts} attempt(s): {error[:300]}")
            bench.account(
                "export",
                f"outbox {processes} worker process(es) rep {rep + 1}",
                {
                    "deliveries delivered": (len(delivery_ids), done),
                    "records received by the RMS": (len(delivery_ids), received),
                    "deliveries not delivered": (0, others),
                },
            )
            entry = {
                "processes": processes,
                "rep": rep + 1,
                "deliveries": done,
                "seconds": round(took, 2),
                "deliveries_per_s": round(done / took, 1),
                "requeued_by_sweep": swept,
            }
            bench.results["export"]["outbox"].append(entry)
            log(
                f"outbox {processes} process(es): {entry['deliveries_per_s']} deliveries/s ({done} in {took:.1f} s"
                f"{f', {swept} re-queued by the sweep' if swept else ''})"
            )
    bench.stack.stop(receiver)
