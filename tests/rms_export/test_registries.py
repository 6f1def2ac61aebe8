"""One registry per kind of plugin (export formats, transports): the destination's choices are
read from it, so adding a plugin needs no migration."""

import io

import pytest
from django.core.management import call_command

from rms_export import formats, transports
from rms_export.models import Destination
from rms_export.registry import Registry

pytestmark = pytest.mark.django_db


def test_the_destinations_choices_are_the_registries():
    assert list(Destination._meta.get_field("format").choices) == formats.registry.choices()
    assert list(Destination._meta.get_field("transport").choices) == transports.registry.choices()
    assert [i for i, _label in formats.registry.choices()] == [
        "xml21",
        "json21",
        "xml2",
        "json2",
        "xml",
        "json",
        "xml11",
        "json11",
    ]
    assert {i for i, _label in transports.registry.choices()} == {"https", "directory"}
    assert formats.registry["xml"].CONTENT_TYPE == "application/xml"


def test_a_new_plugin_is_a_choice_at_once_and_needs_no_migration(monkeypatch):
    class Carrier(transports.Transport):
        id = "pigeon"
        label = "Carrier pigeon"

    monkeypatch.setattr(transports.registry, "_plugins", dict(transports.registry._plugins))
    transports.registry.register(Carrier)
    assert ("pigeon", "Carrier pigeon") in list(Destination._meta.get_field("transport").choices)
    out = io.StringIO()
    call_command("makemigrations", "rms_export", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_an_unknown_transport_or_format_is_refused():
    from django.core.exceptions import ValidationError
    from wagtail.models import Site

    destination = Destination(site=Site.objects.first(), name="RMS", transport="fax", format="pdf", options={})
    with pytest.raises(ValidationError) as refused:
        destination.full_clean()
    assert set(refused.value.message_dict) >= {"transport", "format"}


def test_a_registry_refuses_a_duplicate_id_and_a_plugin_without_one():
    registry = Registry("format")
    registry.register(object(), id="xml", label="XML")
    with pytest.raises(ValueError, match="already registered"):
        registry.register(object(), id="xml", label="XML again")
    with pytest.raises(ValueError, match="no id"):
        registry.register(object())
