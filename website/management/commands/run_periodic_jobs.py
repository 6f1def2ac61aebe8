"""The periodic jobs Celery beat runs in production, for the demo (`make run`), where tasks run
in the web process and no beat is started: the RMS delivery sweep, workflow timers, the removal
of uploads of reports never sent and of reports saved to finish later past their time, the
sweeps of emails to citizens never sent, the satisfaction surveys due, and the removal of
expired sessions (daily with beat; here each time, which costs one query)."""

import time

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the periodic jobs once, or every --every seconds (for the demo)."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, default=0, help="Repeat every N seconds (0: once).")

    def handle(self, *args, **options):
        from viewflow.workflow.timers import fire_due_timers

        from forms_app.cleanup import purge_stale_uploads
        from forms_app.resume import purge_expired_saved_drafts
        from forms_app.tasks import sweep_confirmations
        from rms_export.outbox import sweep
        from website.tasks import clear_expired_sessions
        from workflows.survey import send_due_surveys
        from workflows.tasks import sweep_status_emails

        while True:
            counts = {
                "deliveries queued": sweep(),
                "timers fired": fire_due_timers(),
                "stale uploads removed": purge_stale_uploads(),
                "expired saved drafts removed": purge_expired_saved_drafts(),
                "confirmations queued again": sweep_confirmations(),
                "status emails queued again": sweep_status_emails(),
                "satisfaction surveys sent": send_due_surveys(),
                "expired sessions removed": clear_expired_sessions(),
            }
            if any(counts.values()):
                self.stdout.write(", ".join(f"{count} {what}" for what, count in counts.items()))
            if not options["every"]:
                return
            time.sleep(options["every"])
