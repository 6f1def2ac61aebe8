"""Agencies made whole: ``manage.py create_agency`` (and the second agency ``seed_demo`` makes)
gives a police service its site, pages in both languages, forms, settings, collection and staff
groups reaching its own tree only; it refuses what another agency has; a second run changes nothing."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Locale, Page, Site

from forms_app.models import ReportFormPage
from rms_export.models import Destination
from tests.factories import UserFactory, demo_site, make_report
from website.models import AgencyMembership, AgencySettings, NewsIndexPage, StandardPage
from workflows.models import RejectionReason

pytestmark = pytest.mark.django_db
EAST = ["--name", "East Police Service", "--hostname", "east.localhost", "--prefix", "EPS", "--phone", "613-555-0111"]
STANDARD = {"news", "faq", "what-can-i-report-online", "privacy", "accessibility"}
FORMS = {
    "report-theft",
    "report-lost-property",
    "report-damage",
    "report-theft-from-vehicle",
    "report-fraud",
}


def create(*args):
    out = io.StringIO()
    call_command("create_agency", *args, stdout=out)
    return out.getvalue()


def counts():
    return {
        "sites": Site.objects.count(),
        "pages": Page.objects.count(),
        "settings": AgencySettings.objects.count(),
        "groups": Group.objects.count(),
        "page permissions": GroupPagePermission.objects.count(),
        "collection permissions": GroupCollectionPermission.objects.count(),
        "collections": Collection.objects.count(),
        "reasons": RejectionReason.objects.count(),
        "destinations": Destination.objects.count(),
    }


def test_create_agency_makes_a_whole_police_service(client):
    output = create(*EAST, "--name-fr", "Service de police de l’Est", "--municipalities", "Eastville, Bayside")
    assert "East Police Service is ready at http://east.localhost/" in output
    site = Site.objects.get(hostname="east.localhost")
    agency = AgencySettings.for_site(site)
    assert (agency.agency_name, agency.agency_name_fr, agency.reference_prefix) == (
        "East Police Service",
        "Service de police de l’Est",
        "EPS",
    )
    assert agency.municipality_list == ["Eastville", "Bayside"]
    assert agency.privacy_page.slug == "privacy"
    home = site.root_page.specific
    french = home.get_translation(Locale.objects.get(language_code="fr"))
    assert french.title == "Service de police de l’Est" and french.live
    assert {p.slug for p in home.get_children().live()} == STANDARD | FORMS
    for page in home.get_descendants().specific():
        assert page.get_translation(french.locale).live, page
    assert set(ReportFormPage.objects.child_of(french).values_list("slug", flat=True)) >= {"signaler-un-vol"}
    assert RejectionReason.objects.filter(site=site).count() == 4
    assert not Destination.objects.filter(site=site).exists()  # its staff add their RMS
    # Its site answers at its hostname, in both languages, with its name.
    assert "East Police Service" in client.get("/", HTTP_HOST="east.localhost").content.decode()
    page = client.get("/fr/", HTTP_HOST="east.localhost")
    assert page.status_code == 200 and "Service de police de l’Est" in page.content.decode()


def test_its_groups_reach_its_own_pages_and_collection_only():
    create(*EAST)
    site = Site.objects.get(hostname="east.localhost")
    home = site.root_page
    comms = Group.objects.get(name="East Police Service Communications")
    assert {p.page_id for p in GroupPagePermission.objects.filter(group=comms)} == {
        home.pk,
        home.get_translation(Locale.objects.get(language_code="fr")).pk,
    }
    collections = {p.collection.name for p in GroupCollectionPermission.objects.filter(group=comms)}
    assert collections == {"East Police Service"}
    codenames = set(
        GroupCollectionPermission.objects.filter(group=comms).values_list("permission__codename", flat=True)
    )
    assert codenames >= {"add_image", "choose_image", "add_document", "choose_document"}
    # The same model permissions as the first agency's groups of that role.
    for role in ("Communications", "Reviewers", "Supervisors"):
        east = set(Group.objects.get(name=f"East Police Service {role}").permissions.all())
        assert east == set(Group.objects.get(name=role).permissions.all()), role
    reviewer = get_user_model().objects.create_user("east-reviewer", "r@east.example", "x")
    reviewer.groups.add(Group.objects.get(name="East Police Service Reviewers"))
    assert reviewer.has_perm("workflows.review_report") and not reviewer.has_perm("workflows.approve_report")


def test_a_second_run_changes_nothing():
    create(*EAST)
    before = counts()
    create(*EAST)
    assert counts() == before


@pytest.mark.parametrize(
    "change, message",
    [
        ({"--hostname": "the demo's"}, "already taken by Demo Regional Police Service"),
        ({"--prefix": "DRPS"}, "already used by Demo Regional Police Service"),
        ({"--prefix": "LPS"}, "already used by Lakeshore Police Service"),
        ({"--hostname": "east_side"}, "is not a hostname"),
        ({"--prefix": "eps"}, "capital letters"),
        ({"--phone": "call us"}, "non-emergency number"),
    ],
)
def test_what_another_agency_has_or_bad_values_are_refused_before_anything_is_made(change, message):
    args = list(EAST)
    for option, value in change.items():
        args[args.index(option) + 1] = demo_site().hostname if value == "the demo's" else value
    before = counts()
    with pytest.raises(CommandError, match=message):
        create(*args)
    assert counts() == before


def test_the_same_hostname_under_another_name_is_refused():
    create(*EAST)
    args = list(EAST)
    args[1] = "West Police Service"
    with pytest.raises(CommandError, match=r"east\.localhost is already taken by East Police Service"):
        create(*args)


def test_agency_settings_refuse_a_prefix_another_agency_uses():
    lakeshore = AgencySettings.objects.get(reference_prefix="LPS")
    lakeshore.reference_prefix = "DRPS"
    with pytest.raises(ValidationError) as error:
        lakeshore.full_clean()
    assert "Demo Regional Police Service already uses this prefix" in str(error.value)


def test_seed_demo_makes_two_agencies_with_their_own_staff():
    lakeshore = Site.objects.get(hostname="lakeshore.localhost")
    assert {s.agencysettings.reference_prefix for s in Site.objects.all()} == {"DRPS", "LPS"}
    assert lakeshore.port == demo_site().port
    User = get_user_model()
    for username, role in [
        ("lakeshore-comms", "Communications"),
        ("lakeshore-reviewer", "Reviewers"),
        ("lakeshore-supervisor", "Supervisors"),
    ]:
        user = User.objects.get(username=username)
        assert list(user.groups.values_list("name", flat=True)) == [f"Lakeshore Police Service {role}"]
        assert list(AgencyMembership.objects.filter(user=user).values_list("site", flat=True)) == [lakeshore.pk]
    assert Destination.objects.filter(site=lakeshore, active=True).exists()  # the demo's receiver
    home = lakeshore.root_page
    assert NewsIndexPage.objects.child_of(home).exists()
    assert StandardPage.objects.child_of(home).count() == 4
    # The first agency's images are in its own collection, and its Communications use only that one.
    comms = Group.objects.get(name="Communications")
    assert {p.collection.name for p in GroupCollectionPermission.objects.filter(group=comms)} == {
        "Demo Regional Police Service"
    }


def test_the_agency_colour_sender_and_quick_exit(client, settings):
    lakeshore = Site.objects.get(hostname="lakeshore.localhost")
    agency = AgencySettings.for_site(lakeshore)
    html = client.get("/", HTTP_HOST="lakeshore.localhost").content.decode()
    assert '/agency.css?v=1e4d2b"' in html
    css = client.get("/agency.css?v=1e4d2b", HTTP_HOST="lakeshore.localhost")
    assert css["Content-Type"].startswith("text/css") and css.content == b":root { --brand: #1e4d2b; }\n"
    assert "max-age=86400" in css["Cache-Control"]
    assert "/agency.css" not in client.get("/").content.decode()  # the demo agency keeps the standard blue
    assert client.get("/agency.css").content == b""
    # A colour white text is hard to read on is refused.
    agency.brand_colour = "#8899aa"
    with pytest.raises(ValidationError, match=r"needs at least 4\.5:1"):
        agency.full_clean()
    # Citizens' emails come from the agency; its quick exit leads where it says.
    agency.brand_colour, agency.quick_exit_url = "#1e4d2b", "https://weather.example.ca/"
    agency.save()
    report = make_report(lakeshore)
    mail.outbox.clear()
    from forms_app.emails import confirmation_message

    assert confirmation_message(report).from_email == (
        "Lakeshore Police Service <online-reporting@lakeshore.example.invalid>"
    )
    form = ReportFormPage.objects.child_of(lakeshore.root_page).get(slug="report-theft")
    page = client.get(form.relative_url(lakeshore), HTTP_HOST="lakeshore.localhost")
    assert 'href="https://weather.example.ca/" rel="noreferrer" data-quick-exit' in page.content.decode()
    assert confirmation_message(make_report()).from_email == settings.DEFAULT_FROM_EMAIL


def test_staff_of_the_new_agency_work_in_it_only(client):
    create(*EAST)
    east = Site.objects.get(hostname="east.localhost")
    reviewer = UserFactory(agencies=[east])
    reviewer.groups.add(Group.objects.get(name="East Police Service Reviewers"))
    client.force_login(reviewer)
    mine, theirs = make_report(east), make_report()
    queue = client.get("/workflow/tasks/queue/").content.decode()
    assert mine.reference in queue and theirs.reference not in queue


def test_on_a_new_install_the_first_agency_takes_over_the_welcome_site():
    Site.objects.filter(is_default_site=True).update(is_default_site=False)
    root = Page.get_first_root_node()
    welcome = root.add_child(instance=Page(title="Welcome to your new Wagtail site!", slug="welcome"))
    placeholder = Site.objects.create(hostname="localhost", port=80, root_page=welcome, is_default_site=True)
    create(*EAST)
    site = Site.objects.get(is_default_site=True)
    assert (site.pk, site.hostname, site.site_name) == (placeholder.pk, "east.localhost", "East Police Service")
    assert site.root_page.specific.title == "East Police Service"
    assert not Page.objects.filter(pk=welcome.pk).exists()


def test_a_boundary_file_gives_the_agency_its_area_and_a_bad_one_makes_nothing(tmp_path):
    import json

    from tests.factories import DEMO_SQUARE

    bad = tmp_path / "bad.geojson"
    bad.write_text('{"type": "Point", "coordinates": [-79.7, 43.4]}')
    before = counts()
    with pytest.raises(CommandError, match=r"bad\.geojson: The boundary must be a Polygon or a MultiPolygon"):
        create(*EAST, "--boundary", str(bad))
    with pytest.raises(CommandError, match="Cannot read the boundary file"):
        create(*EAST, "--boundary", str(tmp_path / "missing.geojson"))
    assert counts() == before

    good = tmp_path / "east.geojson"
    good.write_text(json.dumps({"type": "Feature", "properties": {}, "geometry": DEMO_SQUARE}))
    create(*EAST, "--boundary", str(good))
    agency = AgencySettings.objects.get(reference_prefix="EPS")
    assert agency.boundary["type"] == "Polygon"
    assert agency.covers_point(43.4, -79.7) is True
