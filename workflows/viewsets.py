"""The staff task screens, mounted at /workflow/ by website/urls.py.

One viewflow ``Site`` holds one ``WorkflowAppViewset`` whose common inbox, queue and archive
cover every flow listed in ``FLOW_VIEWSETS``. A flow is added by appending its
``FlowViewset`` there; nothing else in the project has to change.
"""

from django.utils.translation import gettext_lazy as _
from viewflow.urls import Site
from viewflow.workflow.flow.viewset import FlowViewset, WorkflowAppViewset

from .flows import ReportFlow
from .views import ArchiveView, InboxView, ProcessDetailView, ProcessListView, QueueView, TaskListView


class ReportFlowViewset(FlowViewset):
    """The flow's own pages (process list and detail, task list), held to the agency rule."""

    process_detail_view_class = ProcessDetailView
    process_list_view_class = ProcessListView
    task_list_view_class = TaskListView


FLOW_VIEWSETS = [ReportFlowViewset(ReportFlow, icon="assignment")]


class ReportsAppViewset(WorkflowAppViewset):
    """Viewflow's inbox, queue and archive, showing only the reports of the user's agencies."""

    inbox_view_class = InboxView
    queue_view_class = QueueView
    archive_view_class = ArchiveView


workflow_app = ReportsAppViewset(title=_("Reports"), app_name="tasks", flow_viewsets=FLOW_VIEWSETS)

site = Site(title=_("OpenReport tasks"), viewsets=[workflow_app])
