"""A worker stopped with SIGTERM while it sends a citizen's confirmation (as systemd or Kubernetes
stop one: every process of the worker gets the signal) loses no email: the job goes back to the
queue, the next worker sends it, and it is sent once.

CI only (Redis broker and PostgreSQL, a real worker as tests/rms_export/test_worker.py starts
one); every wait is bounded."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from website.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)
WORKER = [sys.executable, "-m", "celery", "-A", "website", "worker", "--pool", "prefork", "--concurrency", "1"]


@pytest.fixture(autouse=True)
def needs_redis_and_postgresql():
    if not os.environ.get("CELERY_BROKER_URL") or connection.vendor != "postgresql":
        pytest.skip("needs a Redis broker and PostgreSQL (CI runs it)")


def wait_for(check, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


class Workers:
    def __init__(self, tmp_path, mail_dir):
        self.tmp_path = tmp_path
        self.running = []
        db = connection.settings_dict
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "website.settings.test",
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "TEST_EMAIL_BACKEND": "tests.email_backends.BlockingFileBackend",
            "TEST_EMAIL_DIR": str(mail_dir),
        }

    def start(self):
        """A prefork worker (its job runs in a child process), as in production."""
        log = (self.tmp_path / f"worker-{len(self.running)}.log").open("wb")
        process = subprocess.Popen(
            [*WORKER, "--without-heartbeat", "--without-gossip", "--without-mingle", "--loglevel", "INFO"],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.running.append(process)
        return process

    def stop(self, process, sig=signal.SIGTERM, timeout=30):
        if process.poll() is None:
            os.killpg(process.pid, sig)
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)

    def stop_all(self):
        for process in self.running:
            self.stop(process, timeout=10)

    def logs(self):
        return "\n".join(p.read_text(errors="replace")[-3000:] for p in sorted(self.tmp_path.glob("worker-*.log")))


@pytest.fixture
def workers(tmp_path):
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    started = Workers(tmp_path, mail_dir)
    celery_app.conf.task_always_eager = False
    celery_app.control.purge()  # nothing left over from an earlier run
    yield started, mail_dir
    celery_app.conf.task_always_eager = True
    started.stop_all()


def test_a_worker_stopped_mid_send_loses_no_confirmation_and_sends_it_once(workers):
    from tests.conftest import seed_committed_demo
    from tests.factories import make_report

    started, mail_dir = workers
    attempts = mail_dir / "attempts"
    seed_committed_demo()
    first = started.start()
    report = make_report()  # its confirmation job is queued on commit, to Redis

    wait_for(attempts.exists, 60, "the first worker to start sending")
    started.stop(first)  # SIGTERM to the worker and its child, while the mail server "answers"
    assert first.returncode is not None, started.logs()
    report.refresh_from_db()
    assert report.confirmation_sent_at is None
    assert list(mail_dir.glob("sent-*.eml")) == []

    (mail_dir / "release").touch()  # the mail server answers from now on
    started.start()

    def sent():
        report.refresh_from_db()
        return report.confirmation_sent_at is not None

    try:
        wait_for(sent, 60, "the next worker to send the confirmation")
    except AssertionError as error:
        raise AssertionError(f"{error}\n{started.logs()}") from None
    time.sleep(2)  # time for a second copy of the job, if there were one, to send again
    (message,) = mail_dir.glob("sent-*.eml")
    assert report.reference in message.read_text()
    assert len(attempts.read_text().split()) == 2  # the attempt the SIGTERM cut short, and this one
