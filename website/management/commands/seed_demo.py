"""Create the two demo police services, their public pages and their staff. Safe to run again.

Every object is looked up by a natural key (slug, username, group name) before it is
created, so a second run changes nothing. Staff passwords come from ``DEMO_PASSWORD``; when
that is unset a password is generated and printed once, when the users are first created.

The first agency is the install's default site (wherever ``make run`` serves it); the second
is at ``lakeshore.localhost`` on the same port, a name every browser sends to 127.0.0.1.
"""

import datetime
import io
import json
import os
import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Collection, GroupCollectionPermission, Locale, Page, Site

from website import demo_content as content
from website.agencies import ROLES, AgencyBuilder, create_agency, group_names
from website.models import AgencyMembership, HomePage, NewsPage

# username, role, first name, last name
STAFF = [
    ("comms", "Communications", "Casey", "Comms"),
    ("reviewer", "Reviewers", "Riley", "Reviewer"),
    ("supervisor", "Supervisors", "Sam", "Supervisor"),
]
# The second demo agency, and its staff (their usernames are these, with "lakeshore-" before).
SECOND_AGENCY = {
    "name": "Lakeshore Police Service",
    "name_fr": "Service de police de Lakeshore",
    "hostname": "lakeshore.localhost",
    "prefix": "LPS",
    "non_emergency_phone": "905-555-0199",
    "details": {
        "address": "20 Harbour Street\nLakeshore, ON  L5E 1A1",
        "brand_colour": "#1e4d2b",
        "email_sender": "online-reporting@lakeshore.example.invalid",
        "municipalities": "Lakeshore\nPort Bayview",
        "postal_code_prefixes": "L5E\nL5G\nL5H",
    },
}
SECOND_STAFF_PREFIX = "lakeshore-"

LOCAL_HOSTNAMES = frozenset({"localhost", "127.0.0.1"})


def demo_address():
    """(hostname, port) of ``WAGTAILADMIN_BASE_URL``: where the demo server runs (``make run``
    sets it from its HOST and PORT)."""
    url = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    return url.hostname or "localhost", url.port or (443 if url.scheme == "https" else 80)


