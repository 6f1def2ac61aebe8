"""The staff task screens, mounted at /workflow/ by website/urls.py.

One viewflow ``Site`` holds one ``WorkflowAppViewset`` whose common inbox, queue and archive
cover every flow listed in ``FLOW_VIEWSETS``. A flow is added by appending its
``FlowViewset`` there; nothing else in the project has to change.
"""

import re

from django.urls import URLPattern, URLResolver
from django.utils.translation import gettext_lazy as _
from viewflow.urls import Site
from viewflow.workflow.flow.viewset import FlowViewset, WorkflowAppViewset

from .access import only_my_agencies
from .callback import CallbackFlow
from .flows import ReportFlow
from .guard import guard
from .views import (
    ArchiveView,
    BulkClaimView,
    BulkReleaseView,
    DashboardView,
    InboxView,
    ProcessDetailView,
    ProcessListView,
    QueueView,
    TaskListView,
)

NODE_ROUTE = re.compile(r"<int:process_pk>/(?P<node>\w+)/<int:task_pk>/")


def _guard_all(patterns, flow_class):
    """Put ``guard`` in front of every pattern below ``patterns`` that names a process."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            _guard_all(pattern.url_patterns, flow_class)
        elif (
            isinstance(pattern, URLPattern)
            and "<int:process_pk>" in str(pattern.pattern)
            and not getattr(pattern.callback, "agency_guarded", False)
        ):
            node = NODE_ROUTE.search(str(pattern.pattern))
            pattern.callback = guard(
                pattern.callback,
                flow_class=flow_class,
                node_name=node["node"] if node else None,
                url_name=str(pattern.name or ""),
            )
    return patterns


class ReportFlowViewset(FlowViewset):
    """The flow's own pages (dashboard, process list and detail, task list), held to the agency
    rule; every URL of a process or task goes through ``guard``."""

    dashboard_view_class = DashboardView
    process_detail_view_class = ProcessDetailView
    process_list_view_class = ProcessListView
    task_list_view_class = TaskListView

    def _get_urls(self):
        return _guard_all(super()._get_urls(), self._flow_class)


FLOW_VIEWSETS = [ReportFlowViewset(ReportFlow, icon="assignment"), ReportFlowViewset(CallbackFlow, icon="phone")]


class ReportsAppViewset(WorkflowAppViewset):
    """Viewflow's inbox, queue and archive, showing only the reports of the user's agencies."""

    inbox_view_class = InboxView
    queue_view_class = QueueView
    archive_view_class = ArchiveView
    tasks_assign_view_class = BulkClaimView
    tasks_unassign_view_class = BulkReleaseView

    def get_context_data(self, request):
        """The menu's inbox and queue counts: the user's agencies' tasks only."""
        context = super().get_context_data(request)
        return {key: only_my_agencies(tasks, request.user) for key, tasks in context.items()}


workflow_app = ReportsAppViewset(title=_("Reports"), app_name="tasks", flow_viewsets=FLOW_VIEWSETS)

site = Site(title=_("OpenReport tasks"), viewsets=[workflow_app])
