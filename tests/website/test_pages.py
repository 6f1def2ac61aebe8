"""The public pages render with the demo content: home, news, FAQ, search, errors."""

import datetime
import re

import pytest
from django.test import RequestFactory
from django.utils import timezone
from django.views.defaults import server_error

from website.models import NEWS_PER_PAGE, NewsPage

pytestmark = pytest.mark.django_db


def add_news(index, count, start_days_ago=100):
    """Publish ``count`` older news items under ``index``; returns them newest first."""
    pages = []
    for n in range(count):
        page = index.add_child(
            instance=NewsPage(
                title=f"Archive item {n:02d}",
                slug=f"archive-item-{n:02d}",
                intro=f"Old announcement number {n}.",
                date=timezone.localdate() - datetime.timedelta(days=start_days_ago + n),
            )
        )
        page.save_revision().publish()
        pages.append(page)
    return pages


def test_home_page_shows_agency_emergency_notice_and_latest_news(client, home):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Demo Regional Police Service</h1>" in html
    assert "In an emergency, call 911." in html
    assert "905-555-0100" in html
    latest = [item.title for item in response.context["latest_news"]]
    assert latest == [
        "You can now report minor incidents online",
        "Lock it or lose it: preventing thefts from vehicles this winter",
        "Fraud awareness: the caller is not from your bank",
    ]
    # Newest first on the page too.
    positions = [html.index(title) for title in latest]
    assert positions == sorted(positions)
    assert len(response.context["report_forms"]) == 5


def test_home_page_lists_only_three_latest_news(client, news_index):
    add_news(news_index, 2, start_days_ago=-30)  # two items newer than the demo ones
    response = client.get("/")
    titles = [item.title for item in response.context["latest_news"]]
    assert titles == ["Archive item 00", "Archive item 01", "You can now report minor incidents online"]


def test_menu_shows_pages_marked_for_menus(client):
    html = client.get("/").content.decode()
    nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)
    assert "Frequently asked questions" in nav
    # "What can I report online?" is the agency's "Report online" page: the menu names it so.
    assert '<a href="/what-can-i-report-online/">Report online</a>' in nav
    assert "Privacy notice" not in nav


def test_news_index_lists_newest_first_and_paginates_by_ten(client, news_index):
    add_news(news_index, 12)  # 3 demo items + 12 = 15 items, 2 pages
    first = client.get("/news/")
    assert first.status_code == 200
    page_obj = first.context["news_page"]
    assert len(page_obj.object_list) == NEWS_PER_PAGE
    assert page_obj.paginator.num_pages == 2
    dates = [item.date for item in page_obj.object_list]
    assert dates == sorted(dates, reverse=True)
    assert page_obj.object_list[0].title == "You can now report minor incidents online"
    assert 'rel="next"' in first.content.decode()

    second = client.get("/news/?page=2")
    titles = [item.title for item in second.context["news_page"]]
    assert titles == [f"Archive item {n:02d}" for n in range(7, 12)]
    assert 'rel="prev"' in second.content.decode()

    # Nonsense or out-of-range page numbers still give a page, not an error.
    assert client.get("/news/?page=abc").context["news_page"].number == 1
    assert client.get("/news/?page=99").context["news_page"].number == 2


def test_news_index_hides_drafts(client, news_index):
    draft = news_index.add_child(instance=NewsPage(title="Not yet", slug="not-yet", intro="Draft.", live=False))
    html = client.get("/news/").content.decode()
    assert draft.title not in html
    assert client.get("/news/not-yet/").status_code == 404


