"""Test data: staff of each role, a second police service on the same install, and reports
made the way a citizen's are (``create_report``: the report, its history and its workflow in
one transaction). Deterministic: sequences, no random choices."""

import uuid

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from factory.django import DjangoModelFactory
from wagtail.models import Locale, Page, Site

from tests.conftest import DEMO_PASSWORD

ROLES = {"reviewer": "Reviewers", "supervisor": "Supervisors", "comms": "Communications"}


class UserFactory(DjangoModelFactory):
    """``UserFactory(role="reviewer", agencies=[site])``: a member of staff of those agencies."""

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    first_name = "Riley"
    last_name = factory.Sequence(lambda n: f"Officer{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@police.example")
    password = factory.django.Password(DEMO_PASSWORD)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if extracted:
            group = Group.objects.get(name=ROLES[extracted])
            self.groups.add(group)
            if extracted == "comms":
                self.is_staff = True
                self.save(update_fields=["is_staff"])

    @factory.post_generation
    def agencies(self, create, extracted, **kwargs):
        from website.models import AgencyMembership

        for site in extracted or []:
            AgencyMembership.objects.create(user=self, site=site)


def demo_site():
    return Site.objects.get(is_default_site=True)


def demo_home(language="en"):
    """The demo agency's home page in ``language`` (the install has a second demo agency)."""
    from website.models import HomePage

    home = HomePage.objects.get(sites_rooted_here__is_default_site=True)
    return (
        home
        if language == home.locale.language_code
        else home.get_translation(Locale.objects.get(language_code=language))
    )


def as_served(page):
    """``page`` as its own site's requests see it: a report form's ``url`` is then relative, as
    in the links and redirects of its steps (with several sites Wagtail's is absolute)."""
    from django.test import RequestFactory

    site = page.get_site()
    page._serving_request = RequestFactory().get("/", HTTP_HOST=site.hostname)
    return page


def only_one_agency():
    """The install as it was before its second agency: the demo agency's site alone."""
    Site.objects.exclude(is_default_site=True).delete()


def in_demo(model):
    """``model``'s pages of the demo agency, in every language (not the second demo agency's)."""
    from django.db.models import Q

    home = demo_home()
    query = Q(path__startswith=home.path)
    for translation in home.get_translations():
        query |= Q(path__startswith=translation.path)
    return model.objects.filter(query)


def make_agency(name="North Police Service", hostname="north.localhost", prefix="NPS", destination=True):
    """A second police service on the install: its Wagtail site and home page, its settings, a
    copy of the demo lost-property form (with an incident type of its own), its rejection
    reasons and (unless told not to) an active RMS destination. Returns the site."""
    from forms_app.models import ReportFormPage
    from rms_export.models import Destination
    from website.models import AgencySettings, HomePage
    from workflows.models import RejectionReason

    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title=name, slug=hostname.split(".")[0]))
    site = Site.objects.create(hostname=hostname, port=80, root_page=home, site_name=name)
    AgencySettings.objects.create(
        site=site,
        agency_name=name,
        non_emergency_phone="613-555-0100",
        reference_prefix=prefix,
        municipalities="Northville",
    )
    form = ReportFormPage.objects.descendant_of(demo_site().root_page).get(
        slug="report-lost-property", locale__language_code="en"
    )
    # Its own incident type (the demo agency's is the demo's to change), as its staff would make.
    incident_type = form.incident_type
    incident_type.pk, incident_type.site, incident_type.code = None, site, f"{incident_type.code}-{prefix}"
    incident_type.save()
    form.copy(
        to=home, keep_live=True, update_attrs={"title": form.title, "slug": form.slug, "incident_type": incident_type}
    )
    RejectionReason.objects.create(
        site=site, title=f"{name}: not a police matter", text_en="Not a police matter.", text_fr="Pas du ressort."
    )
    if destination:
        Destination.objects.create(
            site=site, name=f"{name} RMS", transport="directory", format="json", options={"path": "/nonexistent"}
        )
    return site


def make_report(site=None, **answers):
    """A lost-property report of ``site``'s agency (the demo agency by default), as a citizen
    sends it, with its review process started."""
    from forms_app.models import ReportFormPage
    from forms_app.submission import create_report
    from website.models import AgencySettings

    site = site or demo_site()
    page = ReportFormPage.objects.descendant_of(site.root_page).get(
        slug="report-lost-property", locale__language_code="en"
    )
    values = {f.clean_name: "" for f in page.get_form_fields()}
    values.update({"email_address": "someone@example.org", "town_or_city": "Oakville", **answers})
    return create_report(
        page=page,
        site=site,
        agency=AgencySettings.for_site(site),
        answers=values,
        screening=[],
        draft_key=uuid.uuid4().hex,
        token=uuid.uuid4(),
        language="en",
    )


def send_theft_report(client, page, files=None, **answers):
    """A theft report sent through the citizen's steps with ``client`` (screening, details with
    ``files``, check, send), as a person's browser would; logged out after."""
    from forms_app.models import Report
    from tests.forms_app.conftest import check_token, fill_details, pass_screening

    pass_screening(client, page)
    fill_details(client, page, files=files, **answers)
    client.post(page.url + "check/", {"token": check_token(client, page)})
    client.logout()
    return Report.objects.order_by("-pk").first()


def authenticator(user):
    """``user``'s confirmed authenticator app (made if they have none): compute its current code
    with ``totp_code(device)``."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def totp_code(device, *, offset=0):
    """The 6-digit code ``device``'s app shows now (``offset`` time steps later or earlier)."""
    import time

    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset * device.step
    return f"{totp.token():06d}"


# A square boundary around the demo region (longitude, latitude), and a point inside it.
DEMO_SQUARE = {
    "type": "Polygon",
    "coordinates": [[[-79.8, 43.3], [-79.6, 43.3], [-79.6, 43.5], [-79.8, 43.5], [-79.8, 43.3]]],
}


class AddressFactory(DjangoModelFactory):
    """An address of an agency's register (the demo agency's by default)."""

    class Meta:
        model = "website.Address"

    site = factory.LazyFunction(demo_site)
    source_id = factory.Sequence(lambda n: f"{uuid.UUID(int=n)}")
    civic_number = factory.Sequence(lambda n: str(10 + n))
    street = "Main Street West"
    municipality = "Oakville"
    postal_code = "L6H 2R4"
    latitude = 43.45
    longitude = -79.68
