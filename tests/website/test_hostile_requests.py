"""Requests no browser sends get an answer below 500: a broken body on an unknown address, a
search for control characters or search syntax."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

CSRF_COOKIE = "a" * 32
BROKEN_BODIES = [
    (b"garbage", "multipart/form-data"),  # no boundary
    (b"x", "multipart/form-data; boundary=" + "b" * 80),  # a boundary longer than allowed
    (b'--xx\r\nContent-Disposition: form-data; name="a"\r\n\r\n' + b"1" * 10, "multipart/form-data; boundary=xx"),
    (b"&".join(b"f%d=1" % n for n in range(10_001)), "application/x-www-form-urlencoded"),  # too many fields
]
# Addresses no URL pattern matches: Wagtail's pages take only letters, digits, "-" and "_".
UNKNOWN = ["/wp-login.php", "/fr/wp-login.php", "/nope", "/a%20b/", "/report-theft/details/x.y"]


def browser_like_client():
    """CSRF checked as in production, with a CSRF cookie: the check then reads the body."""
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.cookies["csrftoken"] = CSRF_COOKIE
    return client


@pytest.mark.parametrize("path", UNKNOWN)
@pytest.mark.parametrize(("body", "content_type"), BROKEN_BODIES)
def test_a_broken_post_to_an_unknown_address_is_no_server_error(home, path, body, content_type):
    response = browser_like_client().generic("POST", path, body, content_type=content_type)
    assert response.status_code < 500
    if response.status_code == 404:
        assert "Page not found" in response.content.decode() or "Page introuvable" in response.content.decode()


def test_the_not_found_page_is_the_sites_in_both_languages(home):
    client = browser_like_client()
    response = client.generic("POST", "/wp-login.php", b"garbage", content_type="multipart/form-data")
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in response.content.decode()
    response = client.get("/fr/wp-login.php")
    assert response.status_code == 404
    assert '<html lang="fr">' in response.content.decode()


def test_a_body_that_cannot_be_read_gets_the_sites_bad_request_page(home):
    client = browser_like_client()
    response = client.generic("POST", "/report-theft/details/", b"garbage", content_type="multipart/form-data")
    assert response.status_code == 400
    html = response.content.decode()
    assert "<h1>Your browser sent something we could not read</h1>" in html
    assert "Demo Regional Police Service" in html  # the site's own layout, not a framework's
    response = client.generic("POST", "/fr/signaler-un-vol/details/", b"garbage", content_type="multipart/form-data")
    assert response.status_code == 400
    assert '<html lang="fr">' in response.content.decode()


@pytest.mark.parametrize(
    "query",
    ["\x00", "vol\x00", "\x01\x1f", '"', "'", "theft*", "AND", "NEAR(", "-", "^", "((", "a OR", "\ud7ff", "²"],
)
def test_search_answers_any_query(client, query):
    response = client.get("/search/", {"query": query})
    assert response.status_code == 200
    response = client.get("/fr/search/", {"query": query, "page": "²"})
    assert response.status_code == 200


def test_search_ignores_control_characters(client):
    response = client.get("/search/", {"query": "fraud\x00"})
    assert response.status_code == 200
    assert response.context["search_query"] == "fraud"
