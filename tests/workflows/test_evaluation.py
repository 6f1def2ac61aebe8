"""The workflow's evaluation figures, each against a hand-computed fixture of six reports with
exact timestamps (America/Toronto), across weekends and Ontario holidays (Family Day, Canada
Day, Christmas and the observed Boxing Day)."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import tablib
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forms_app.models import Report, ReportStatusChange, SupplementalNote
from rms_export.models import Delivery, DeliveryStatus, Destination
from tests.factories import demo_site, make_agency, make_report
from workflows.evaluation import evaluate, percentile, working_days
from workflows.models import EvaluationSettings, MonthlyReportTotal
from workflows.resources import MonthlyReportTotalResource

pytestmark = pytest.mark.django_db
TORONTO = ZoneInfo("America/Toronto")
YEAR = (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))


def at(text):
    return datetime.datetime.fromisoformat(text).replace(tzinfo=TORONTO)


def report(site, sent, history, *, language="en", notes=()):
    made = make_report(site)
    Report.objects.filter(pk=made.pk).update(submit_time=at(sent), language=language)
    for status, moment, *note in history:
        ReportStatusChange.objects.create(report=made, status=status, at=at(moment), note=note[0] if note else "")
    for moment in notes:
        SupplementalNote.objects.create(report=made, text="More details.", created=at(moment))
    return made


@pytest.fixture
def site():
    return demo_site()


@pytest.fixture
def reports(site):
    r1 = report(  # Friday before Family Day (Monday 16 February)
        site,
        "2026-02-13 16:00",
        [("in_review", "2026-02-17 10:00"), ("approved", "2026-02-17 12:00"), ("exported", "2026-02-18 12:00")],
    )
    r2 = report(
        site,
        "2026-03-02 09:00",
        [("in_review", "2026-03-02 15:00"), ("rejected", "2026-03-04 09:00", "Not a police matter\nSeen twice.")],
    )
    r3 = report(  # across Canada Day (Wednesday 1 July); more information asked and answered
        site,
        "2026-06-30 12:00",
        [
            ("in_review", "2026-07-02 12:00"),
            ("info_requested", "2026-07-02 13:00"),
            ("approved", "2026-07-06 12:00"),
            ("exported", "2026-07-07 12:00"),
        ],
        language="fr",
        notes=["2026-07-03 10:00"],
    )
    r4 = report(  # sent on a Saturday; asked, never answered (its note came before the question)
        site,
        "2026-03-07 10:00",
        [
            ("in_review", "2026-03-09 06:00"),
            ("info_requested", "2026-03-09 07:00"),
            ("rejected", "2026-03-16 06:00", "Needs an officer"),
        ],
        notes=["2026-03-08 10:00"],
    )
    r5 = report(site, "2026-04-01 08:00", [])  # not reviewed yet
    r6 = report(  # Christmas Eve: Christmas, the weekend and Boxing Day observed (Monday 28) in between
        site,
        "2026-12-24 12:00",
        [("in_review", "2026-12-29 10:00"), ("approved", "2026-12-29 11:00"), ("exported", "2026-12-29 12:00")],
    )
    destination = Destination.objects.filter(site=site).first()
    for made, status in ((r1, DeliveryStatus.DELIVERED), (r3, DeliveryStatus.FAILED), (r6, DeliveryStatus.REJECTED)):
        Delivery.objects.create(report=made, destination=destination, status=status)
    return [r1, r2, r3, r4, r5, r6]


def test_working_days_skip_weekends_and_ontario_holidays():
    assert working_days(at("2026-02-13 16:00"), at("2026-02-17 10:00")) == pytest.approx(0.75)  # Family Day
    assert working_days(at("2026-06-30 12:00"), at("2026-07-02 12:00")) == pytest.approx(1.0)  # Canada Day
    assert working_days(at("2026-03-07 10:00"), at("2026-03-09 06:00")) == pytest.approx(0.25)  # a weekend
    assert working_days(at("2026-12-24 12:00"), at("2026-12-29 12:00")) == pytest.approx(1.0)  # Christmas
    assert working_days(at("2026-03-09 06:00"), at("2026-03-16 06:00")) == pytest.approx(5.0)


def test_percentiles_of_even_and_odd_counts():
    assert percentile([1.0, 0.25, 0.75, 0.25], 0.5) == pytest.approx(0.5)
    assert percentile([1.0, 0.25, 0.75, 0.25], 0.9) == pytest.approx(0.925)
    assert percentile([3, 1, 2], 0.5) == 2
    assert percentile([], 0.5) is None


def test_every_figure_against_the_hand_computed_fixture(site, reports):
    MonthlyReportTotal.objects.create(site=site, month=datetime.date(2026, 2, 1), total=4)
    MonthlyReportTotal.objects.create(site=site, month=datetime.date(2026, 3, 1), total=20)
    other = make_agency()
    report(other, "2026-03-03 10:00", [("in_review", "2026-03-03 11:00"), ("approved", "2026-03-03 12:00")])
    figures = evaluate(site, *YEAR)
    assert figures.received == 6
    assert figures.by_month == [
        (datetime.date(2026, 2, 1), 1),
        (datetime.date(2026, 3, 1), 2),
        (datetime.date(2026, 4, 1), 1),
        (datetime.date(2026, 6, 1), 1),
        (datetime.date(2026, 12, 1), 1),
    ]
    assert figures.by_language == [("en", 5), ("fr", 1)]
    assert [(str(t), n) for t, n in figures.by_incident_type] == [(str(reports[0].incident_type), 6)]
    # First review: 0.75, 0.25, 1.0, 0.25, 0.9167 (22 working hours) working days; one waiting.
    review = figures.first_review
    assert (review.reached, review.waiting, review.within_target) == (5, 1, 5)
    assert review.median == pytest.approx(0.75)
    assert review.p90 == pytest.approx(22 / 24 + (1 - 22 / 24) * 0.6)
    # Decision: 0.8333, 2.0, 3.0, 5.25 (Saturday 10:00 to Monday a week later 06:00), 0.9583.
    decision = figures.decision
    assert (decision.reached, decision.within_target) == (5, 3)
    assert decision.median == pytest.approx(2.0)
    assert decision.p90 == pytest.approx(3 + 2.25 * 0.6)
    assert decision.share_within_target == pytest.approx(3 / 5)
    # Case number: 1.8333, 4.0, 1.0.
    case = figures.case_number
    assert (case.reached, case.waiting, case.within_target) == (3, 3, 2)
    assert case.median == pytest.approx(44 / 24)
    assert case.p90 == pytest.approx(44 / 24 + (4 - 44 / 24) * 0.8)
    assert (figures.info_requested, figures.info_answered) == (2, 1)
    assert figures.info_request_rate == pytest.approx(2 / 6) and figures.answer_rate == pytest.approx(0.5)
    assert figures.rejected == 2 and figures.reject_rate == pytest.approx(2 / 6)
    assert figures.rejections == [("Needs an officer", 1), ("Not a police matter", 1)]
    assert figures.accepted == 3
    assert figures.officer_hours_saved == Decimal("2.25")
    assert figures.cost_avoided == Decimal("165.00")
    assert (figures.delivery_failures, figures.delivery_refusals) == (1, 1)
    assert figures.online_share == [
        (datetime.date(2026, 2, 1), 1, 4, 0.25),
        (datetime.date(2026, 3, 1), 2, 20, 0.1),
    ]
    assert figures.overall_online_share == pytest.approx(3 / 24)
    assert evaluate(other, *YEAR).received == 1


def test_a_period_an_even_count_and_the_agencys_own_constants(site, reports):
    settings = EvaluationSettings.for_site(site)
    settings.target_working_days, settings.minutes_per_report, settings.cost_per_report = 1, 60, Decimal("10.00")
    settings.save()
    figures = evaluate(site, datetime.date(2026, 1, 1), datetime.date(2026, 11, 30))
    assert figures.received == 5
    assert figures.first_review.median == pytest.approx(0.5)  # 0.25, 0.25, 0.75, 1.0
    assert figures.first_review.p90 == pytest.approx(0.925)
    assert figures.decision.within_target == 1  # 0.8333 only
    assert (figures.accepted, figures.officer_hours_saved, figures.cost_avoided) == (2, 2, Decimal("20.00"))
    by_type = evaluate(site, *YEAR, incident_type=reports[0].incident_type)
    assert by_type.received == 6


def test_the_number_of_queries_does_not_grow_with_the_reports(site):
    def count():
        with CaptureQueriesContext(connection) as captured:
            evaluate(site, *YEAR)
        return len(captured)

    for day in range(5):
        report(site, f"2026-05-{day + 4:02d} 10:00", [("in_review", f"2026-05-{day + 4:02d} 12:00")])
    count()  # the first reading makes the agency's evaluation settings row
    few = count()
    for n in range(45):
        report(site, f"2026-0{n % 9 + 1}-1{n % 9} 09:00", [("rejected", f"2026-0{n % 9 + 1}-1{n % 9} 10:00", "X")])
    assert count() == few
    assert few <= 12


def test_monthly_totals_import_for_one_agency():
    site, other = demo_site(), make_agency()
    MonthlyReportTotal.objects.create(site=other, month=datetime.date(2026, 3, 1), total=99)
    dataset = tablib.Dataset(headers=["month", "total"])
    dataset.append(["2026-03", "120"])
    dataset.append(["2026-04-01", "90"])
    result = MonthlyReportTotalResource(site=site).import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert sorted(MonthlyReportTotal.objects.filter(site=site).values_list("month", "total")) == [
        (datetime.date(2026, 3, 1), 120),
        (datetime.date(2026, 4, 1), 90),
    ]
    assert MonthlyReportTotal.objects.get(site=other).total == 99
    exported = MonthlyReportTotalResource(site=site).export().csv
    assert exported.splitlines() == ["month,total", "2026-03,120", "2026-04,90"]
    bad = tablib.Dataset(headers=["month", "total"])
    bad.append(["March", "1"])
    refused = MonthlyReportTotalResource(site=site).import_data(bad, dry_run=True)
    assert refused.has_validation_errors() or refused.has_errors()
