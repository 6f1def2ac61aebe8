from django.urls import path

from . import status

urlpatterns = [
    path("report/status/<str:token>/", status.report_status, name="report_status"),
]
