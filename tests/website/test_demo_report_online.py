"""The demo news items send readers to the forms with "Report online" buttons, in both languages;
re-running seed_demo adds them to a demo database made before, once."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import Page

from tests.factories import demo_site, in_demo
from website.models import NewsPage

pytestmark = pytest.mark.django_db

EXPECTED = {
    "report-minor-incidents-online": ("report-theft", "Report a theft online"),
    "fraud-awareness-month": ("report-fraud", "Report a fraud online"),
    "signaler-des-incidents-mineurs-en-ligne": ("signaler-un-vol", "Signaler un vol en ligne"),
    "mois-de-la-prevention-de-la-fraude": ("signaler-une-fraude", "Signaler une fraude en ligne"),
}


def buttons(page):
    return [
        (block.value["form_page"].slug, block.value["button_text"])
        for block in page.body
        if block.block_type == "report_online"
    ]


def test_demo_news_items_carry_report_online_buttons_in_english_and_french(client):
    for slug, expected in EXPECTED.items():
        page = NewsPage.objects.get(slug=slug)
        assert buttons(page) == [expected], slug
        assert not page.has_unpublished_changes
        form = in_demo(Page).get(slug=expected[0], locale=page.locale)
        assert f'href="{form.relative_url(demo_site())}">{expected[1]}</a>' in client.get(page.url).content.decode()


def test_rerunning_seed_demo_adds_the_buttons_to_an_older_demo_once():
    page = NewsPage.objects.get(slug="report-minor-incidents-online")
    page.body = [b for b in page.body.raw_data if b["type"] != "report_online"]
    page.save_revision().publish()
    assert buttons(NewsPage.objects.get(pk=page.pk)) == []
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    assert buttons(NewsPage.objects.get(pk=page.pk)) == [EXPECTED["report-minor-incidents-online"]]
