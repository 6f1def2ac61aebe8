from django.urls import path

from . import resume, status

urlpatterns = [
    path("report/status/<str:token>/", status.report_status, name="report_status"),
    path("report/resume/<str:token>/", resume.resume, name="report_resume"),
]
