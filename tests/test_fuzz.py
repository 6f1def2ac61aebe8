"""No request from the public gets a server error, whatever it carries.

Hypothesis sends GET query strings and POST bodies (form-encoded and multipart, broken
multipart, NUL bytes, unicode digits, huge numbers, management-form fields missing or extra) to
every public address: home, news and its feeds, the standard pages, search, every step of every
demo form (screening, details, check, save for later, sent), the status page with a valid and an
invalid signed link, the link to a report saved to finish later (valid or not), unknown
addresses, and the French ones under /fr/. Every answer must be below 500.

Bounded for CI (about a thousand requests, well under a minute) and reproducible: the examples are
derandomized and nothing is read from or written to Hypothesis' example database.
"""

from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import Page

from forms_app.models import ReportFormPage
from forms_app.status import status_token
from tests.factories import in_demo, make_report
from tests.forms_app.conftest import VALID, jpeg, pass_screening

pytestmark = pytest.mark.django_db

# Each example is sent to one address of each of the 13 kinds (a broken body twice, with fewer
# examples): about 1,100 requests in all, 20 to 40 seconds.
FUZZ = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
CSRF_COOKIE = "f" * 32
STEPS = ["", "details/", "check/", "save/", "sent/"]
# Addresses of no page: some Wagtail's page pattern takes, some no URL pattern matches at all.
NO_PAGE = ["/no-such-page/", "/fr/nulle-part/", "/report-theft/nothing/"]
NO_PATTERN = ["/wp-login.php", "/fr/wp-login.php", "/nope", "/a%20b/", "/report-theft/details/x.y"]

# Values no browser sends, and some it does.
KNOWN_HOSTILE = st.sampled_from(
    [
        "",
        "\x00",
        "a\x00b",
        "²",
        "١٢",
        "-1",
        "0",
        "1",
        "abc",
        "9" * 5000,
        str(10**30),
        str(2**63),
        "1e999999",
        "NaN",
        "stolen_items",
        "stolen_items:0",
        "stolen_items:²",
        f"stolen_items:{10**20}",
        "yes",
        "no",
        '"',
        "<script>alert(1)</script>",
        "é" * 400,
    ]
)
# Mostly the known ones, so that few examples reach them; then anything.
HOSTILE_VALUES = st.one_of(KNOWN_HOSTILE, KNOWN_HOSTILE, st.text(max_size=40), st.integers().map(str))
BUTTON_VALUES = st.one_of(KNOWN_HOSTILE, KNOWN_HOSTILE.map(lambda value: f"stolen_items:{value}"))
MANAGEMENT = ["TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"]
FIELD_NAMES = st.one_of(
    st.sampled_from([*VALID, "stolen_items-25-description", "token", "text", "q1", "website_url", "continue"]),
    st.text(min_size=1, max_size=20),
)
QUERY = st.dictionaries(st.sampled_from(["query", "page", "token"]) | FIELD_NAMES, HOSTILE_VALUES, max_size=3)
BROKEN_MULTIPART = st.sampled_from(
    [
        (b"garbage", "multipart/form-data"),
        (b"x", "multipart/form-data; boundary=" + "b" * 80),
        (b"--xx\r\ngarbage", "multipart/form-data; boundary=xx"),
        (b'--xx\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue', "multipart/form-data; boundary=xx"),
        (
            b'--xx\r\nContent-Disposition: form-data; name="a"\r\n'
            b"Content-Transfer-Encoding: base64\r\n\r\n!!\r\n--xx--",
            "multipart/form-data; boundary=xx",
        ),
        (
            b'--xx\r\nContent-Disposition: form-data; name="photos_or_documents"; filename="\x00.jpg"\r\n'
            b"Content-Type: image/jpeg\r\n\r\n\xff\xd8\xff\r\n--xx--",
            "multipart/form-data; boundary=xx",
        ),
        (b"a=%zz&b=\xff\xfe&c", "application/x-www-form-urlencoded"),
        (b"&".join(b"f%d=1" % n for n in range(10_001)), "application/x-www-form-urlencoded"),
        (b"\x00" * 64, "application/octet-stream"),
        (b"{", "application/json"),
    ]
)


def public_urls():
    """Every live page in both languages, each form's steps and the feeds, search, unknown
    addresses: by kind, so that each kind is drawn as often as the others."""
    urls = {
        "pages": [],
        "feeds": ["/news/feed/", "/news/feed/atom/", "/fr/nouvelles/feed/", "/fr/nouvelles/feed/atom/"],
        "search": ["/search/", "/fr/search/"],
        "no page": NO_PAGE,
        "no URL pattern": NO_PATTERN,
        **{f"step {step}": [] for step in STEPS},
    }
    for page in in_demo(Page).live().specific():  # the demo agency's (the second has the same kinds)
        url = page.url
        if url is None:
            continue
        if isinstance(page, ReportFormPage):
            for step in STEPS:
                urls[f"step {step}"].append(url + step)
        else:
            urls["pages"].append(url)
    return urls


