import contextlib

from django.core.management.base import BaseCommand, CommandError

from rms_export.receiver import serve


class Command(BaseCommand):
    help = "Run the reference RMS receiver (a real HTTP server) on 127.0.0.1."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--store", default="rms-receiver", help="Directory for what it receives.")
        parser.add_argument("--fail-rate", type=float, default=0.0, help="Share of requests answered 503 (0-1).")
        parser.add_argument("--down-for", type=float, default=0.0, help="Seconds to refuse connections at start.")
        parser.add_argument("--latency", type=int, default=0, help="Milliseconds to wait before answering.")
        parser.add_argument("--reject-invalid", action="store_true", help="Refuse every document with 422.")
        parser.add_argument("--verbose", action="store_true")

    def handle(self, *args, **options):
        if not 0 <= options["fail_rate"] <= 1:
            raise CommandError("--fail-rate is a share between 0 and 1")
        self.stdout.write(
            f"Reference RMS receiver on http://127.0.0.1:{options['port']}/ storing in {options['store']}"
        )
        with contextlib.suppress(KeyboardInterrupt):
            serve(
                "127.0.0.1",
                options["port"],
                options["store"],
                down_for=options["down_for"],
                fail_rate=options["fail_rate"],
                latency_ms=options["latency"],
                reject_invalid=options["reject_invalid"],
                verbose=options["verbose"],
            )
