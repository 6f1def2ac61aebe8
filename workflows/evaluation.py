"""An agency's evaluation figures from its reports' history, for a period: reports received (by
month, incident type, language), the time to first review, to decision and to the RMS case
number (median, 90th percentile, share within the agency's target in working days), the
request-information and answer rates, rejections by reason, RMS delivery failures and refusals,
the officer-hours and cost saved, and the online share of all reports.

Each figure set is a fixed number of queries, however many reports (counted in the database;
the durations read one row of timestamps per report): see docs/adr/0018-evaluation-figures.md.
Times are in working days: a day that is a Saturday, a Sunday or an Ontario public holiday
(the ``holidays`` package) does not count; a working day counts whole, midnight to midnight.
"""

import datetime
import math
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

import holidays
from django.db.models import Count, Exists, Min, OuterRef, Q, Subquery
from django.db.models.functions import TruncMonth
from django.utils import timezone

from forms_app.models import IncidentType, Report, ReportStatus, ReportStatusChange, SupplementalNote
from rms_export.models import Delivery, DeliveryStatus

from .models import EvaluationSettings, MonthlyReportTotal

DAY = 86400
DECIDED = [ReportStatus.APPROVED, ReportStatus.EXPORTED, ReportStatus.REJECTED]
ACCEPTED = [ReportStatus.APPROVED, ReportStatus.EXPORTED]


# Working days -------------------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _holidays(year):
    return frozenset(holidays.Canada(subdiv="ON", years=year))


def is_working_day(day):
    return day.weekday() < 5 and day not in _holidays(day.year)


class WorkingClock:
    """Working time between two moments: the local clock's time on working days only. Reads
    the calendar once per day it meets (a cumulative count of working days), so a year of
    reports costs one dictionary look-up per moment."""

    def __init__(self):
        self.first = self.last = None
        self.before = {}  # {date: working days from ``first`` to date, date excluded}: contiguous

    def _days_before(self, day):
        if self.first is None:
            self.first = self.last = day
            self.before[day] = 0
        while day > self.last:
            count = self.before[self.last] + is_working_day(self.last)
            self.last += datetime.timedelta(days=1)
            self.before[self.last] = count
        while day < self.first:
            self.first -= datetime.timedelta(days=1)
            self.before[self.first] = self.before[self.first + datetime.timedelta(days=1)] - is_working_day(self.first)
        return self.before[day]

    def seconds(self, moment):
        """Working seconds from the origin to ``moment`` (an aware datetime)."""
        local = timezone.localtime(moment)
        day = local.date()
        since_midnight = local.hour * 3600 + local.minute * 60 + local.second + local.microsecond / 1e6
        return self._days_before(day) * DAY + (since_midnight if is_working_day(day) else 0)

    def days_between(self, start, end):
        """Working days from ``start`` to ``end`` (a float: 0.5 is twelve working hours)."""
        return (self.seconds(end) - self.seconds(start)) / DAY


def working_days(start, end):
    return WorkingClock().days_between(start, end)


# Statistics ---------------------------------------------------------------------------------------


def percentile(values, q):
    """The ``q`` quantile (0 to 1) of ``values``, linearly interpolated between the two nearest
    ranks (the "inclusive" method: ``statistics.quantiles(method="inclusive")``); None if empty."""
    ordered = sorted(values)
    if not ordered:
        return None
    position = (len(ordered) - 1) * q
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass
class Duration:
    """One of the times: how many reports of the period reached the step, and in how many working days."""

    reached: int
    waiting: int  # reports of the period that have not reached it (yet)
    median: float | None
    p90: float | None
    within_target: int
    target_days: int

    @property
    def share_within_target(self):
        return self.within_target / self.reached if self.reached else None


def duration(values, *, waiting, target_days):
    return Duration(
        reached=len(values),
        waiting=waiting,
        median=percentile(values, 0.5),
        p90=percentile(values, 0.9),
        within_target=sum(1 for v in values if v <= target_days),
        target_days=target_days,
    )


