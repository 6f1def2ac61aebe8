"""Production static files: `collectstatic` with the production settings (hashed, compressed
files for WhiteNoise) succeeds, and the pages it serves then render, with their CSS."""

import json
import logging
import re
import secrets

import pytest
from django.core.files.storage import FileSystemStorage
from django.test import override_settings

from .test_settings import SHARED_CACHE, run

PRODUCTION_STATIC = "website.staticfiles.ProductionStaticFilesStorage"


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """STATIC_ROOT after the README's `collectstatic --noinput` under production settings."""
    root = tmp_path_factory.mktemp("static-root")
    result = run(
        ["manage.py", "collectstatic", "--noinput"],
        "website.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="reports.example.org",
        CACHE_URL=SHARED_CACHE,
        STATIC_ROOT=str(root),
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    return root


def test_collectstatic_with_production_settings_writes_the_manifest(collected):
    manifest = json.loads((collected / "staticfiles.json").read_text())["paths"]
    assert "website/css/site.css" in manifest
    assert "viewflow/fonts/roboto/roboto-fontface.css" in manifest
    # Viewflow's font file is hashed and its fonts' references rewritten to the hashed names.
    css = (collected / manifest["viewflow/fonts/roboto/roboto-fontface.css"]).read_text()
    assert re.search(r'url\("\./Roboto-Regular\.[0-9a-f]{12}\.woff2"\)', css)
    assert (collected / (manifest["website/css/site.css"] + ".gz")).exists()  # compressed for WhiteNoise


@pytest.mark.django_db
def test_pages_render_with_debug_off_from_the_collected_files(collected, client):
    production = {
        "DEBUG": False,
        "STATIC_ROOT": collected,
        "STORAGES": {
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": PRODUCTION_STATIC},
        },
        "WHITENOISE_USE_FINDERS": False,
        "WHITENOISE_AUTOREFRESH": False,
    }
    with override_settings(**production):
        home = client.get("/")
        assert home.status_code == 200
        (css_url,) = re.findall(r'href="(/static/website/css/site\.[0-9a-f]{12}\.css)"', home.content.decode())
        assert client.get("/admin/login/").status_code == 200
        assert client.get("/fr/").status_code == 200
        css = client.get(css_url)
        assert css.status_code == 200
        assert css["Content-Type"].startswith("text/css")
        assert "max-age=315360000" in css["Cache-Control"]  # hashed: cached for good


def _post_process(storage, source_root, files):
    """What collectstatic does: copy each file into the storage, then post-process them."""
    source = FileSystemStorage(location=source_root)
    for name, text in files.items():
        (source_root / name).parent.mkdir(parents=True, exist_ok=True)
        (source_root / name).write_text(text)
        with source.open(name) as handle:
            storage.save(name, handle)
    return list(storage.post_process({name: (source, name) for name in files}))


def test_a_missing_file_in_a_third_party_css_is_logged_and_left_alone(tmp_path, settings, caplog):
    settings.BASE_DIR = tmp_path / "project"
    from website.staticfiles import ProductionStaticFilesStorage

    storage = ProductionStaticFilesStorage(location=tmp_path / "out", base_url="/static/")
    files = {
        "package/font.css": "@font-face{src:url('./Gone.woff2')} a{background:url('./here.png')}",
        "package/here.png": "png",
    }
    with caplog.at_level(logging.WARNING, logger="website.staticfiles"):
        processed = _post_process(storage, tmp_path / "site-packages", files)
    assert not [error for _name, _hashed, error in processed if isinstance(error, Exception)]
    css = storage.open(storage.stored_name("package/font.css")).read().decode()
    assert "url('./Gone.woff2')" in css  # left as it was
    assert re.search(r'url\("\./here\.[0-9a-f]{12}\.png"\)', css)  # the others still hashed
    (warning,) = caplog.messages  # one per file, however many passes saw it
    assert "package/font.css" in warning
    assert "package/Gone.woff2" in warning


def test_a_missing_file_in_the_projects_own_css_still_fails(tmp_path, settings):
    settings.BASE_DIR = tmp_path / "project"
    from website.staticfiles import ProductionStaticFilesStorage

    storage = ProductionStaticFilesStorage(location=tmp_path / "out", base_url="/static/")
    processed = _post_process(
        storage, tmp_path / "project" / "website" / "static", {"website/css/x.css": "a{background:url('./gone.png')}"}
    )
    errors = [error for _name, _hashed, error in processed if isinstance(error, Exception)]
    assert errors
    assert "gone.png" in str(errors[0])
