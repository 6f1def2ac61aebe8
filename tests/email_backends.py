"""An email backend for tests that start real Celery workers (tests/forms_app/test_worker_lost.py):
it records each attempt, blocks until a file appears (so a test can kill the worker mid-send),
then writes each message to a file, so the test counts what was really sent.

Selected with TEST_EMAIL_BACKEND=tests.email_backends.BlockingFileBackend and configured by
TEST_EMAIL_DIR (website/settings/test.py reads the first; this module reads the second)."""

import os
import time
import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend

WAIT_SECONDS = 60


class BlockingFileBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        folder = Path(os.environ["TEST_EMAIL_DIR"])
        with (folder / "attempts").open("a") as attempts:
            attempts.write(f"{os.getpid()}\n")
        deadline = time.monotonic() + WAIT_SECONDS
        while not (folder / "release").exists():
            if time.monotonic() > deadline:
                raise TimeoutError("tests.email_backends: never released")
            time.sleep(0.1)
        for message in email_messages:
            (folder / f"sent-{uuid.uuid4().hex}.eml").write_bytes(message.message().as_bytes())
        return len(email_messages)
