"""Exactly-once delivery with a real Celery worker on Redis and the reference receiver as a
process: the RMS down while 50 reports are approved, and a worker killed mid-delivery.

CI only (it sets CELERY_BROKER_URL and runs on PostgreSQL); every wait is bounded."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.db import connection, transaction

from rms_export import outbox
from rms_export.models import Delivery, DeliveryStatus, Destination
from website.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def needs_redis_and_postgresql():
    if not os.environ.get("CELERY_BROKER_URL") or connection.vendor != "postgresql":
        pytest.skip("needs a Redis broker and PostgreSQL (CI runs it)")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(check, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


def receiver_count(port):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as response:
            return json.load(response)["records"]
    except OSError:
        return None


class Processes:
    def __init__(self, tmp_path):
        self.tmp_path = tmp_path
        self.running = []
        db = connection.settings_dict
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "website.settings.test",
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "RMS_RETRY_BASE_SECONDS": "1",
            "RMS_RETRY_MAX_SECONDS": "2",
            "RMS_SENDING_TIMEOUT_SECONDS": "3",
        }

    def start(self, *args):
        log = (self.tmp_path / f"process-{len(self.running)}.log").open("wb")
        process = subprocess.Popen(
            [*args], cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.running.append(process)
        return process

    def receiver(self, port, *options):
        return self.start(
            sys.executable,
            "manage.py",
            "run_rms_receiver",
            "--port",
            str(port),
            "--store",
            str(self.tmp_path / f"rms-{port}"),
            *options,
        )

    def worker(self):
        return self.start(
            sys.executable,
            "-m",
            "celery",
            "-A",
            "website",
            "worker",
            "--pool",
            "solo",
            "--concurrency",
            "1",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "--loglevel",
            "WARNING",
        )

    def stop_all(self):
        for process in self.running:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)


@pytest.fixture
def processes(tmp_path):
    started = Processes(tmp_path)
    celery_app.conf.task_always_eager = False
    celery_app.control.purge()  # nothing left over from an earlier run
    yield started
    celery_app.conf.task_always_eager = True
    started.stop_all()


def make_reports(count, port):
    from tests.conftest import seed_committed_demo
    from tests.factories import make_report

    seed_committed_demo()
    Destination.objects.update(options={"url": f"http://127.0.0.1:{port}/incidents"})
    return [make_report() for _ in range(count)]


def approve_all(reports):
    for report in reports:
        with transaction.atomic():  # as the approval does: the deliveries, queued on commit
            outbox.create_deliveries(report)


def test_rms_down_while_fifty_are_approved_then_each_delivered_once(processes):
    port = free_port()
    reports = make_reports(50, port)
    processes.worker()
    approve_all(reports)
    # The RMS is down: the worker's first tries fail and wait for their retry.
    wait_for(
        lambda: Delivery.objects.filter(status=DeliveryStatus.PENDING, attempts__gte=1).count() >= 10,
        60,
        "failed first tries",
    )
    processes.receiver(port)

    def all_delivered():
        outbox.sweep()  # as Celery beat does every minute; here every few tenths of a second
        return Delivery.objects.filter(status=DeliveryStatus.DELIVERED).count() == 50

    wait_for(all_delivered, 120, "50 deliveries")
    assert receiver_count(port) == 50
    assert Delivery.objects.filter(attempts__gte=2).exists()  # the first tries met the outage
    assert len(set(Delivery.objects.values_list("case_number", flat=True))) == 50


def test_a_worker_killed_mid_delivery_is_redelivered_and_recorded_once(processes):
    port = free_port()
    (report,) = make_reports(1, port)
    processes.receiver(port, "--latency", "4000")  # slow: the worker is killed while it waits
    worker = processes.worker()
    wait_for(lambda: receiver_count(port) == 0, 30, "the receiver")
    approve_all([report])
    wait_for(lambda: Delivery.objects.filter(status=DeliveryStatus.SENDING).exists(), 60, "sending")
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)

    processes.worker()
    delivery = Delivery.objects.get()

    def delivered():
        outbox.sweep()  # finds it "sending" past the timeout
        delivery.refresh_from_db()
        return delivery.status == DeliveryStatus.DELIVERED

    wait_for(delivered, 90, "redelivery")
    assert delivery.attempts >= 2
    assert receiver_count(port) == 1
