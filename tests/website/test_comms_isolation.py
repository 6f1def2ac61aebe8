"""Communications staff of one agency cannot see, edit, publish, move, copy or delete another
agency's pages, images, documents or forms, nor see its report counts: the two agencies of
``seed_demo`` (each comms user in their agency's group), both ways, by list and by URL."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Site

from forms_app.models import ReportFormPage
from tests.factories import demo_site, make_report
from website.models import NewsPage, StandardPage

pytestmark = pytest.mark.django_db


def agency(site, username):
    """An agency's comms user and what of its own they can reach (its pages, image, document)."""
    home = site.root_page
    news = NewsPage.objects.descendant_of(home).first()
    form = ReportFormPage.objects.child_of(home).get(slug="report-theft")
    faq = StandardPage.objects.child_of(home).get(slug="faq")
    collection = Collection.objects.get(name=site.site_name)
    document = get_document_model().objects.create(title=f"Leaflet of {site.site_name}", collection=collection)
    document.file.save("leaflet.txt", ContentFile(b"leaflet"), save=True)
    image = get_image_model().objects.filter(collection=collection).first()
    return {
        "user": get_user_model().objects.get(username=username),
        "site": site,
        "home": home,
        "pages": [p for p in (home, news, form, faq) if p is not None],
        "image": image,
        "document": document,
        "secret": f"Leaflet of {site.site_name}",
    }


@pytest.fixture
def agencies():
    return {
        "demo": agency(demo_site(), "comms"),
        "lakeshore": agency(Site.objects.get(hostname="lakeshore.localhost"), "lakeshore-comms"),
    }


PAGE_ACTIONS = ["edit/", "move/", "copy/", "delete/", "unpublish/", "history/", "revisions/", "add_subpage/"]


def denied(response):
    """Refused or not found (Wagtail sends a page it won't show to the dashboard with a message)."""
    return response.status_code in (302, 403, 404)


@pytest.mark.parametrize("me, them", [("lakeshore", "demo"), ("demo", "lakeshore")])
def test_the_other_agencys_pages_are_out_of_reach(client, agencies, me, them):
    mine, theirs = agencies[me], agencies[them]
    client.force_login(mine["user"])
    for page in mine["pages"]:
        assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200, page  # their own: yes
    for page in theirs["pages"]:
        for action in PAGE_ACTIONS:
            response = client.get(f"/admin/pages/{page.pk}/{action}")
            assert denied(response), (page, action, response.status_code)
        before = Page.objects.get(pk=page.pk)
        for action, data in [
            ("edit/", {"title": "Taken over", "slug": page.slug, "action-publish": "publish"}),
            ("move/", {}),
            ("copy/", {"new_title": "Copied", "new_slug": "copied", "new_parent_page": mine["home"].pk}),
            ("delete/", {}),
            ("unpublish/", {}),
        ]:
            response = client.post(f"/admin/pages/{page.pk}/{action}", data)
            assert denied(response), (page, action, response.status_code)
        after = Page.objects.get(pk=page.pk)
        assert (after.title, after.live, after.path) == (before.title, before.live, before.path)
        assert not Page.objects.filter(slug="copied").exists()
    # Moving one of theirs under one of mine, or one of mine under one of theirs: refused.
    response = client.post(f"/admin/pages/{mine['pages'][-1].pk}/move/{theirs['home'].pk}/")
    assert denied(response)
    assert Page.objects.get(pk=mine["pages"][-1].pk).get_parent().pk == mine["home"].pk
    # Lists and search show their own pages only.
    explorer = client.get(f"/admin/pages/{theirs['home'].pk}/")
    assert denied(explorer) or theirs["home"].title not in explorer.content.decode()
    theirs_news = [p for p in theirs["pages"] if isinstance(p.specific, NewsPage)]
    for news in theirs_news:
        found = client.get("/admin/pages/search/", {"q": news.title}).content.decode()
        assert f"/admin/pages/{news.pk}/edit/" not in found