class Command(BaseCommand):
    help = "Create (or complete) the two demo agencies: home pages, news, FAQ, report forms and staff users."

    @transaction.atomic
    def handle(self, *args, **options):
        self.builder = AgencyBuilder(self.stdout)
        self.password = os.environ.get("DEMO_PASSWORD") or None
        self.generated = False
        self.created = []
        site = self.first_agency()
        second = self.second_agency()
        if self.created:
            self.stdout.write(f"Created staff users: {', '.join(self.created)}")
            if self.generated:
                self.stdout.write(
                    self.style.WARNING(f"Their password (shown once, set DEMO_PASSWORD to choose it): {self.password}")
                )
        else:
            self.stdout.write("Staff users already exist; their passwords are unchanged.")
        self.stdout.write(self.style.SUCCESS(f"Demo content ready for {site} and {second}."))

    def first_agency(self):
        builder = self.builder
        home = self.home_page()
        site = self.site(home)
        # The French copies are made as staff would with "Translate" (parents first).
        french_home = builder.translate(home, content.FRENCH["home"])
        news_index = builder.news_index(home)
        collection = builder.collection(content.AGENCY["agency_name"])
        image = self.demo_image(collection)
        for item in content.NEWS:
            builder.child(
                news_index,
                NewsPage,
                slug=item["slug"],
                title=item["title"],
                intro=item["intro"],
                date=timezone.localdate() - datetime.timedelta(days=item["days_ago"]),
                body=builder.body(item["body"], image, item.get("image")),
            )
        pages = builder.standard_pages(home)
        builder.settings(
            site,
            {**content.AGENCY, "agency_name_fr": content.FRENCH["agency_name"]},
            privacy_page=pages["privacy"],
            report_online_page=pages["what-can-i-report-online"],
        )
        for news_page in NewsPage.objects.child_of(news_index).filter(locale=home.locale):
            if news_page.slug in content.FRENCH:
                builder.translate(news_page, builder.french_body(content.FRENCH[news_page.slug], image))
        # The first agency's groups keep the role's own names (Communications...).
        groups = builder.groups(
            {role: role for role in ROLES.values()}, homes=[home, french_home], collection=collection
        )
        # A demo made before agencies had collections let Communications use the root one.
        GroupCollectionPermission.objects.filter(
            group=groups["Communications"], collection=Collection.get_first_root_node()
        ).delete()
        self.staff(groups, site, usernames=[username for username, *_rest in STAFF])
        builder.seed_apps(home, demo=True)
        self.report_online_buttons(news_index)
        return site

    def second_agency(self):
        _hostname, port = demo_address()
        site = create_agency(**SECOND_AGENCY, port=port, demo=True, stdout=self.stdout)
        if site.port != port:
            site.port = port  # the demo's address of an earlier run
            site.save(update_fields=["port"])
        groups = {role: Group.objects.get(name=name) for role, name in group_names(SECOND_AGENCY["name"]).items()}
        self.staff(groups, site, usernames=[SECOND_STAFF_PREFIX + username for username, *_rest in STAFF])
        return site

    # Pages -------------------------------------------------------------------------------

    def home_page(self):
        default_site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if default_site is not None and isinstance(default_site.root_page.specific, HomePage):
            return default_site.root_page.specific
        home = HomePage.objects.filter(locale=Locale.get_default(), slug="home").first()
        if home is not None:
            return home
        root = Page.get_first_root_node()
        # Wagtail's first migration leaves a plain "Welcome" page at /home/: replace it.
        for welcome in root.get_children().filter(content_type__model="page", content_type__app_label="wagtailcore"):
            Site.objects.filter(root_page=welcome).update(root_page=root)
            welcome.delete()
        home = root.add_child(
            instance=HomePage(
                title=content.HOME["title"],
                slug="home",
                intro=content.HOME["intro"],
                reporting_intro=content.HOME["reporting_intro"],
            )
        )
        home.save_revision().publish()
        return home

    def report_online_buttons(self, news_index):
        """Each demo news item's "Report online" button, in each language: added after the
        report forms exist (their app seeds them last), and to a demo made before there were
        buttons. A page that has one already is left as it is."""
        french = Locale.objects.filter(language_code="fr").first()
        home = news_index.get_parent()
        for item in content.NEWS:
            if "report_online" not in item:
                continue
            english = NewsPage.objects.child_of(news_index).filter(slug=item["slug"]).first()
            if english is None:
                continue
            targets = [(english, item["report_online"])]
            translated = english.get_translation_or_none(french) if french is not None else None
            if translated is not None:
                targets.append((translated, content.FRENCH[item["slug"]]["report_online"]))
            for page, (form_slug, text) in targets:
                page_home = home if page.locale_id == home.locale_id else home.get_translation(page.locale)
                form = Page.objects.child_of(page_home).filter(slug=form_slug).first()
                if form is None or any(block.block_type == "report_online" for block in page.body):
                    continue
                block = {"type": "report_online", "value": {"form_page": form.pk, "button_text": text}}
                page.body = json.dumps([*page.body.raw_data, block])
                page.save_revision().publish()

    def site(self, home):
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            site = Site.objects.create(hostname="localhost", port=80, is_default_site=True, root_page=home)
        changed = site.root_page_id != home.pk or not site.site_name
        if changed:
            site.root_page = home
            site.site_name = site.site_name or content.AGENCY["agency_name"]
        address = demo_address()
        if site.hostname in LOCAL_HOSTNAMES and (site.hostname, site.port) != address:
            # Wagtail's placeholder, or the demo's address of an earlier run: point links in
            # emails sent without a request (status changes) at the server as it runs now.
            site.hostname, site.port = address
            changed = True
        if changed:
            site.save()
        return site

    def demo_image(self, collection):
        Image = get_image_model()
        image = Image.objects.filter(title=content.IMAGE_TITLE).first()
        if image is None:
            image = Image(title=content.IMAGE_TITLE, collection=collection)
            image.file.save(
                "online-reporting.png", ImageFile(io.BytesIO(content.banner_png()), name="online-reporting.png")
            )
            image.save()
        elif image.collection_id != collection.pk:
            image.collection = collection  # a demo made before agencies had collections
            image.save(update_fields=["collection"])
        return image

    # People ------------------------------------------------------------------------------

    def staff(self, groups, site, *, usernames):
        """The agency's demo staff: one user of each role (``usernames`` in STAFF's order), in
        that role's group of the agency and working for it; and the administrator."""
        User = get_user_model()
        people = [
            (username, role, first, last) for username, (_u, role, first, last) in zip(usernames, STAFF, strict=True)
        ]
        if not User.objects.filter(username="admin").exists():
            people.append(("admin", None, "Alex", "Admin"))
        for username, role, first_name, last_name in people:
            user = User.objects.filter(username=username).first()
            if user is None:
                if self.password is None:
                    self.password, self.generated = secrets.token_urlsafe(12), True
                user = User(
                    username=username,
                    first_name=first_name,
                    last_name=last_name,
                    email=f"{username}@example.invalid",
                    is_staff=username == "admin",
                    is_superuser=username == "admin",
                )
                user.set_password(self.password)
                user.save()
                self.created.append(username)
            if role:
                user.groups.add(groups[role])
                AgencyMembership.objects.get_or_create(user=user, site=site)
