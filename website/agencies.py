"""A police service on the install, made complete: its Wagtail site and home page in English
and French, the standard pages, its settings, a collection for its images and documents, its
staff groups (Communications, Reviewers, Supervisors of that agency only) and what the other
apps give every agency (report forms, rejection reasons...).

``manage.py create_agency`` and ``manage.py seed_demo`` both build agencies here. Every step
looks for what exists before it creates anything, so running it again completes an agency and
changes nothing else. The other apps take part without website importing them: an app config
with ``seed_agency(home=..., demo=..., stdout=...)`` adds its part, and one with
``role_permissions`` ({role: ["app_label.codename", ...]}) names the model permissions its
screens need for each role.
"""

import json
import re

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from wagtail.coreutils import find_available_slug
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Locale, Page, Site

from . import demo_content as content
from .models import AgencySettings, HomePage, NewsIndexPage, StandardPage, reference_prefix_validator

# Role name (what the install-wide groups are called) by short name.
ROLES = {"comms": "Communications", "reviewer": "Reviewers", "supervisor": "Supervisors"}
PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page"]
COLLECTION_PERMISSIONS = {
    "wagtailimages": ["add_image", "change_image", "choose_image"],
    "wagtaildocs": ["add_document", "change_document", "choose_document"],
}
# A hostname as a browser sends it: labels of letters, digits and inner hyphens ("north.localhost").
HOSTNAME_RE = re.compile(
    r"^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$"
)

# The home page's words for an agency that is not the demo's (staff change them afterwards).
HOME_INTRO = (
    "<p>You can report some minor incidents online, at any time, without waiting for an officer.</p>",
    "<p>Vous pouvez signaler certains incidents mineurs en ligne, à toute heure, sans attendre un agent.</p>",
)


class AgencyError(Exception):
    """What stops an agency from being made, in words for the person who asked for it."""


def role_permissions(role):
    """The model permissions of ``role`` ("Communications", "Reviewers" or "Supervisors"): Wagtail
    admin access, and what each app's ``role_permissions`` names for it."""
    names = [("wagtailadmin", "access_admin")]
    for app_config in apps.get_app_configs():
        for name in getattr(app_config, "role_permissions", {}).get(role, ()):
            names.append(tuple(name.split(".", 1)))
    query = Q(pk__in=[])
    for app_label, codename in names:
        query |= Q(content_type__app_label=app_label, codename=codename)
    return list(Permission.objects.filter(query))


def check_hostname(hostname):
    if not HOSTNAME_RE.match(hostname):
        raise AgencyError(
            f"“{hostname}” is not a hostname: use lower-case letters, digits, hyphens and dots, "
            "e.g. north.example.ca or north.localhost."
        )


def check_prefix(prefix):
    try:
        reference_prefix_validator(prefix)
    except ValidationError as error:
        raise AgencyError(f"The prefix “{prefix}”: {' '.join(str(m) for m in error.messages)}") from None


def existing_site(*, name, hostname, port, prefix):
    """The site already made for this agency (a second run), or None; ``AgencyError`` when the
    hostname or the prefix belongs to another agency."""
    check_hostname(hostname)
    check_prefix(prefix)
    site = Site.objects.filter(hostname=hostname).select_related("agencysettings").first()
    if site is not None:
        settings = getattr(site, "agencysettings", None)
        if settings is None or settings.reference_prefix != prefix:
            owner = settings.agency_name if settings is not None else site.site_name or "a site with no agency"
            raise AgencyError(f"The hostname {hostname} is already taken by {owner}.")
        if settings.agency_name != name:
            raise AgencyError(f"The hostname {hostname} is already taken by {settings.agency_name}.")
    taken = AgencySettings.objects.filter(reference_prefix=prefix).exclude(site=site).first()
    if taken is not None:
        raise AgencyError(f"The reference prefix {prefix} is already used by {taken.agency_name}.")
    return site


