"""The news feeds are well-formed RSS 2.0 and Atom with the published news items."""

import defusedxml.ElementTree as ET
import pytest

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
DEMO_TITLES = [
    "You can now report minor incidents online",
    "Lock it or lose it: preventing thefts from vehicles this winter",
    "Fraud awareness: the caller is not from your bank",
]


def test_rss_feed_lists_news_newest_first(client):
    response = client.get("/news/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("title") == "News"
    assert channel.findtext("link") == "http://testserver/news/"
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == DEMO_TITLES
    first = items[0]
    assert first.findtext("link") == "http://testserver/news/report-minor-incidents-online/"
    assert first.findtext("description").startswith("Residents can now report")
    assert first.findtext("pubDate")


def test_atom_feed_lists_news(client):
    response = client.get("/news/feed/atom/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == DEMO_TITLES
    assert all(entry.findtext(f"{ATOM}updated") for entry in entries)


def test_feed_leaves_out_unpublished_news(client):
    from website.models import NewsPage

    NewsPage.objects.get(slug="fraud-awareness-month").unpublish()
    channel = ET.fromstring(client.get("/news/feed/").content).find("channel")
    assert [item.findtext("title") for item in channel.findall("item")] == DEMO_TITLES[:2]


def test_news_index_advertises_its_feeds(client):
    html = client.get("/news/").content.decode()
    assert 'type="application/rss+xml"' in html
    assert 'href="/news/feed/"' in html
    assert 'href="/news/feed/atom/"' in html
