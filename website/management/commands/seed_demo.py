"""Create the demo police service, its public pages and its staff. Safe to run again.

Every object is looked up by a natural key (slug, username, group name) before it is
created, so a second run changes nothing. Staff passwords come from ``DEMO_PASSWORD``; when
that is unset a password is generated and printed once, when the users are first created.
"""

import datetime
import io
import json
import os
import secrets
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Locale, Page, Site

from website import demo_content as content
from website.models import AgencyMembership, AgencySettings, HomePage, NewsIndexPage, NewsPage, StandardPage

STAFF = [
    # username, group, first name, last name
    ("comms", "Communications", "Casey", "Comms"),
    ("reviewer", "Reviewers", "Riley", "Reviewer"),
    ("supervisor", "Supervisors", "Sam", "Supervisor"),
]
PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page"]
IMAGE_PERMISSIONS = ["add_image", "change_image", "choose_image"]


LOCAL_HOSTNAMES = frozenset({"localhost", "127.0.0.1"})


def demo_address():
    """(hostname, port) of ``WAGTAILADMIN_BASE_URL``: where the demo server runs (``make run``
    sets it from its HOST and PORT)."""
    url = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    return url.hostname or "localhost", url.port or (443 if url.scheme == "https" else 80)


class Command(BaseCommand):
    help = "Create (or complete) the demo agency, home page, news, FAQ and staff users."

    @transaction.atomic
    def handle(self, *args, **options):
        home = self.home_page()
        site = self.site(home)
        news_index = self.child(home, NewsIndexPage, slug="news", title="News", intro=content.NEWS_INTRO)
        image = self.demo_image()
        for item in content.NEWS:
            self.child(
                news_index,
                NewsPage,
                slug=item["slug"],
                title=item["title"],
                intro=item["intro"],
                date=timezone.localdate() - datetime.timedelta(days=item["days_ago"]),
                body=self.body(item["body"], image, item.get("image")),
            )
        pages = {}
        for item in content.STANDARD_PAGES:
            pages[item["slug"]] = self.child(
                home,
                StandardPage,
                slug=item["slug"],
                title=item["title"],
                intro=item["intro"],
                body=json.dumps(item["body"]),
                show_in_menus=item.get("in_menu", False),
            )
        self.agency(site, privacy_page=pages["privacy"], report_online_page=pages["what-can-i-report-online"])
        # The French copies, made as staff would with "Translate" (parents first).
        french_home = self.translate(home, content.FRENCH["home"])
        self.translate(news_index, content.FRENCH["news"])
        for news_page in NewsPage.objects.child_of(news_index).filter(locale=home.locale):
            if news_page.slug in content.FRENCH:
                self.translate(news_page, self.french_body(content.FRENCH[news_page.slug], image))
        for slug, page in pages.items():
            self.translate(page, self.french_body(content.FRENCH[slug]))
        self.staff([home, french_home], site)
        # The other apps add their own demo content (report forms...) without website
        # importing them: any app config with a seed_demo() method takes part.
        for app_config in apps.get_app_configs():
            if hasattr(app_config, "seed_demo"):
                app_config.seed_demo(home=home, stdout=self.stdout)
        self.report_online_buttons(news_index)
        self.stdout.write(self.style.SUCCESS(f"Demo content ready for {site}."))

    # Pages -------------------------------------------------------------------------------

    def home_page(self):
        home = HomePage.objects.filter(locale=Locale.get_default()).first()
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

    def child(self, parent, model, *, slug, **fields):
        existing = model.objects.child_of(parent).filter(slug=slug).first()
        if existing is not None:
            return existing
        page = parent.add_child(instance=model(slug=slug, **fields))
        page.save_revision().publish()
        return page

    @staticmethod
    def body(blocks, image=None, alt_text=None):
        """A StreamField's JSON: the blocks, then the demo picture when the page has alt text for it."""
        body = [dict(block) for block in blocks]
        if alt_text and image is not None:
            body.append(
                {
                    "type": "image",
                    "value": {"image": {"image": image.pk, "alt_text": alt_text, "decorative": False}, "caption": ""},
                }
            )
        return json.dumps(body)

    def french_body(self, fields, image=None):
        fields = dict(fields)
        fields.pop("report_online", None)  # added once the forms exist: report_online_buttons()
        fields["body"] = self.body(fields.pop("body", []), image, fields.pop("image", None))
        return fields

    def report_online_buttons(self, news_index):
        """Each demo news item's "Report online" button, in each language: added after the
        report forms exist (their app seeds them last), and to a demo made before there were
        buttons. A page that has one already is left as it is."""
        french = Locale.objects.filter(language_code="fr").first()
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
                form = Page.objects.filter(slug=form_slug, locale_id=page.locale_id).first()
                if form is None or any(block.block_type == "report_online" for block in page.body):
                    continue
                block = {"type": "report_online", "value": {"form_page": form.pk, "button_text": text}}
                page.body = json.dumps([*page.body.raw_data, block])
                page.save_revision().publish()

    def translate(self, page, fields, language="fr"):
        """The page's copy in ``language`` (Wagtail's "Translate" action), with its words set."""
        locale, _created = Locale.objects.get_or_create(language_code=language)
        existing = page.get_translation_or_none(locale)
        if existing is not None:
            return existing.specific
        copy = page.specific.copy_for_translation(locale)
        for field, value in fields.items():
            setattr(copy, field, value)
        copy.save()
        copy.save_revision().publish()
        return copy

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

    def demo_image(self):
        Image = get_image_model()
        image = Image.objects.filter(title=content.IMAGE_TITLE).first()
        if image is None:
            image = Image(title=content.IMAGE_TITLE, collection=Collection.get_first_root_node())
            image.file.save(
                "online-reporting.png", ImageFile(io.BytesIO(content.banner_png()), name="online-reporting.png")
            )
            image.save()
        return image

    # Settings and people -----------------------------------------------------------------

    def agency(self, site, *, privacy_page, report_online_page):
        settings = AgencySettings.for_site(site)
        if not settings.agency_name:
            for field, value in content.AGENCY.items():
                setattr(settings, field, value)
            settings.agency_name_fr = content.FRENCH["agency_name"]
            settings.privacy_page = privacy_page
            settings.full_clean()
            settings.save()
        if settings.report_online_page_id is None:
            # Also for a demo database made before "Report online" led anywhere.
            settings.report_online_page = report_online_page
            settings.save(update_fields=["report_online_page"])
        return settings

    def staff(self, homes, site):
        groups = {name: Group.objects.get_or_create(name=name)[0] for _, name, _, _ in STAFF}
        access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        for group in groups.values():
            group.permissions.add(access_admin)
        comms = groups["Communications"]
        for codename in PAGE_PERMISSIONS:
            permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
            for home in homes:  # each language's tree
                GroupPagePermission.objects.get_or_create(group=comms, page=home, permission=permission)
        comms.permissions.add(
            Permission.objects.get(content_type__app_label="simple_translation", codename="submit_translation")
        )
        root_collection = Collection.get_first_root_node()
        for codename in IMAGE_PERMISSIONS:
            permission = Permission.objects.get(content_type__app_label="wagtailimages", codename=codename)
            GroupCollectionPermission.objects.get_or_create(
                group=comms, collection=root_collection, permission=permission
            )

        password = os.environ.get("DEMO_PASSWORD") or None
        generated = False
        User = get_user_model()
        created = []
        for username, group, first_name, last_name in [*STAFF, ("admin", None, "Alex", "Admin")]:
            user = User.objects.filter(username=username).first()
            if user is None:
                if password is None:
                    password, generated = secrets.token_urlsafe(12), True
                user = User(
                    username=username,
                    first_name=first_name,
                    last_name=last_name,
                    email=f"{username}@example.invalid",
                    is_staff=username == "admin",
                    is_superuser=username == "admin",
                )
                user.set_password(password)
                user.save()
                created.append(username)
            if group:
                user.groups.add(groups[group])
                AgencyMembership.objects.get_or_create(user=user, site=site)  # they work for the demo agency
        if created:
            self.stdout.write(f"Created staff users: {', '.join(created)}")
            if generated:
                self.stdout.write(
                    self.style.WARNING(f"Their password (shown once, set DEMO_PASSWORD to choose it): {password}")
                )
        else:
            self.stdout.write("Staff users already exist; their passwords are unchanged.")
