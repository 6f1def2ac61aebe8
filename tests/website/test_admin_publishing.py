"""Communications staff publish news through the Wagtail admin, with no developer."""

import datetime

from django.contrib.auth import get_user_model
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from tests.factories import demo_home
from website.models import HomePage, NewsIndexPage, NewsPage, StandardPage


class CommunicationsPublishingTests(WagtailPageTestCase):
    def setUp(self):
        self.comms = get_user_model().objects.get(username="comms")
        self.client.force_login(self.comms)
        self.home = demo_home()
        self.news_index = NewsIndexPage.objects.child_of(self.home).get()

    def test_page_type_rules(self):
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage})
        self.assertAllowedSubpageTypes(NewsPage, {})
        self.assertAllowedParentPageTypes(NewsIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})

    def test_comms_creates_and_publishes_a_news_page(self):
        data = nested_form_data(
            {
                "title": "Road closure for the Santa Claus parade",
                "slug": "santa-claus-parade-road-closures",
                "date": datetime.date(2026, 11, 27).isoformat(),
                "intro": "Main Street is closed to traffic from noon to 5 p.m. on Saturday.",
                "body": streamfield(
                    [
                        ("heading", {"text": "Closed streets", "level": "h2"}),
                        ("paragraph", rich_text("<p>Main Street between First and Fifth.</p>")),
                        ("quote", {"quote": "Plan ahead and leave the car at home.", "attribution": "Traffic Unit"}),
                    ]
                ),
                "action-publish": "action-publish",
            }
        )
        response = self.client.post(f"/admin/pages/add/website/newspage/{self.news_index.pk}/", data)
        self.assertEqual(response.status_code, 302, response.content.decode()[:3000])

        page = NewsPage.objects.get(slug="santa-claus-parade-road-closures")
        self.assertTrue(page.live)
        self.assertEqual(page.owner, self.comms)
        self.assertEqual(page.get_parent().pk, self.news_index.pk)

        self.client.logout()
        listing = self.client.get("/news/")
        self.assertContains(listing, "Road closure for the Santa Claus parade")
        detail = self.client.get("/news/santa-claus-parade-road-closures/")
        self.assertContains(detail, "<h2>Closed streets</h2>", html=True)
        self.assertContains(detail, "Traffic Unit")

    def test_comms_cannot_publish_outside_the_home_page(self):
        root = Page.get_first_root_node()
        response = self.client.get(f"/admin/pages/add/website/standardpage/{root.pk}/")
        self.assertNotEqual(response.status_code, 200)


class CommunicationsTranslationTests(WagtailPageTestCase):
    """Staff make the French copy of a page with Wagtail's "Translate", then reword it."""

    def setUp(self):
        from wagtail.models import Locale

        self.comms = get_user_model().objects.get(username="comms")
        self.client.force_login(self.comms)
        self.home = demo_home()
        self.french = Locale.objects.get(language_code="fr")

    def test_comms_translates_a_new_page_into_french(self):
        page = self.home.add_child(instance=StandardPage(title="Bike registration", slug="bike-registration"))
        page.save_revision().publish()
        url = f"/admin/translation/submit/page/{page.pk}/"
        self.assertContains(self.client.get(url), "French")  # the page offers the other language
        response = self.client.post(url, {"locales": [self.french.pk]})
        self.assertEqual(response.status_code, 302)
        copy = page.get_translation(self.french)
        self.assertEqual(copy.get_parent().specific, self.home.get_translation(self.french))
        self.assertFalse(copy.live)  # a draft, until the French text is in and it is published
        self.assertEqual(copy.url_path, "/accueil/bike-registration/")

    def test_the_page_listing_offers_translate(self):
        page = self.home.add_child(instance=StandardPage(title="Bike registration", slug="bike-registration"))
        response = self.client.get(f"/admin/pages/{self.home.pk}/")
        self.assertContains(response, f"/admin/translation/submit/page/{page.pk}/")
