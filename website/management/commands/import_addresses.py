"""``manage.py import_addresses --site HOST FILE [--map field=column ...]``: import a CSV file
into an agency's address register (website/address_import.py), with a progress bar on the
terminal. The columns are recognised as in the admin (the National Address Register's names and
plain ones); ``--map`` says which column holds a field when the name is not recognised."""

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

from website import address_import

BAR_WIDTH = 30


class Command(BaseCommand):
    help = "Import a CSV file into an agency's address register (a re-import updates, never duplicates)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the CSV file (UTF-8, the first line naming the columns)")
        parser.add_argument("--site", required=True, help="the agency's hostname, e.g. localhost")
        parser.add_argument(
            "--map",
            dest="maps",
            action="append",
            default=[],
            metavar="FIELD=COLUMN",
            help=f"the column holding FIELD (one of {', '.join(address_import.TARGET_KEYS)}); may repeat",
        )
        parser.add_argument("--quiet", action="store_true", help="no progress bar, only the counts")

    def handle(self, *args, file, site, maps, quiet, **options):
        agency = Site.objects.select_related("agencysettings").filter(hostname=site).first()
        if agency is None:
            raise CommandError(f"No agency at {site}.")
        try:
            info = address_import.inspect(file)
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}") from None
        except address_import.ImportFileError as error:
            raise CommandError(f"{file}: {error}") from None
        mapping = address_import.guess_mapping(info.columns)
        for item in maps:
            field, sep, column = item.partition("=")
            if not sep:
                raise CommandError(f"--map {item}: write FIELD=COLUMN, e.g. street=STREET_NAME.")
            mapping[field.strip()] = column.strip()
        problems = address_import.check_mapping(mapping, info.columns)
        if problems:
            raise CommandError(" ".join(problems))

        def progress(counts):
            if quiet:
                return
            done = min(counts.processed, info.rows)
            filled = BAR_WIDTH * done // info.rows
            self.stdout.write(f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{info.rows} rows", ending="")
            self.stdout.flush()

        counts = address_import.run(agency, file, mapping, info=info, progress=progress)
        if not quiet:
            self.stdout.write("")
        self.stdout.write(
            f"Imported {file} into {agency.hostname}: {counts.created} added, {counts.updated} updated, "
            f"{counts.errors} refused, {counts.outside} outside the boundary."
        )
        for line, reason in counts.listed:
            self.stderr.write(f"line {line}: {reason}")
        if counts.errors > len(counts.listed):
            self.stderr.write(f"... and {counts.errors - len(counts.listed)} more refused rows.")
