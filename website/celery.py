"""The Celery application. Workers: ``celery -A website worker``; beat: ``celery -A website beat``."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "website.settings.dev")

app = Celery("openreport")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