def test_news_page_renders_its_body_blocks(client):
    response = client.get("/news/report-minor-incidents-online/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>You can now report minor incidents online</h1>" in html
    assert "<h2>What you can report online</h2>" in html
    assert "<blockquote><p>Online reporting frees our officers" in html
    assert "<figcaption>Chief of Police</figcaption>" in html
    # The image carries the alternative text given in the block.
    assert re.search(r'<img[^>]+alt="A person filling in a report form on a laptop"', html)
    assert '<time datetime="' in html


def test_faq_page_shows_questions_and_answers(client):
    response = client.get("/faq/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<summary>When should I call 911 instead?</summary>" in html
    assert html.count('<details class="question">') == 4


@pytest.mark.parametrize(
    "path",
    ["/what-can-i-report-online/", "/privacy/", "/accessibility/"],
)
def test_standard_pages_render(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.context["page"].get_url(response.wsgi_request) == path


def test_footer_links_privacy_notice_from_agency_settings(client):
    html = client.get("/").content.decode()
    footer = re.search(r'<footer class="site-footer">.*?</footer>', html, re.S).group(0)
    assert 'href="/privacy/"' in footer
    assert "1 Demo Way" in footer


def test_search_finds_pages_by_their_words(client):
    response = client.get("/search/", {"query": "fraud"})
    assert response.status_code == 200
    titles = [page.title for page in response.context["search_results"]]
    assert "Fraud awareness: the caller is not from your bank" in titles
    assert "Privacy notice" not in titles


def test_search_without_results_or_query(client):
    response = client.get("/search/", {"query": "zzzqqqxxx"})
    assert response.status_code == 200
    assert "Nothing matched" in response.content.decode()
    empty = client.get("/search/")
    assert empty.status_code == 200
    assert empty.context["search_results"].paginator.count == 0


def test_not_found_page_uses_the_site_layout(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Page not found</h1>" in html
    assert "Demo Regional Police Service" in html  # the site header, from AgencySettings
    assert 'href="#main-content"' in html


def test_server_error_page_renders_without_the_database(django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_forbidden_page_uses_the_site_layout(client):
    from django.views.defaults import permission_denied

    request = RequestFactory().get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = permission_denied(request, exception=None)
    assert response.status_code == 403
    assert "<h1>Access denied</h1>" in response.content.decode()


def test_pages_load_nothing_from_other_hosts(client):
    """No CDN, no web fonts, no trackers: every src and href stays on this site."""
    for path in ["/", "/news/", "/news/report-minor-incidents-online/", "/faq/", "/search/?query=theft"]:
        html = client.get(path).content.decode()
        for url in re.findall(r'\b(?:src|href|action)="([^"]*)"', html):
            assert not re.match(r"^(https?:)?//", url) or url.startswith("http://testserver/"), (path, url)


def test_stylesheet_ships_with_the_site():
    from django.contrib.staticfiles import finders

    assert finders.find("website/css/site.css")


def test_french_pages_live_under_fr():
    from django.test import Client

    client = Client()
    html = client.get("/fr/").content.decode()
    assert '<html lang="fr">' in html
    assert "Bienvenue au Service de police régional de démonstration" in html
    assert "En cas d’urgence, composez le 911." in html
    assert "Passer au contenu principal" in html
    assert "<span>Service de police régional de démonstration</span>" in html  # the agency's French name
    assert 'href="/fr/faq/"' in html  # the menu is the French one
    assert 'href="/fr/signaler-un-vol/"' in html  # and so are the report forms
    assert '<a href="/fr/confidentialite/">Avis de confidentialité</a>' in html  # the footer's privacy notice
    # The address decides, not the browser: a shared English link opens in English.
    html = client.get("/faq/", headers={"accept-language": "fr"}).content.decode()
    assert '<html lang="en">' in html


@pytest.mark.parametrize(
    "path, french",
    [
        ("/", "/fr/"),
        ("/faq/", "/fr/faq/"),
        ("/news/report-minor-incidents-online/", "/fr/nouvelles/signaler-des-incidents-mineurs-en-ligne/"),
        ("/report-theft/", "/fr/signaler-un-vol/"),
        ("/search/?query=fraud", "/fr/search/?query=fraud"),
        ("/no-such-page/", "/fr/"),
    ],
)
def test_language_switcher_keeps_the_visitor_on_the_same_page(client, path, french):
    html = client.get(path).content.decode()
    assert f'<a href="{french}" hreflang="fr" lang="fr">Français</a>' in html
    assert f'<link rel="alternate" hreflang="fr" href="{french}">' in html or path == "/no-such-page/"
    back = client.get(french).content.decode()
    assert '<html lang="fr">' in back
    english = path if path != "/no-such-page/" else "/"
    assert f'<a href="{english}" hreflang="en" lang="en">English</a>' in back


def test_search_finds_pages_in_the_language_being_read(client):
    english = client.get("/search/?query=fraud").content.decode()
    french = client.get("/fr/search/?query=fraude").content.decode()
    assert "/report-fraud/" in english and "/fr/" not in english.split("<main", 1)[1].split("</main>")[0]
    assert "/fr/signaler-une-fraude/" in french and 'href="/report-fraud/"' not in french


def test_staff_screens_follow_the_staff_members_language(client, django_user_model):
    from wagtail.users.models import UserProfile

    user = django_user_model.objects.create_superuser("boss", "boss@example.invalid", "pw")
    client.force_login(user)
    # No preference: the browser's language.
    assert '<html lang="fr"' in client.get("/admin/", headers={"accept-language": "fr"}).content.decode()
    html = client.get("/workflow/tasks/inbox/", headers={"accept-language": "fr"}).content.decode()
    assert 'lang="fr"' in html
    # A preference in their Wagtail account wins, on the task screens too.
    UserProfile.objects.create(user=user, preferred_language="en")
    html = client.get("/workflow/tasks/inbox/", headers={"accept-language": "fr"}).content.decode()
    assert 'lang="en"' in html


@pytest.mark.parametrize(
    "number, href",
    [("905-555-0100", "tel:9055550100"), ("+1 (905) 555-0100 ext. 42", "tel:+19055550100"), ("", "")],
)
def test_phone_numbers_become_dialable_links(number, href):
    from website.templatetags.website_tags import tel_href

    assert tel_href(number) == href


def test_non_emergency_number_is_a_link_on_the_home_page(client):
    html = client.get("/").content.decode()
    assert '<a href="tel:9055550100">' in html


def test_home_page_says_how_to_report_when_no_form_is_published(client):
    from forms_app.models import ReportFormPage

    for page in ReportFormPage.objects.all():
        page.unpublish()
    html = client.get("/").content.decode()
    assert "Online reporting is not open yet. Please call our non-emergency line to make a report." in html