@pytest.mark.parametrize("me, them", [("lakeshore", "demo"), ("demo", "lakeshore")])
def test_the_other_agencys_images_and_documents_are_out_of_reach(client, agencies, me, them):
    mine, theirs = agencies[me], agencies[them]
    client.force_login(mine["user"])
    document = theirs["document"]
    assert client.get(f"/admin/documents/edit/{mine['document'].pk}/").status_code == 200
    for url in ("/admin/documents/", "/admin/documents/chooser/", f"/admin/documents/?q={theirs['secret']}"):
        listing = client.get(url).content.decode()
        assert f"/admin/documents/edit/{document.pk}/" not in listing, url
        assert f"/admin/documents/edit/{mine['document'].pk}/" in listing or "?" in url or "chooser" in url, url
    for url in (f"/admin/documents/edit/{document.pk}/", f"/admin/documents/delete/{document.pk}/"):
        assert denied(client.get(url)), url
        assert denied(client.post(url, {"title": "Taken over"})), url
    document.refresh_from_db()
    assert document.title == theirs["secret"]
    if theirs["image"] is not None:
        image = theirs["image"]
        for url in (f"/admin/images/{image.pk}/", f"/admin/images/{image.pk}/delete/"):
            assert denied(client.get(url)), url
            assert denied(client.post(url, {"title": "Taken over"})), url
        for url in ("/admin/images/", "/admin/images/chooser/"):
            assert f"/admin/images/{image.pk}/" not in client.get(url).content.decode(), url
        image.refresh_from_db()
        assert image.title != "Taken over"
    # New images and documents go to their own agency's collection: the only one offered.
    form = client.get("/admin/documents/multiple/add/").content.decode()
    assert theirs["site"].site_name not in form


@pytest.mark.parametrize("me, them", [("lakeshore", "demo"), ("demo", "lakeshore")])
def test_the_other_agencys_forms_and_report_counts_are_out_of_reach(client, agencies, me, them):
    mine, theirs = agencies[me], agencies[them]
    make_report(theirs["site"])
    make_report(mine["site"])
    client.force_login(mine["user"])
    their_form = ReportFormPage.objects.child_of(theirs["home"]).get(slug="report-theft")
    for url in (f"/admin/forms/submissions/{their_form.pk}/", f"/admin/pages/{their_form.pk}/edit/"):
        assert denied(client.get(url)), url
    forms = client.get("/admin/forms/").content.decode()
    assert f"/admin/forms/submissions/{their_form.pk}/" not in forms
    counts = client.get("/admin/reports/online-report-counts/")
    assert counts.status_code == 200
    lost = ReportFormPage.objects.child_of(theirs["home"]).get(slug="report-lost-property")
    assert f"/admin/pages/{lost.pk}/" not in counts.content.decode()
    assert theirs["site"].site_name not in counts.content.decode()


@pytest.mark.parametrize("me, them", [("lakeshore", "demo"), ("demo", "lakeshore")])
def test_the_page_chooser_lists_ones_own_agencys_pages_only(client, agencies, me, them):
    mine, theirs = agencies[me], agencies[them]
    client.force_login(mine["user"])
    their_faq, my_faq = (StandardPage.objects.child_of(a["home"]).get(slug="faq") for a in (theirs, mine))
    root = client.get("/admin/choose-page/").content.decode()
    assert f'data-id="{mine["home"].pk}"' in root or f"/admin/choose-page/{mine['home'].pk}/" in root
    assert f"/admin/choose-page/{theirs['home'].pk}/" not in root
    found = client.get("/admin/choose-page/search/", {"q": "Frequently asked questions"}).content.decode()
    assert f'data-id="{my_faq.pk}"' in found
    assert f'data-id="{their_faq.pk}"' not in found
    inside = client.get(f"/admin/choose-page/{theirs['home'].pk}/").content.decode()
    assert f'data-id="{their_faq.pk}"' not in inside
