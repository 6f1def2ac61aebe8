"""The staff task screens, mounted at /workflow/ by website/urls.py.

One viewflow ``Site`` holds one ``WorkflowAppViewset`` whose common inbox, queue and archive
cover every flow listed in ``FLOW_VIEWSETS``. A flow is added by appending its
``FlowViewset`` there; nothing else in the project has to change.
"""

from django.utils.translation import gettext_lazy as _
from viewflow.urls import Site
from viewflow.workflow.flow.viewset import FlowViewset, WorkflowAppViewset

from .flows import ReportFlow

FLOW_VIEWSETS = [FlowViewset(ReportFlow, icon="assignment")]

workflow_app = WorkflowAppViewset(title=_("Reports"), app_name="tasks", flow_viewsets=FLOW_VIEWSETS)

site = Site(title=_("OpenReport tasks"), viewsets=[workflow_app])
