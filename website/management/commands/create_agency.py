"""Make a complete police service on the install (website/agencies.py). Safe to run again."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from website.agencies import AgencyError, create_agency, group_names
from website.geo import parse_boundary


class Command(BaseCommand):
    help = (
        "Create (or complete) a police service: its site and home page in English and French, the "
        "standard pages, the five standard report forms, its settings, its collection and its staff groups."
    )

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="The agency's name, e.g. “North Police Service”.")
        parser.add_argument("--name-fr", default="", help="Its name in French, when it differs.")
        parser.add_argument("--hostname", required=True, help="The site's hostname, e.g. north.example.ca.")
        parser.add_argument("--port", type=int, default=80, help="The site's port (default 80).")
        parser.add_argument("--prefix", required=True, help="Reference-number prefix, unique on the install, e.g. NPS.")
        parser.add_argument("--phone", required=True, help="The non-emergency number, e.g. 705-555-0100.")
        parser.add_argument("--municipalities", default="", help="Municipalities served, separated by commas.")
        parser.add_argument(
            "--postal-prefixes", default="", help="Postal-code prefixes served, separated by commas (e.g. P1A,P1B)."
        )
        parser.add_argument(
            "--boundary",
            default="",
            metavar="FILE",
            help="The area served: a GeoJSON file (Polygon or MultiPolygon, longitude and latitude, WGS 84).",
        )

    def handle(self, *args, **options):
        def lines(value):
            return "\n".join(part.strip() for part in value.split(",") if part.strip())

        name = options["name"].strip()
        if not name:
            raise CommandError("Give the agency a name (--name).")
        details = {
            "municipalities": lines(options["municipalities"]),
            "postal_code_prefixes": lines(options["postal_prefixes"]),
        }
        if options["boundary"]:
            details["boundary"] = self.boundary(options["boundary"])
        try:
            site = create_agency(
                name=name,
                name_fr=options["name_fr"].strip(),
                hostname=options["hostname"].strip().lower(),
                port=options["port"],
                prefix=options["prefix"].strip(),
                non_emergency_phone=options["phone"].strip(),
                details=details,
                stdout=self.stdout,
            )
        except AgencyError as error:
            raise CommandError(str(error)) from None
        groups = ", ".join(f"“{group}”" for group in group_names(name).values())
        self.stdout.write(
            self.style.SUCCESS(
                f"{name} is ready at http://{site.hostname}"
                f"{'' if site.port in (80, 443) else f':{site.port}'}/ . Give its staff an agency and one of "
                f"its groups ({groups}) in Settings → Users."
            )
        )

    def boundary(self, path):
        """The boundary in the GeoJSON file at ``path``, checked before anything is made."""
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError as error:
            raise CommandError(f"Cannot read the boundary file {path}: {error.strerror}.") from None
        try:
            return parse_boundary(data)
        except ValidationError as error:
            raise CommandError(f"{path}: {' '.join(error.messages)}") from None