# The figures --------------------------------------------------------------------------------------


@dataclass
class Evaluation:
    start: datetime.date
    end: datetime.date
    settings: EvaluationSettings
    received: int
    by_month: list  # (first day of the month, reports)
    by_incident_type: list  # (IncidentType, reports), most first
    by_language: list  # (language code, reports), most first
    first_review: Duration
    decision: Duration
    case_number: Duration
    info_requested: int
    info_answered: int
    rejected: int
    rejections: list  # (reason as chosen, reports), most first
    accepted: int
    deliveries: dict  # {DeliveryStatus value: deliveries}
    online_share: list = field(default_factory=list)  # (month, online, all reports, share)

    @property
    def info_request_rate(self):
        return self.info_requested / self.received if self.received else None

    @property
    def answer_rate(self):
        return self.info_answered / self.info_requested if self.info_requested else None

    @property
    def reject_rate(self):
        return self.rejected / self.received if self.received else None

    def reject_rates(self):
        """(reason, reports, share of the reports received) per reason."""
        return [(reason, n, n / self.received) for reason, n in self.rejections] if self.received else []

    @property
    def delivery_failures(self):
        return self.deliveries.get(DeliveryStatus.FAILED, 0)

    @property
    def delivery_refusals(self):
        return self.deliveries.get(DeliveryStatus.REJECTED, 0)

    @property
    def officer_hours_saved(self):
        return Decimal(self.accepted * self.settings.minutes_per_report) / 60

    @property
    def cost_avoided(self):
        return self.accepted * self.settings.cost_per_report

    @property
    def overall_online_share(self):
        """Online reports over all reports, in the months whose total was entered (None: none was)."""
        online = sum(row[1] for row in self.online_share)
        total = sum(row[2] for row in self.online_share)
        return online / total if total else None


def _bounds(start, end):
    """The aware moments from ``start``'s midnight to the midnight after ``end`` (local time)."""
    zone = timezone.get_current_timezone()
    begin = datetime.datetime.combine(start, datetime.time.min, tzinfo=zone)
    finish = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
    return begin, finish


def reports_of(site, start, end, incident_type=None):
    """``site``'s reports sent from ``start`` to ``end`` (dates, both included)."""
    begin, finish = _bounds(start, end)
    reports = Report.objects.filter(site=site, submit_time__gte=begin, submit_time__lt=finish)
    if incident_type is not None:
        reports = reports.filter(incident_type=incident_type)
    return reports


def _first(status):
    statuses = status if isinstance(status, list) else [status]
    return Min("history__at", filter=Q(history__status__in=statuses))


def received(reports):
    """(by month, by incident type, by language): three queries."""
    zone = timezone.get_current_timezone()
    months = (
        reports.order_by()
        .annotate(month=TruncMonth("submit_time", tzinfo=zone))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    )
    by_month = [(row["month"].date() if hasattr(row["month"], "date") else row["month"], row["n"]) for row in months]
    types = dict(reports.order_by().values_list("incident_type").annotate(n=Count("pk")))
    named = IncidentType.objects.in_bulk(list(types))
    by_type = sorted(((named[pk], n) for pk, n in types.items()), key=lambda row: (-row[1], str(row[0])))
    languages = reports.order_by().values_list("language").annotate(n=Count("pk"))
    by_language = sorted(languages, key=lambda row: (-row[1], row[0]))
    return by_month, by_type, by_language


def durations(reports, target_days):
    """(first review, decision, case number) as ``Duration``: one query (a row of four
    timestamps per report), the working days worked out here."""
    rows = (
        reports.order_by()
        .annotate(
            review=_first(ReportStatus.IN_REVIEW), decided=_first(DECIDED), exported=_first(ReportStatus.EXPORTED)
        )
        .values_list("submit_time", "review", "decided", "exported")
    )
    clock = WorkingClock()
    found = ([], [], [])
    total = 0
    for row in rows:
        total += 1
        sent = row[0]
        for values, moment in zip(found, row[1:], strict=True):
            if moment is not None:
                values.append(clock.days_between(sent, moment))
    return tuple(duration(values, waiting=total - len(values), target_days=target_days) for values in found)


