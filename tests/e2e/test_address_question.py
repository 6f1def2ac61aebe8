"""The "Address" question in Chromium: an address picked with the keyboard alone (Tab, type,
ArrowDown, Enter) in the autocomplete, the report sent with it; axe on the step; and the same
step with JavaScript off, where the text typed is looked up when the citizen continues."""

import pytest

from .test_accessibility import axe_source, check  # noqa: F401  (axe_source is a fixture)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]

FORM = "/report-theft-from-vehicle/"
REQUIRED = {
    "date_it_happened": "2026-11-20",
    "licence_plate": "ABCD 123",
    "make": "Honda",
    "stolen_items-0-description": "Laptop",
    "what_happened": "Taken from the back seat.",
    "first_name": "Jean",
    "last_name": "Tremblay",
    "email_address": "jean@example.org",
    "phone_number": "905 555 0199",
}


@pytest.fixture
def address(demo_site):
    from tests.factories import AddressFactory
    from tests.factories import demo_site as site_of_demo
    from website.models import Address, AgencySettings

    # The two addresses below the only "12 Main Street" of the register: the demo's has its own.
    Address.objects.filter(site=site_of_demo(), search_text__startswith="12 main").delete()
    town = AgencySettings.for_site(site_of_demo()).municipality_list[0]
    AddressFactory(civic_number="12", street="Main Street", unit="4", municipality=town)
    return AddressFactory(civic_number="12", street="Main Street", municipality=town)


def screen(page, url):
    page.goto(url + FORM)
    for question in page.locator("fieldset.field").all():
        legend = question.locator("legend").inner_text()
        question.get_by_label("Yes" if "in our region" in legend else "No", exact=True).check()
    page.get_by_role("button", name="Continue", exact=True).click()
    page.wait_for_url("**/details/")


def fill_the_rest(page):
    for name, value in REQUIRED.items():
        page.locator(f'[name="{name}"]').fill(value)
    page.locator('[name="province_of_the_plate"]').select_option("Ontario")
    page.locator('[name="was_the_vehicle_locked"]').first.check()


def test_an_address_is_picked_with_the_keyboard_and_the_report_is_sent(page, demo_site, address, axe_source):  # noqa: F811
    from forms_app.models import Report

    screen(page, demo_site.url)
    check(page, axe_source, "the step with the Address question")
    page.locator('[name="latest_date_it_could_have_happened"]').focus()
    for _ in range(5):  # a date box's month, day and year parts take a Tab each
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "where_did_it_happen":
            break
    assert page.evaluate("document.activeElement.name") == "where_did_it_happen"
    assert page.evaluate("document.activeElement.getAttribute('autocomplete')") == "off"
    page.keyboard.type("12 main")
    page.locator(".autocomplete__option").first.wait_for()
    check(page, axe_source, "the autocomplete's list")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    assert page.locator('[name="where_did_it_happen-id"]').input_value() == str(address.pk)
    fill_the_rest(page)
    page.get_by_role("button", name="Continue", exact=True).click()
    page.wait_for_url("**/check/")
    assert address.label in page.content()
    page.get_by_role("button", name="Send report", exact=True).click()
    page.wait_for_url("**/sent/")
    report = Report.objects.latest("pk")
    assert report.address_source_id == address.source_id
    assert (report.latitude, report.longitude) == (address.latitude, address.longitude)


def test_without_javascript_the_text_is_looked_up_on_continue(browser, demo_site, address):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1024, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        screen(page, demo_site.url)
        fill_the_rest(page)
        page.locator('[name="where_did_it_happen"]').fill("12 main")
        page.get_by_role("button", name="Continue", exact=True).click()
        page.get_by_text("Did you mean:").wait_for()
        page.get_by_label(address.label, exact=True).check()
        page.get_by_role("button", name="Continue", exact=True).click()
        page.wait_for_url("**/check/")
        assert address.label in page.content()
    finally:
        context.close()
