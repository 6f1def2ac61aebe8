"""Many police services on one install (issue 14): the demo reviewer's inbox and queue with the
reports of one agency, then with the same reports spread over 50 agencies.

Run after the reviewer phase, on its reports (all the demo agency's). The screens are measured
with that one agency; then 49 more agencies are made (each a Wagtail Site with its own hostname,
home page, settings with a reference prefix of its own, a copy of the fraud form and a reviewer)
and the generated reports are spread over the 50 in blocks of 100 in turn (every block holds 10
open review tasks, one of them claimed), the claimed tasks going to their own agency's reviewer:
the demo agency keeps 1 report in 50. The same screens are measured again as the demo reviewer,
then everything is put back and the agencies are deleted, so the phases after this one see the
install they saw before.
"""

import time

from bench import load
from bench.run import GEN_PREFIX, log

BLOCK = 100  # reports of one agency in a row: 10 open review tasks, 1 of them claimed


def _vacuum(tables):
    """After rewriting every report's row: the planner's statistics (which agency holds what) and
    no dead rows left for the next phase. VACUUM runs outside a transaction (autocommit)."""
    from django.db import connection

    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'VACUUM ANALYZE "{table}"')


def _tables():
    from viewflow.workflow.models import Task

    from forms_app.models import Report

    return Report._meta.db_table, Task._meta.db_table


def make_agencies(bench, count):
    """``count`` agencies besides the demo's: [(site, form page, reviewer)], made as staff would
    have them (the fraud form copied live into each home page)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from wagtail.models import Page, Site

    from website.models import AgencyMembership, AgencySettings, HomePage

    reviewers = Group.objects.get(name="Reviewers")
    root = Page.get_first_root_node()
    made = []
    for number in range(1, count + 1):
        slug = f"bench-agency{number:02d}"
        name = f"Bench Agency {number:02d} Police Service"
        home = root.add_child(instance=HomePage(title=name, slug=slug))
        site = Site.objects.create(hostname=f"{slug}.localhost", port=80, root_page=home, site_name=name)
        AgencySettings.objects.create(
            site=site, agency_name=name, non_emergency_phone="613-555-0100", reference_prefix=f"BA{number:02d}"
        )
        form = bench.fraud.copy(
            to=home, keep_live=True, update_attrs={"title": bench.fraud.title, "slug": bench.fraud.slug}
        )
        user = get_user_model().objects.create_user(username=f"bench-reviewer-{number:02d}", password=None)
        user.groups.add(reviewers)
        AgencyMembership.objects.create(user=user, site=site)
        made.append((site, form, user))
    return made


def spread(bench, agencies, agency_count):
    """Report block n (of BLOCK reports) goes to agency n mod ``agency_count`` (0: the demo's
    stays), the claimed and finished tasks to that agency's reviewer."""
    from django.db import connection, transaction
    from viewflow.workflow.models import Process

    report_table, task_table = _tables()
    rows = [(k, site.pk, form.pk, user.pk) for k, (site, form, user) in enumerate(agencies, start=1)]
    values = ", ".join(["(%s, %s, %s, %s)"] * len(rows))
    params = [v for row in rows for v in row]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f'UPDATE "{report_table}" AS r SET site_id = m.site_id, page_id = m.page_id '  # noqa: S608
            f"FROM (VALUES {values}) AS m(k, site_id, page_id, user_id) "
            f"WHERE r.reference LIKE %s AND (r.id / {BLOCK}) %% {agency_count} = m.k",
            [*params, f"{GEN_PREFIX}-2025-%"],
        )
        moved = cursor.rowcount
        cursor.execute(
            f'UPDATE "{task_table}" AS t SET owner_id = m.user_id '  # noqa: S608
            f'FROM "{Process._meta.db_table}" AS p, "{report_table}" AS r, '
            f"(VALUES {values}) AS m(k, site_id, page_id, user_id) "
            "WHERE t.process_id = p.id AND p.artifact_object_id = r.id AND r.site_id = m.site_id "
            "AND t.owner_id = %s",
            [*params, bench.reviewer.pk],
        )
    _vacuum(_tables())
    return moved


def put_back(bench, agencies):
    """Every report back to the demo agency and its form, every task back to the demo reviewer;
    then the agencies go (their pages, settings, reviewers)."""
    from django.contrib.auth import get_user_model
    from viewflow.workflow.models import Task

    from forms_app.models import Report

    sites = [site.pk for site, _form, _user in agencies]
    users = [user.pk for _site, _form, user in agencies]
    Task.objects.filter(owner_id__in=users).update(owner=bench.reviewer)
    Report.objects.filter(site_id__in=sites).update(site=bench.site, page=bench.fraud)
    _vacuum(_tables())
    left = Report.objects.filter(site_id__in=sites).count()
    if left:
        raise RuntimeError(f"{left} reports are still with the benchmark's agencies: not deleting them")
    for site, _form, _user in agencies:
        home = site.root_page
        site.delete()
        home.delete()
    get_user_model().objects.filter(pk__in=users).delete()


