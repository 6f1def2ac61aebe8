from django.core.management.base import BaseCommand

from workflows.deadlines import send_overdue_digest


class Command(BaseCommand):
    help = "Email each agency's supervisors the list of overdue review and approval tasks."

    def handle(self, *args, **options):
        self.stdout.write(f"Sent {send_overdue_digest()} overdue digest(s).")
