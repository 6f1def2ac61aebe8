from django.urls import path

from . import resume, status, survey

urlpatterns = [
    path("report/status/<str:token>/", status.report_status, name="report_status"),
    path("report/resume/<str:token>/", resume.resume, name="report_resume"),
    path("report/survey/<str:token>/", survey.report_survey, name="report_survey"),
]
