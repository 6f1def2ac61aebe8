"""One guard in front of every task screen URL of the report flow (``<process_pk>`` and
``<task_pk>`` in the path): whatever the node or the action, viewflow's or ours, present or
added later.

- The process must be a report review of one of the user's agencies: otherwise 404 (nothing
  says it exists) and a DENIED audit row.
- The task must be the process's, and of the node the URL names: a review task posted to the
  approval's URL is refused (viewflow looks the task up by its id alone).
- A POST that changes a task's or the process's status (cancel, undo, revive, release...) is
  audited, with the change, after the fact.
"""

from functools import wraps

from django.http import Http404
from viewflow.workflow.models import Process, Task

from website import audit

from .access import same_agency

# URL names whose successful POST changes a status; claim, reassign and decisions write their
# own audit rows, with what was decided.
AUDITED_ACTIONS = {
    "cancel": audit.Action.CANCEL,
    "process_cancel": audit.Action.CANCEL,
    "undo": audit.Action.UNDO,
    "revive": audit.Action.REVIVE,
    "unassign": audit.Action.RELEASE,
}


def _state(process, task):
    process.refresh_from_db(fields=["status"])
    if task is None:
        return process.status
    task.refresh_from_db(fields=["status", "owner"])
    return f"{task.status}:{task.owner_id or ''}"


def guard(view, *, flow_class, node_name=None, url_name=""):
    @wraps(view)
    def guarded(request, *args, **kwargs):
        process_pk, task_pk = kwargs.get("process_pk"), kwargs.get("task_pk")
        process = Process.objects.filter(pk=process_pk, flow_class=flow_class).first()
        if process is None:
            raise Http404
        report = process.artifact
        if report is None or not same_agency(request.user, report):
            if report is not None:
                audit.record(request, report, audit.Action.DENIED, detail=request.path, outcome="agency")
            raise Http404
        task = None
        if task_pk is not None:
            task = Task.objects.filter(pk=task_pk, process_id=process.pk).first()
            if task is None or (node_name and task.flow_task.name != node_name):
                audit.record(request, report, audit.Action.DENIED, detail=request.path, outcome="wrong node")
                raise Http404
        action = AUDITED_ACTIONS.get(url_name) if request.method == "POST" else None
        before = _state(process, task) if action else None
        response = view(request, *args, **kwargs)
        if action:
            after = _state(process, task)
            if after != before:
                audit.record(request, report, action, detail=str(task or process), outcome=f"{before} -> {after}")
        return response

    guarded.agency_guarded = True
    return guarded
