"""The report forms' funnel, counted without personal data: how many journeys opened a form,
passed its screening, were stopped (by which question), reached each section, saved for later,
resumed, reached check answers and sent; and how many were abandoned (never sent within 48 hours).

Counting (``record``): each step once per journey. A journey is one citizen's way through one
form (and its translations) in one browser session: the session keeps when it was opened and
which steps were counted already, so a refresh or Back counts nothing twice. It begins when the
form is opened, and ends when the report is sent or 48 hours after it was opened; opening the form
after that begins a new one. Each count is one SQL statement (an upsert, see
docs/adr/0018-evaluation-figures.md). Nothing about the person is kept: the rows are
``FunnelCount`` (site, form, language, day, step, detail, count).

Reading (``funnel``): the figures of an agency for a period, for the evaluation dashboard.
"""

import datetime
from dataclasses import dataclass, field

from django.db import connections, router
from django.db.models import Q, Sum
from django.utils import timezone, translation

from .drafts import draft_key, request_site_id
from .models import FunnelCount, FunnelStep, ScreeningQuestion

SESSION_KEY = "openreport.funnel"
# A journey not sent within this many hours of being opened is abandoned.
ABANDONED_AFTER = datetime.timedelta(hours=48)
# The detail of the "sent" rows counted by the day (page, language) the journey was opened.
BY_OPENED_DAY = "by_opened_day"
# The steps one after the other (each section reached comes between screening and check answers).
PATH = [FunnelStep.OPENED, FunnelStep.SCREENING_PASSED, FunnelStep.CHECK_REACHED, FunnelStep.SENT]


# Counting ---------------------------------------------------------------------------------------


def _increment(site_id, page_id, language, day, step, detail=""):
    """One more in the row (site, page, language, day, step, detail): one INSERT ... ON CONFLICT
    DO UPDATE statement (PostgreSQL and SQLite), with the ORM's table and column names."""
    connection = connections[router.db_for_write(FunnelCount)]
    quote = connection.ops.quote_name
    meta = FunnelCount._meta
    table = quote(meta.db_table)
    key = [quote(meta.get_field(name).column) for name in ("site", "page", "language", "day", "step", "detail")]
    count = quote(meta.get_field("count").column)
    # Only the model's own table and column names are put in the text; the values are parameters.
    columns = ", ".join(key)
    sql = (
        f"INSERT INTO {table} ({columns}, {count}) VALUES (%s, %s, %s, %s, %s, %s, 1) "  # noqa: S608
        f"ON CONFLICT ({columns}) DO UPDATE SET {count} = {table}.{count} + 1"
    )
    params = [site_id, page_id, language[:8], connection.ops.adapt_datefield_value(day), str(step), detail[:255]]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _opened_at(journey):
    try:
        return datetime.datetime.fromisoformat(journey.get("opened") or "")
    except (TypeError, ValueError):
        return None


def _current(journey, now):
    """Is ``journey`` (the session's note, or None) still going at ``now``: not sent, and opened
    less than 48 hours ago? A journey whose opening this session did not see (its session ended
    and the citizen came back in the middle) goes on until it is sent."""
    if not journey or journey.get("sent"):
        return False
    opened = _opened_at(journey)
    return opened is None or now - opened < ABANDONED_AFTER


def journey_of(request, page):
    """The session's note of the journey through ``page`` (and its translations), or {}."""
    return (request.session.get(SESSION_KEY) or {}).get(draft_key(page)) or {}


def set_journey(request, page, journey):
    journeys = request.session.get(SESSION_KEY) or {}
    journeys[draft_key(page)] = journey
    request.session[SESSION_KEY] = journeys
    request.session.modified = True


def record(request, page, step, detail="", *, now=None):
    """Count ``step`` (a ``FunnelStep``; ``detail``: the question's name for a stop, the
    section's number for a section) of the request's journey through ``page``, unless this
    journey counted it already. Returns whether it was counted."""
    now = now or timezone.now()
    detail = str(detail)
    journey = journey_of(request, page)
    language = translation.get_language() or "en"
    if step == FunnelStep.OPENED:
        if _current(journey, now):
            return False  # a refresh, Back, or the form opened again while answering it
        journey = {"opened": now.isoformat(), "page": page.pk, "language": language, "seen": []}
    elif not _current(journey, now):
        # No journey here yet (the session was lost, or a report sent and a step of it shown
        # again): counted from this step, its opening unknown.
        journey = {"opened": None, "seen": []}
    event = f"{step}:{detail}" if detail else str(step)
    if event in journey["seen"]:
        return False
    journey["seen"].append(event)
    site_id = request_site_id(request)
    _increment(site_id, page.pk, language, timezone.localdate(now), step, detail)
    if step == FunnelStep.SENT:
        journey["sent"] = True
        opened = _opened_at(journey)
        if opened is not None and now - opened <= ABANDONED_AFTER:
            page_id = journey.get("page") or page.pk
            opened_in = journey.get("language") or language
            _increment(site_id, page_id, opened_in, timezone.localdate(opened), FunnelStep.SENT, BY_OPENED_DAY)
    set_journey(request, page, journey)
    return True


# Reading ----------------------------------------------------------------------------------------


@dataclass
class FunnelRow:
    """One step of the path: its count, and how many fewer than the step before it reached it."""

    step: str
    label: str
    count: int
    detail: str = ""
    drop_off: int | None = None  # None: the first step
    drop_off_rate: float | None = None  # of the step before; None when that step counted none