def _count_staying(agency_count):
    """The generated reports that stay the demo agency's (block 0 of every ``agency_count``)."""
    from django.db import connection

    report_table, _task_table = _tables()
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT COUNT(*) FROM "{report_table}" WHERE reference LIKE %s '  # noqa: S608
            f"AND (id / {BLOCK}) %% %s = 0",
            [f"{GEN_PREFIX}-2025-%", agency_count],
        )
        return cursor.fetchone()[0]


def screens(bench):
    """(name, url maker): the inbox, the queue (all, by incident type, by reference) of the demo
    reviewer, on the references that stay the demo agency's."""
    from django.db import connection

    from forms_app.models import Report, ReportStatus

    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT reference FROM "{Report._meta.db_table}" WHERE reference LIKE %s AND status = %s '  # noqa: S608
            f"AND (id / {BLOCK}) %% %s = 0 ORDER BY id LIMIT 20",
            [f"{GEN_PREFIX}-2025-%", ReportStatus.SUBMITTED, bench.cfg["agencies"]],
        )
        references = [row[0] for row in cursor.fetchall()]
    if not references:
        raise RuntimeError("no open report stays the demo agency's: too few reports for the agencies")
    incident_type = bench.fraud.incident_type_id
    base = "/workflow/tasks"
    return [
        ("inbox", lambda i: f"{base}/inbox/"),
        ("queue", lambda i: f"{base}/queue/"),
        ("queue by incident type", lambda i: f"{base}/queue/?incident_type={incident_type}"),
        ("search by reference", lambda i: f"{base}/queue/?reference={references[i % len(references)]}"),
    ]


def measure(bench, cookies, screen_list, agency_count):
    from bench.phases import _get, _ok

    cfg = bench.cfg
    for _name, path in screen_list:  # warm up
        load.run(bench.port, lambda i, p=path: _get(p(i), cookies), _ok, concurrency=1, max_requests=10, max_seconds=30)
    for rep in range(cfg["reps"]):
        for name, path in screen_list:
            result = load.run(
                bench.port,
                lambda i, p=path: _get(p(i), cookies),
                _ok,
                concurrency=1,
                max_requests=cfg["reviewer_requests"],
                max_seconds=60,
            )
            summary = {"agencies": agency_count, "rep": rep + 1, **result.summary()}
            bench.results["agencies"]["screens"].setdefault(name, []).append(summary)
            if result.refused or result.errors:
                bench.failures.append(f"{name} with {agency_count} agencies: {result.statuses} {result.samples[:1]}")
            log(
                f"agencies: {name} with {agency_count} agency(ies): p95 {summary['p95_ms']} ms, "
                f"{summary['queries']} queries (max {summary['queries_max']})"
            )


def agencies(bench):
    from bench.phases import _median
    from forms_app.models import Report
    from website.models import AgencySettings

    count = bench.cfg["agencies"]
    if count < 2:
        return
    total = Report.objects.filter(reference__startswith=f"{GEN_PREFIX}-2025-").count()
    bench.results["agencies"] = {"count": count, "reports": total, "screens": {}}
    cookies = bench.reviewer_cookies
    screen_list = screens(bench)
    measure(bench, cookies, screen_list, 1)

    generated = Report.objects.filter(reference__startswith=f"{GEN_PREFIX}-2025-")
    staying = _count_staying(count)
    began = time.monotonic()
    made = make_agencies(bench, count - 1)
    log(f"agencies: {count - 1} more agencies made in {time.monotonic() - began:.1f} s")
    try:
        began = time.monotonic()
        moved = spread(bench, made, count)
        log(f"agencies: {moved} of {total} reports moved to the other agencies in {time.monotonic() - began:.1f} s")
        prefixes = AgencySettings.objects.values_list("reference_prefix", flat=True)
        bench.account(
            "agencies",
            f"{count} agencies",
            {
                "agencies holding reports": (count, generated.values("site").distinct().count()),
                "reports the demo agency keeps": (staying, generated.filter(site=bench.site).count()),
                "reports moved": (total - staying, moved),
                "distinct reference prefixes": (len(prefixes), len(set(prefixes))),
            },
        )
        measure(bench, cookies, screen_list, count)
    finally:
        put_back(bench, made)
    bench.account(
        "agencies", "put back", {"reports of the demo agency": (total, generated.filter(site=bench.site).count())}
    )
    for name, runs in bench.results["agencies"]["screens"].items():
        one, many = (_median([r["queries"] for r in runs if r["agencies"] == n]) for n in (1, count))
        bench.account("agencies", f"{name} queries", {f"same query count with 1 and {count} agencies": (one, many)})