@pytest.fixture
def targets(home):
    report = make_report()
    token = status_token(report)
    urls = public_urls()
    urls["status"] = [f"/report/status/{token}/", f"/fr/report/status/{token}/"]
    urls["bad status link"] = [f"/report/status/{token[:-2]}xx/", "/report/status/not-a-token/"]
    resume = saved_draft_token()
    urls["resume link"] = [f"/report/resume/{resume}/", f"/report/resume/{resume[:-2]}xx/", "/fr/report/resume/x/"]
    assert len(urls["step details/"]) == 10  # five demo forms, in English and French
    assert all(urls.values())
    assert len(urls) == 13
    return urls


def saved_draft_token():
    """The token of a report of the theft form saved to finish later (the link's last part)."""
    import datetime
    import secrets

    from django.utils import timezone

    from forms_app.models import SavedDraft
    from forms_app.resume import hash_token
    from tests.factories import demo_site

    token = secrets.token_urlsafe(32)
    SavedDraft.objects.create(
        page=in_demo(ReportFormPage).get(slug="report-theft", locale__language_code="en"),
        site=demo_site(),
        token_hash=hash_token(token),
        email="jean@example.org",
        language="en",
        answers={"what_happened": ["Taken."]},
        step_route="details",
        upload_key=secrets.token_hex(16),
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )
    return token


def draw_urls(data, targets):
    """One address of each of the 13 kinds: every example is sent to all of them."""
    return [data.draw(st.sampled_from(targets[kind]), label=kind) for kind in sorted(targets)]


@pytest.fixture
def citizen(targets):
    """A visitor part-way through every demo form (screened, with a file added), so that the
    details and check steps do their work rather than send them back to the start."""
    client = Client(raise_request_exception=False)
    for page in in_demo(ReportFormPage).live():
        pass_screening(client, page)
    theft = in_demo(ReportFormPage).get(slug="report-theft")
    client.post(theft.url + "details/", {**VALID, "photos_or_documents": [jpeg("bike.jpg")]})
    return client


def browser_like_client():
    """CSRF checked as in production, with the cookie a browser would have: the check reads the body."""
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.cookies["csrftoken"] = CSRF_COOKIE
    return client


def assert_no_server_error(response, method, url, detail):
    assert response.status_code < 500, (method, url, detail, response.content[:500])


@FUZZ
@given(data=st.data())
def test_get_with_any_query_string_is_no_server_error(citizen, targets, data):
    value = data.draw(HOSTILE_VALUES, label="value")
    query = dict.fromkeys(["query", "page", "token"], value) | data.draw(QUERY, label="more")
    for url in draw_urls(data, targets):
        response = citizen.get(url, query)
        assert_no_server_error(response, "GET", url, query)


def draw_fields(data):
    """The details step's fields as a browser sends them, then changed: management-form fields
    missing or wrong, an "Add", "Remove" or "Remove file" button with any value, others added."""
    fields = dict(VALID) if data.draw(st.booleans(), label="start from valid answers") else {}
    for key in MANAGEMENT:
        change = data.draw(st.sampled_from(["keep", "drop", "change"]), label=key)
        if change == "drop":
            fields.pop(f"stolen_items-{key}", None)
        elif change == "change":
            fields[f"stolen_items-{key}"] = data.draw(HOSTILE_VALUES, label=f"{key} value")
    button = data.draw(st.sampled_from(["remove_file", "remove_item", "add_item", "continue"]), label="button")
    fields[button] = data.draw(BUTTON_VALUES, label="button value")
    fields |= data.draw(st.dictionaries(FIELD_NAMES, HOSTILE_VALUES, max_size=4), label="changed")
    return fields


@FUZZ
@given(data=st.data())
def test_post_of_any_form_fields_is_no_server_error(citizen, targets, data):
    fields = draw_fields(data)
    urlencoded = data.draw(st.booleans(), label="urlencoded")
    upload = None
    if not urlencoded and data.draw(st.booleans(), label="with a file"):
        content = data.draw(st.binary(max_size=64) | st.just(b"\x89PNG\r\n\x1a\n" + b"\x00" * 16), label="file")
        name = data.draw(st.sampled_from(["photo.jpg", "x", "\x00.pdf", "../../etc/passwd", "é" * 300]), label="name")
        upload = (name, content)
    for url in draw_urls(data, targets):
        if urlencoded:
            body = urlencode(fields).encode()
            response = citizen.post(url, body, content_type="application/x-www-form-urlencoded")
        else:
            files = {"photos_or_documents": SimpleUploadedFile(*upload, content_type="image/jpeg")} if upload else {}
            response = citizen.post(url, {**fields, **files})
        assert_no_server_error(response, "POST", url, fields)


@settings(FUZZ, max_examples=15)
@given(data=st.data())
def test_post_of_a_broken_body_is_no_server_error(targets, data):
    random_body = st.tuples(st.binary(max_size=200), st.just("multipart/form-data; boundary=xx"))
    body, content_type = data.draw(BROKEN_MULTIPART | random_body, label="body")
    # With the CSRF check as in production (it reads the body first), and without (the view does).
    for client in (browser_like_client(), Client(raise_request_exception=False)):
        for url in draw_urls(data, targets):
            response = client.generic("POST", url, body, content_type=content_type)
            assert_no_server_error(response, "POST", url, body[:80])