@dataclass
class Stop:
    question: str  # the question's name (or, for counts kept before names, its text)
    text: str  # the question as the form asks it now (its name when the form no longer has it)
    count: int


@dataclass
class Abandonment:
    """Journeys opened on the days settled by ``until`` (48 hours past) and not sent within 48 hours."""

    until: datetime.date | None  # the last day counted; None: no day of the period is settled yet
    opened: int
    sent: int

    @property
    def abandoned(self):
        return max(self.opened - self.sent, 0)

    @property
    def rate(self):
        return self.abandoned / self.opened if self.opened else None


@dataclass
class Funnel:
    start: datetime.date
    end: datetime.date
    totals: dict  # {step: count}; "section_reached" is the journeys that reached the first section
    path: list  # FunnelRow: opened, screening passed, each section, check answers, sent
    stops: list  # Stop, most first
    sections: dict  # {section number: journeys that reached it}
    abandonment: Abandonment
    by_day: dict = field(default_factory=dict)  # {day: {step: count}} when asked
    by_language: dict = field(default_factory=dict)  # {language: {step: count}} when asked


def _rate(lost, before):
    return lost / before if before else None


def settled_until(now=None):
    """The last day whose journeys have all had their 48 hours: the journeys opened on day D
    are settled at the start of D + 3 (midnight after D, plus 48 hours)."""
    return timezone.localdate(now or timezone.now()) - datetime.timedelta(days=3)


def funnel(site, start, end, *, page=None, language=None, by_day=False, by_language=False, now=None):
    """The funnel of ``site``'s forms from ``start`` to ``end`` (dates, both included); of one
    form (``page``, with its translations) and one ``language`` if given. ``by_day`` and
    ``by_language`` add each step's counts per day and per language. At most four queries,
    however long the period."""
    rows = FunnelCount.objects.filter(site=site, day__gte=start, day__lte=end)
    if page is not None:
        rows = rows.filter(page__translation_key=page.translation_key)
    if language:
        rows = rows.filter(language=language)
    until = min(settled_until(now), end)
    grouped = rows.values("step", "detail").annotate(n=Sum("count"), settled=Sum("count", filter=Q(day__lte=until)))
    counts, settled = {}, {}
    for row in grouped:
        counts[(row["step"], row["detail"])] = row["n"] or 0
        settled[(row["step"], row["detail"])] = row["settled"] or 0

    def total(step):
        return sum(n for (s, detail), n in counts.items() if s == step and detail == "")

    sections = {
        int(detail): n for (s, detail), n in counts.items() if s == FunnelStep.SECTION_REACHED and detail.isdigit()
    }
    stopped = {detail: n for (s, detail), n in counts.items() if s == FunnelStep.STOPPED}
    totals = {str(step): total(step) for step in FunnelStep}
    totals[FunnelStep.STOPPED] = sum(stopped.values())
    totals[FunnelStep.SECTION_REACHED] = sections.get(1, 0)
    labels = dict(FunnelStep.choices)
    path_steps = [(FunnelStep.OPENED, ""), (FunnelStep.SCREENING_PASSED, "")]
    path_steps += [(FunnelStep.SECTION_REACHED, str(number)) for number in sorted(sections)]
    path_steps += [(FunnelStep.CHECK_REACHED, ""), (FunnelStep.SENT, "")]
    path, before = [], None
    for step, detail in path_steps:
        n = sections[int(detail)] if detail else totals[step]
        lost = None if before is None else before - n
        path.append(
            FunnelRow(
                step=str(step),
                label=str(labels[step]),
                count=n,
                detail=detail,
                drop_off=lost,
                drop_off_rate=None if before is None else _rate(lost, before),
            )
        )
        before = n
    texts = _question_texts(site, stopped)
    stops = [Stop(question=k, text=texts.get(k, k), count=n) for k, n in stopped.items()]
    stops.sort(key=lambda stop: (-stop.count, stop.text))
    abandonment = Abandonment(
        until=until if until >= start else None,
        opened=sum(n for (s, d), n in settled.items() if s == FunnelStep.OPENED and d == ""),
        sent=sum(n for (s, d), n in settled.items() if s == FunnelStep.SENT and d == BY_OPENED_DAY),
    )
    result = Funnel(start, end, totals, path, stops, sections, abandonment)
    if by_day:
        result.by_day = _by(rows, "day")
    if by_language:
        result.by_language = _by(rows, "language")
    return result


def _by(rows, column):
    """{value of ``column``: {step: count}} (the "sent by opened day" rows apart, as "abandonment")."""
    found = {}
    per = rows.exclude(step=FunnelStep.SENT, detail=BY_OPENED_DAY).values(column, "step").annotate(n=Sum("count"))
    for row in per.order_by(column, "step"):
        found.setdefault(row[column], {})[row["step"]] = row["n"]
    return found


def _question_texts(site, names):
    """{question name: its text as the site's forms ask it now, in the active language when a
    form of that language has it}. One query."""
    if not names:
        return {}
    language = translation.get_language() or "en"
    counted_pages = FunnelCount.objects.filter(site=site).values("page")
    questions = ScreeningQuestion.objects.filter(name__in=list(names), page__in=counted_pages).values_list(
        "name", "question", "page__locale__language_code"
    )
    texts = {}
    for name, text, locale in questions:
        if name not in texts or locale == language:
            texts[name] = text
    return texts
