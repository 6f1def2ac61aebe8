"""CI runs the suite on PostgreSQL and Redis. On a developer's machine these skip."""

import os

import pytest
from django.db import connection

IN_CI = bool(os.environ.get("CI"))


@pytest.mark.django_db
def test_suite_runs_on_postgresql():
    if not IN_CI:
        pytest.skip("CI only: locally the suite may run on SQLite")
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        assert cursor.fetchone()[0].startswith("PostgreSQL")


def test_celery_broker_is_reachable():
    if not os.environ.get("CELERY_BROKER_URL"):
        pytest.skip("no CELERY_BROKER_URL: tasks run eagerly")
    from website.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=3, interval_start=0.2)
        assert conn.info()["transport"] == "redis"