def fresh_install_site():
    """The default site while it still serves Wagtail's "Welcome to your new Wagtail site!" page
    (a plain page, as Wagtail's migrations make it), else None."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page__content_type").first()
    if site is None or site.root_page.depth != 2:
        return None
    content_type = site.root_page.content_type
    if (content_type.app_label, content_type.model) != ("wagtailcore", "page") or site.root_page.get_children():
        return None
    return site


def check_settings(values):
    """``AgencyError`` naming each setting in ``values`` that AgencySettings would refuse."""
    settings = AgencySettings(**values)
    errors = {}
    for check in (
        lambda: settings.clean_fields(exclude=["site", "logo", "privacy_page", "report_online_page"]),
        settings.clean,
    ):
        try:
            check()
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        labels = {field.name: str(field.verbose_name) for field in AgencySettings._meta.fields}
        raise AgencyError(
            " ".join(f"{labels.get(field, field)}: {' '.join(messages)}" for field, messages in errors.items())
        )


class AgencyBuilder:
    """The steps that make an agency, each one idempotent; ``seed_demo`` also uses them for the
    demo agency, which has news and a picture besides."""

    def __init__(self, stdout=None):
        self.stdout = stdout

    def say(self, text):
        if self.stdout is not None:
            self.stdout.write(text)

    # Pages -------------------------------------------------------------------------------

    def new_home(self, *, title, slug, intro, reporting_intro):
        root = Page.get_first_root_node()
        home = root.add_child(
            instance=HomePage(
                title=title, slug=find_available_slug(root, slug), intro=intro, reporting_intro=reporting_intro
            )
        )
        home.save_revision().publish()
        return home

    @staticmethod
    def child(parent, model, *, slug, **fields):
        existing = model.objects.child_of(parent).filter(slug=slug).first()
        if existing is not None:
            return existing
        page = parent.add_child(instance=model(slug=slug, **fields))
        page.save_revision().publish()
        return page

    @staticmethod
    def translate(page, fields, language="fr"):
        """The page's copy in ``language`` (Wagtail's "Translate" action), with its words set."""
        locale, _created = Locale.objects.get_or_create(language_code=language)
        existing = page.get_translation_or_none(locale)
        if existing is not None:
            return existing.specific
        copy = page.specific.copy_for_translation(locale)
        fields = dict(fields)
        if "slug" in fields:
            fields["slug"] = find_available_slug(copy.get_parent(), fields["slug"], ignore_page_id=copy.pk)
        for field, value in fields.items():
            setattr(copy, field, value)
        copy.save()
        copy.save_revision().publish()
        return copy

    @staticmethod
    def body(blocks, image=None, alt_text=None):
        """A StreamField's JSON: the blocks, then the picture when the page has alt text for it."""
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
        fields.pop("report_online", None)  # added once the forms exist (seed_demo)
        fields["body"] = self.body(fields.pop("body", []), image, fields.pop("image", None))
        return fields

    def news_index(self, home):
        news_index = self.child(home, NewsIndexPage, slug="news", title="News", intro=content.NEWS_INTRO)
        self.translate(news_index, content.FRENCH["news"])
        return news_index

    def standard_pages(self, home):
        """FAQ, what can I report online, privacy notice, accessibility statement, in English
        and French: {English slug: English page}."""
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
        for slug, page in pages.items():
            self.translate(page, self.french_body(content.FRENCH[slug]))
        return pages

    # Settings, collection and groups -----------------------------------------------------

    @staticmethod
    def settings(site, values, *, privacy_page, report_online_page):
        settings = AgencySettings.for_site(site)
        if not settings.agency_name:
            for field, value in values.items():
                setattr(settings, field, value)
            settings.privacy_page = privacy_page
            settings.full_clean()
            settings.save()
        if settings.report_online_page_id is None:
            settings.report_online_page = report_online_page
            settings.save(update_fields=["report_online_page"])
        return settings

    @staticmethod
    def collection(name):
        """The agency's own collection of images and documents, under the root collection."""
        root = Collection.get_first_root_node()
        existing = root.get_children().filter(name=name).first()
        return existing if existing is not None else root.add_child(name=name)

    @staticmethod
    def groups(names, *, homes, collection):
        """The agency's staff groups ({role: group name} -> {role: Group}): each role's model
        permissions; Communications may add, change and publish pages of the agency's homes
        (each language's tree) only, and add, change and choose images and documents of its
        collection only."""
        groups = {}
        for role, group_name in names.items():
            group, _created = Group.objects.get_or_create(name=group_name)
            group.permissions.add(*role_permissions(role))
            groups[role] = group
        comms = groups["Communications"]
        for codename in PAGE_PERMISSIONS:
            permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
            for home in homes:
                GroupPagePermission.objects.get_or_create(group=comms, page=home, permission=permission)
        for app_label, codenames in COLLECTION_PERMISSIONS.items():
            for codename in codenames:
                permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
                GroupCollectionPermission.objects.get_or_create(
                    group=comms, collection=collection, permission=permission
                )
        return groups

    def seed_apps(self, home, *, demo):
        for app_config in apps.get_app_configs():
            if hasattr(app_config, "seed_agency"):
                app_config.seed_agency(home=home, demo=demo, stdout=self.stdout)


def group_names(name):
    """The staff groups of the agency called ``name``: {role: "<name> <role>"}."""
    return {role: f"{name} {role}" for role in ROLES.values()}


@transaction.atomic
def create_agency(
    *, name, hostname, prefix, port=80, name_fr="", non_emergency_phone="", details=None, demo=False, stdout=None
):
    """Make (or complete) the agency ``name`` at ``hostname``:``port`` whose reference numbers
    start with ``prefix``; returns its Site. ``details``: more AgencySettings fields (address,
    municipalities...). ``demo``: with the demo's extras (its RMS destination...)."""
    site = existing_site(name=name, hostname=hostname, port=port, prefix=prefix)
    values = {
        "agency_name": name,
        "agency_name_fr": name_fr if name_fr != name else "",
        "reference_prefix": prefix,
        "non_emergency_phone": non_emergency_phone,
        **(details or {}),
    }
    if site is None:
        check_settings(values)  # before anything is made
    builder = AgencyBuilder(stdout)
    if site is None:
        home = builder.new_home(
            title=name,
            slug=hostname.split(".")[0],
            intro=HOME_INTRO[0],
            reporting_intro=content.HOME["reporting_intro"],
        )
        site = fresh_install_site()
        if site is None:
            site = Site.objects.create(hostname=hostname, port=port, root_page=home, site_name=name)
        else:
            # A new install: its default site serves Wagtail's welcome page. The first agency takes
            # the site over (and stays the default, for addresses no other agency's hostname matches).
            welcome = site.root_page
            site.hostname, site.port, site.root_page, site.site_name = hostname, port, home, name
            site.save()
            welcome.delete()
        builder.say(f"Created the site {hostname} for {name}.")
    home = site.root_page.specific
    french_home = builder.translate(
        home,
        {
            "title": name_fr or name,
            "slug": f"{home.slug}-fr",
            "intro": HOME_INTRO[1],
            "reporting_intro": content.FRENCH["home"]["reporting_intro"],
        },
    )
    builder.news_index(home)
    pages = builder.standard_pages(home)
    builder.settings(site, values, privacy_page=pages["privacy"], report_online_page=pages["what-can-i-report-online"])
    collection = builder.collection(name)
    builder.groups(group_names(name), homes=[home, french_home], collection=collection)
    builder.seed_apps(home, demo=demo)
    return site