def information(reports):
    """(reports asked for more information, of them those the citizen answered with a note
    after the first question: ``forms_app.canonical._information_requests`` takes the first note
    after a question as its answer). One query."""
    first_question = (
        ReportStatusChange.objects.filter(report=OuterRef("pk"), status=ReportStatus.INFO_REQUESTED)
        .order_by("at")
        .values("at")[:1]
    )
    answered = SupplementalNote.objects.filter(report=OuterRef("pk"), created__gte=OuterRef("asked"))
    figures = (
        reports.order_by()
        .annotate(asked=Subquery(first_question))
        .annotate(answered=Exists(answered))
        .aggregate(
            asked_n=Count("pk", filter=Q(asked__isnull=False)),
            answered_n=Count("pk", filter=Q(asked__isnull=False, answered=True)),
        )
    )
    return figures["asked_n"], figures["answered_n"]


NO_REASON = ""


def rejections(reports):
    """(rejected reports, [(reason, reports)]): the reason as staff chose it, the first line of
    the rejection's internal note (workflows.views.ReviewView writes the reason's title there);
    a report rejected twice counts once, by its last rejection. One query."""
    last = {}
    for report_id, note in (
        ReportStatusChange.objects.filter(report__in=reports, status=ReportStatus.REJECTED)
        .order_by("at", "pk")
        .values_list("report_id", "note")
    ):
        last[report_id] = (note or "").split("\n", 1)[0].strip() or NO_REASON
    counts = {}
    for reason in last.values():
        counts[reason] = counts.get(reason, 0) + 1
    return len(last), sorted(counts.items(), key=lambda row: (-row[1], row[0]))


def accepted(reports):
    """Reports accepted (approved, or given a case number). One query."""
    return (
        ReportStatusChange.objects.filter(report__in=reports, status__in=ACCEPTED).values("report").distinct().count()
    )


def deliveries(reports):
    """{delivery status: deliveries} of the reports' RMS deliveries. One query."""
    rows = Delivery.objects.filter(report__in=reports).order_by().values_list("status").annotate(n=Count("pk"))
    return dict(rows)


def online_share(site, by_month, start, end):
    """(month, online reports, all reports, share) of each month of the period whose total the
    agency entered (``MonthlyReportTotal``). One query."""
    online = dict(by_month)
    first = start.replace(day=1)
    totals = MonthlyReportTotal.objects.filter(site=site, month__gte=first, month__lte=end).order_by("month")
    return [
        (row.month, online.get(row.month, 0), row.total, online.get(row.month, 0) / row.total if row.total else None)
        for row in totals
    ]


def evaluate(site, start, end, *, incident_type=None):
    """Every figure of ``site`` for the reports sent from ``start`` to ``end`` (dates, both
    included), of one ``incident_type`` if given. Twelve queries, however many reports."""
    settings = EvaluationSettings.for_site(site)
    reports = reports_of(site, start, end, incident_type)
    by_month, by_type, by_language = received(reports)
    review, decision, case_number = durations(reports, settings.target_working_days)
    asked, answered = information(reports)
    rejected, reasons = rejections(reports)
    return Evaluation(
        start=start,
        end=end,
        settings=settings,
        received=sum(n for _month, n in by_month),
        by_month=by_month,
        by_incident_type=by_type,
        by_language=by_language,
        first_review=review,
        decision=decision,
        case_number=case_number,
        info_requested=asked,
        info_answered=answered,
        rejected=rejected,
        rejections=reasons,
        accepted=accepted(reports),
        deliveries=deliveries(reports),
        online_share=online_share(site, by_month, start, end),
    )
