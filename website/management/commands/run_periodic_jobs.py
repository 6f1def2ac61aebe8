"""The periodic jobs Celery beat runs in production, for the demo (`make run`), where tasks run
in the web process and no beat is started: the RMS delivery sweep, workflow timers, and the
removal of uploads of reports never sent."""

import time

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the periodic jobs once, or every --every seconds (for the demo)."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, default=0, help="Repeat every N seconds (0: once).")

    def handle(self, *args, **options):
        from viewflow.workflow.timers import fire_due_timers

        from forms_app.cleanup import purge_stale_uploads
        from rms_export.outbox import sweep

        while True:
            swept, fired, purged = sweep(), fire_due_timers(), purge_stale_uploads()
            if swept or fired or purged:
                self.stdout.write(f"{swept} deliveries queued, {fired} timers fired, {purged} stale uploads removed")
            if not options["every"]:
                return
            time.sleep(options["every"])
