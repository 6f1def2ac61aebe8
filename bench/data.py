"""Reports in bulk, quickly: one report is made through the real submission path (report,
history, workflow process, tasks, deadline), then its rows are cloned with PostgreSQL ``COPY``.

Every tenth report has an open review task (one in ten of those claimed by the reviewer); the
others were reviewed by the reviewer and approved. Their references are ``<prefix>-2025-NNNNNN``:
a year the live sequence does not use, so they never collide with reports sent during the run.
"""

import datetime
import io
import json
import uuid

from django.db import connection, transaction
from viewflow.workflow.models import Process, Task
from viewflow.workflow.status import STATUS

from forms_app.models import Report, ReportStatus, ReportStatusChange
from workflows.models import TaskDeadline

YEAR = 2025
START = datetime.datetime(YEAR, 1, 1, 8, 0, tzinfo=datetime.UTC)
STEP = datetime.timedelta(minutes=5)  # 100,000 reports span most of the year
CHUNK = 10_000


def is_open(index):
    return index % 10 == 0


def is_claimed(index):
    return index % 100 == 0


def submitted_at(index):
    return START + index * STEP


def _copy_value(value):
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime.datetime | datetime.date):
        text = value.isoformat()
    elif isinstance(value, dict | list):
        text = json.dumps(value)
    else:
        text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _select(cursor, table, where, params):
    cursor.execute(f'SELECT * FROM "{table}" WHERE {where} ORDER BY 1', params)  # noqa: S608
    columns = [c.name for c in cursor.description]
    return columns, [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def _copy(cursor, table, columns, rows):
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(_copy_value(row[c]) for c in columns))
        buffer.write("\n")
    buffer.seek(0)
    names = ", ".join(f'"{c}"' for c in columns)
    cursor.copy_expert(f'COPY "{table}" ({names}) FROM STDIN', buffer)


def _next_id(cursor, table):
    cursor.execute(f'SELECT COALESCE(MAX(id), 0) + 1 FROM "{table}"')  # noqa: S608
    return cursor.fetchone()[0]


def _reset_sequence(cursor, table):
    cursor.execute(
        f"SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT MAX(id) FROM \"{table}\"))",  # noqa: S608
        [table],
    )


class Template:
    """The rows one real submission made, read back to be cloned."""

    def __init__(self, report):
        tables = {
            "report": Report._meta.db_table,
            "history": ReportStatusChange._meta.db_table,
            "process": Process._meta.db_table,
            "task": Task._meta.db_table,
            "previous": Task.previous.through._meta.db_table,
            "deadline": TaskDeadline._meta.db_table,
        }
        self.tables = tables
        with connection.cursor() as cursor:
            self.report = _select(cursor, tables["report"], "id = %s", [report.pk])
            self.history = _select(cursor, tables["history"], "report_id = %s", [report.pk])
            process = Process.objects.get(artifact_object_id=report.pk)
            self.process = _select(cursor, tables["process"], "id = %s", [process.pk])
            self.task = _select(cursor, tables["task"], "process_id = %s", [process.pk])
            task_ids = [row["id"] for row in self.task[1]]
            self.previous = _select(cursor, tables["previous"], "from_task_id = ANY(%s)", [task_ids])
            self.deadline = _select(cursor, tables["deadline"], "task_id = ANY(%s)", [task_ids])
        review = [t for t in self.task[1] if t["status"] == STATUS.NEW]
        if len(self.task[1]) != 2 or len(review) != 1 or len(self.deadline[1]) != 1:
            raise RuntimeError("the template submission did not make one start task and one open review task")
        self.review_id = review[0]["id"]


def generate(template, first, count, *, prefix, reviewer_id):
    """Clone the template as reports number ``first`` .. ``first + count - 1``."""
    t = template
    for chunk_start in range(first, first + count, CHUNK):
        indexes = range(chunk_start, min(first + count, chunk_start + CHUNK))
        with transaction.atomic(), connection.cursor() as cursor:
            ids = {name: _next_id(cursor, table) for name, table in t.tables.items() if name != "previous"}
            rows = {name: [] for name in t.tables}
            for n, index in enumerate(indexes):
                at = submitted_at(index)
                report_id = ids["report"] + n
                open_ = is_open(index)
                report = dict(t.report[1][0])
                report.update(
                    id=report_id,
                    reference=f"{prefix}-{YEAR}-{index + 1:06d}",
                    submission_token=uuid.uuid4(),
                    submit_time=at,
                    status=ReportStatus.SUBMITTED if open_ else ReportStatus.APPROVED,
                    confirmation_sent_at=at,
                )
                rows["report"].append(report)
                for h, history in enumerate(t.history[1]):
                    rows["history"].append(
                        {**history, "id": ids["history"] + n * len(t.history[1]) + h, "report_id": report_id, "at": at}
                    )
                process_id = ids["process"] + n
                rows["process"].append(
                    {**t.process[1][0], "id": process_id, "artifact_object_id": report_id, "created": at}
                )
                task_map = {}
                for k, task in enumerate(t.task[1]):
                    task_id = ids["task"] + n * len(t.task[1]) + k
                    task_map[task["id"]] = task_id
                    row = {**task, "id": task_id, "process_id": process_id, "created": at}
                    if task["id"] == t.review_id:
                        later = at + datetime.timedelta(hours=1)
                        if not open_:
                            row.update(
                                status=STATUS.DONE, owner_id=reviewer_id, assigned=later, started=later, finished=later
                            )
                        elif is_claimed(index):
                            row.update(status=STATUS.ASSIGNED, owner_id=reviewer_id, assigned=later)
                    else:
                        row.update(started=at, finished=at)
                    rows["task"].append(row)
                for previous in t.previous[1]:
                    rows["previous"].append(
                        {
                            **previous,
                            "id": None,
                            "from_task_id": task_map[previous["from_task_id"]],
                            "to_task_id": task_map[previous["to_task_id"]],
                        }
                    )
                deadline = t.deadline[1][0]
                rows["deadline"].append(
                    {
                        **deadline,
                        "id": ids["deadline"] + n,
                        "task_id": task_map[deadline["task_id"]],
                        "due_at": at + datetime.timedelta(days=2),
                    }
                )
            for name in ("report", "history", "process", "task", "previous", "deadline"):
                columns = getattr(t, name)[0]
                if name == "previous":
                    columns = [c for c in columns if c != "id"]
                _copy(cursor, t.tables[name], columns, rows[name])
            for table in t.tables.values():
                _reset_sequence(cursor, table)
    with connection.cursor() as cursor:
        for table in t.tables.values():
            cursor.execute(f'ANALYZE "{table}"')
