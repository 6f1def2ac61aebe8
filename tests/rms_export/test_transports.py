"""What a destination's transport needs before the outbox may use it."""

import pytest


@pytest.mark.parametrize(
    "transport, options, missing",
    [("https", {}, "url"), ("directory", {"url": "x"}, "path"), ("https", {"url": "https://rms.invalid/"}, None)],
)
def test_a_destination_must_set_what_its_transport_needs(db, transport, options, missing):
    from django.core.exceptions import ValidationError
    from wagtail.models import Site

    from rms_export.models import Destination

    destination = Destination(site=Site.objects.first(), name="RMS", transport=transport, options=options)
    if missing is None:
        destination.full_clean()
        return
    with pytest.raises(ValidationError) as refused:
        destination.full_clean()
    assert refused.value.message_dict["options"] == [f"This transport needs the option {missing}."]
