"""The small SVG maps: every point drawn inside the picture, the text escaped, no style attributes."""

import re

from django.utils import translation

from tests.factories import DEMO_SQUARE
from website.demo_geo import DEMO_BOUNDARY
from website.maps import describe, location_map


def numbers(svg, attribute):
    return [float(v) for v in re.findall(rf'{attribute}="(-?[0-9.]+)"', svg)]


def test_the_point_and_others_are_inside_the_picture_even_outside_the_boundary():
    svg = location_map(DEMO_SQUARE, (43.9, -79.1), [(43.2, -80.0)], width=300)
    width, height = 300, float(re.search(r'height="([0-9.]+)"', svg).group(1))
    assert all(0 <= x <= width for x in numbers(svg, "cx") + numbers(svg, "x"))
    assert all(0 <= y <= height for y in numbers(svg, "cy") + numbers(svg, "y"))
    path = re.search(r'<path d="([^"]+)"', svg).group(1)
    for x, y in re.findall(r"(-?[0-9.]+),(-?[0-9.]+)", path):
        assert 0 <= float(x) <= width and 0 <= float(y) <= height


def test_text_is_escaped_and_there_are_no_style_attributes():
    svg = location_map(DEMO_BOUNDARY, (43.45, -79.70), label="<script>x</script>", id_prefix='a"b')
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert 'id="a&quot;b-title"' in svg
    assert "style=" not in svg and "http://" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_the_words_say_where_the_point_is_in_the_active_language():
    assert describe(DEMO_SQUARE, (43.4, -79.7)).startswith("the incident’s point inside the agency’s boundary, ")
    assert "outside" in describe(DEMO_SQUARE, (43.6, -79.7))
    with translation.override("fr"):
        assert describe(DEMO_SQUARE, (43.6, -79.7)).startswith("le point de l’incident hors de la limite")


def test_nothing_to_draw():
    assert location_map(None) == ""
