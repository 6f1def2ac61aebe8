from django.core.management.base import BaseCommand

from forms_app.cleanup import purge_stale_uploads


class Command(BaseCommand):
    help = "Delete files citizens uploaded to a report they never sent (older than STAGED_UPLOAD_HOURS)."

    def handle(self, *args, **options):
        self.stdout.write(f"Deleted {purge_stale_uploads()} stale uploads.")
