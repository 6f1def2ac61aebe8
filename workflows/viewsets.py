"""The staff task screens, mounted at /workflow/ by website/urls.py.

One viewflow ``Site`` holds one ``WorkflowAppViewset`` whose common inbox, queue and archive
cover every flow listed in ``FLOW_VIEWSETS``. A flow is added by appending its
``FlowViewset`` there; nothing else in the project has to change.
"""

from django.utils.translation import gettext_lazy as _
from viewflow.urls import Site
from viewflow.workflow.flow.viewset import FlowViewset, WorkflowAppViewset

from .flows import ReportFlow
from .views import ArchiveView, InboxView, QueueView

FLOW_VIEWSETS = [FlowViewset(ReportFlow, icon="assignment")]


class ReportsAppViewset(WorkflowAppViewset):
    """Viewflow's inbox, queue and archive, showing only the reports of the user's agencies."""

    inbox_view_class = InboxView
    queue_view_class = QueueView
    archive_view_class = ArchiveView


workflow_app = ReportsAppViewset(title=_("Reports"), app_name="tasks", flow_viewsets=FLOW_VIEWSETS)

site = Site(title=_("OpenReport tasks"), viewsets=[workflow_app])
