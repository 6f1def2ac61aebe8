"""The "Report online" call-to-action block, the menu entry and the demo news that use it."""

import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from tests.factories import demo_site
from website.blocks import BodyBlock, ReportOnlineBlock
from website.models import HomePage, NewsPage, StandardPage

pytestmark = pytest.mark.django_db


def cta(page, text="Report a theft online"):
    return {"type": "report_online", "value": {"form_page": page.pk, "button_text": text}}


def test_the_block_renders_an_accessible_link_to_the_form(theft_page):
    block = ReportOnlineBlock()
    value = block.to_python({"form_page": theft_page.pk, "button_text": "Report a theft online"})
    html = block.render(value, context={"request": RequestFactory().get("/")})
    assert re.search(r'<a class="button-link" href="/report-theft/">Report a theft online</a>', html), html
    assert "style" not in html and "<script" not in html


def test_the_block_accepts_a_form_and_refuses_any_other_page(theft_page, home):
    block = ReportOnlineBlock()
    block.clean(block.to_python({"form_page": theft_page.pk, "button_text": "Report"}))
    faq = StandardPage.objects.child_of(home).get(slug="faq")
    value = block.to_python({"form_page": None, "button_text": "Report"})
    value["form_page"] = faq
    with pytest.raises(ValidationError) as refused:
        block.clean(value)
    assert "Choose a report form page." in str(refused.value.block_errors)
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"form_page": theft_page.pk, "button_text": ""}))


def test_news_standard_and_home_pages_offer_the_block():
    assert "report_online" in BodyBlock.base_blocks
    for model in (NewsPage, StandardPage, HomePage):
        assert isinstance(model._meta.get_field("body").stream_block, BodyBlock)


def test_a_french_page_links_to_the_french_form(client, theft_page, french_theft_page, news_index):
    french_news = NewsPage.objects.get(slug="signaler-des-incidents-mineurs-en-ligne")
    french_news.body = [*french_news.body.raw_data, cta(theft_page, "Signaler un vol en ligne")]
    french_news.save_revision().publish()
    html = client.get(french_news.url).content.decode()
    assert f'href="{french_theft_page.relative_url(demo_site())}">Signaler un vol en ligne</a>' in html


def test_a_block_whose_form_is_unpublished_shows_no_dead_button(client, home, theft_page):
    faq = StandardPage.objects.child_of(home).get(slug="faq")
    faq.body = [*faq.body.raw_data, cta(theft_page)]
    faq.save_revision().publish()
    assert "Report a theft online" in client.get(faq.url).content.decode()
    theft_page.unpublish()
    assert "Report a theft online" not in client.get(faq.url).content.decode()


def test_the_home_page_body_renders_its_blocks(client, home, theft_page):
    home.body = json.dumps([cta(theft_page, "Report a theft now")])
    home.save_revision().publish()
    assert 'href="/report-theft/">Report a theft now</a>' in client.get("/").content.decode()


def nav(client, path="/"):
    html = client.get(path).content.decode()
    return re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)


def test_the_menu_leads_to_the_chosen_report_online_page_in_each_language(client, agency, home):
    chosen = StandardPage.objects.child_of(home).get(slug="what-can-i-report-online")
    assert agency.report_online_page_id == chosen.pk  # seed_demo chose it
    english = nav(client)
    assert re.search(r'<li><a href="/what-can-i-report-online/">Report online</a></li>', english), english
    assert english.index("Report online") < english.index("Frequently asked questions")
    assert "What can I report online?" not in english  # once in the menu, under its new name
    assert 'href="/what-can-i-report-online/" aria-current="page">Report online' in nav(client, chosen.url)
    french = nav(client, "/fr/")
    assert '<a href="/fr/que-puis-je-signaler-en-ligne/">Signaler en ligne</a>' in french


def test_without_a_chosen_page_the_menu_leads_to_the_list_of_forms(client, agency):
    agency.report_online_page = None
    agency.save()
    assert '<a href="/#report-online">Report online</a>' in nav(client, "/faq/")
    assert "What can I report online?" in nav(client)
    home = client.get("/").content.decode()
    assert '<section id="report-online"' in home


def test_the_home_page_has_a_report_online_button(client):
    html = client.get("/").content.decode()
    main = html[html.index("<main") :]
    assert '<a class="button-link" href="/what-can-i-report-online/">Report online</a>' in main
    assert '<a class="button-link" href="/fr/que-puis-je-signaler-en-ligne/">Signaler en ligne</a>' in (
        client.get("/fr/").content.decode()
    )
