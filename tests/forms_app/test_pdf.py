"""The PDF copy of a report (forms_app.pdf): pure functions, no database."""

import datetime
import io

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from forms_app.pdf import FONTS_DIR, render_report_pdf

CREATED = datetime.datetime(2026, 3, 3, 19, 5, tzinfo=datetime.UTC)
FRENCH = "« Mon vélo rouge » a été volé à l’école ; ça s’est passé près du garçon, où Noël s’arrête – voilà."
FRENCH_FOOTER = (
    "Ceci est une copie de ce que vous avez envoyé. Ce n’est pas un rapport de police tant qu’il n’est pas accepté."
)
FRENCH_LABELS = {"reference": "Référence", "submitted": "Envoyé le", "page": "Page %(page)s sur %(pages)s"}


def make(**overrides) -> bytes:
    kwargs = {
        "agency_name": "Demo Regional Police Service",
        "title": "Theft under $5,000 – report copy",
        "reference": "DRPS-2026-000123",
        "submitted_at_text": "March 3, 2026, 2:05 p.m.",
        "sections": [
            ("About you", [("Name", "Alex Martin"), ("Phone", "905-555-0142")]),
            ("What happened", [("Description", "My bicycle was taken from the rack."), ("Serial number", "")]),
        ],
        "footer": "This is a copy of what you sent. It is not a police report until it is accepted.",
        "created_at": CREATED,
    }
    return render_report_pdf(**(kwargs | overrides))


def read(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def text_of(data: bytes) -> str:
    """All the text, pages in order, with no-break spaces as plain spaces."""
    return "\n".join(page.extract_text() for page in read(data).pages).replace("\xa0", " ")


def test_is_a_complete_pdf_file():
    data = make()
    assert isinstance(data, bytes)
    assert data.startswith(b"%PDF-")
    assert data.rstrip().endswith(b"%%EOF")


def test_same_inputs_give_the_same_bytes():
    assert make() == make()
    assert make() != make(created_at=CREATED + datetime.timedelta(seconds=1))


def test_header_title_reference_submission_time_and_values_are_printed():
    lines = text_of(make()).splitlines()
    assert lines[:4] == [
        "Demo Regional Police Service",
        "Theft under $5,000 – report copy",
        "Reference: DRPS-2026-000123",
        "Submitted: March 3, 2026, 2:05 p.m.",
    ]
    for expected in (
        "About you",
        "Alex Martin",
        "905-555-0142",
        "What happened",
        "My bicycle was taken from the rack.",
    ):
        assert expected in lines
    assert "This is a copy of what you sent. It is not a police report until it is accepted." in lines
    assert "Page 1 of 1" in lines


def test_an_empty_value_shows_a_dash_under_its_label():
    lines = text_of(
        make(sections=[("Items", [("Serial number", ""), ("Colour", "  \n "), ("Make", "Trek")])])
    ).splitlines()
    assert lines[lines.index("Serial number") + 1] == "—"
    assert lines[lines.index("Colour") + 1] == "—"
    assert lines[lines.index("Make") + 1] == "Trek"
    assert lines.count("—") == 2


def test_french_text_and_labels_render_with_their_accents_and_punctuation():
    data = make(
        agency_name="Service de police régional de démonstration",
        title="Vol de moins de 5 000 $ – copie du signalement",
        submitted_at_text="3 mars 2026 à 14 h 05",
        sections=[("Ce qui s’est passé", [("Récit", FRENCH), ("Numéro de série", "")])],
        footer=FRENCH_FOOTER,
        labels=FRENCH_LABELS,
        lang="fr",
    )
    text = text_of(data)
    assert "Service de police régional de démonstration" in text
    assert "Référence : DRPS-2026-000123" in text  # French typography: a (no-break) space before the colon
    assert "Envoyé le : 3 mars 2026 à 14 h 05" in text
    assert "Ce qui s’est passé" in text
    assert " ".join(FRENCH.split()) in " ".join(text.split())
    assert FRENCH_FOOTER in text
    assert "Page 1 sur 1" in text
    assert "Reference" not in text and "Submitted" not in text and "of 1" not in text
    assert read(data).trailer["/Root"]["/Lang"] == "fr"


def test_the_shipped_font_has_every_french_glyph():
    needed = set("àâäçéèêëîïôöùûüÿœæÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ«»’‘“”–—…$€\u00a0")
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        cmap = TTFont(FONTS_DIR / name).getBestCmap()
        assert {c for c in needed if ord(c) not in cmap} == set(), name


def test_a_long_narrative_runs_over_several_numbered_pages():
    words = [f"word{i}" for i in range(5000)]
    data = make(sections=[("What happened", [("Description", " ".join(words)), ("After", "the end")])])
    pages = read(data).pages
    assert len(pages) >= 4
    for number, page in enumerate(pages, start=1):
        text = page.extract_text()
        assert f"Page {number} of {len(pages)}" in text
        assert "Demo Regional Police Service" in text  # the header is on every page
    # Nothing lost, doubled or reordered at the page breaks (the header and footer come in between).
    assert [word for word in text_of(data).split() if word.startswith("word")] == words


def test_multi_line_values_and_unbroken_strings_wrap_inside_the_page():
    url = "https://example.org/" + "x" * 400
    data = make(sections=[("Details", [("Description", "First line\r\nSecond\tline\x00\n" + url)])])
    lines = text_of(data).splitlines()
    assert "First line" in lines
    assert "Second    line" in lines
    wrapped = [line for line in lines if line.startswith(("https://", "xxxx"))]
    assert len(wrapped) >= 3
    assert "".join(wrapped) == url


def test_text_the_citizen_typed_is_not_taken_for_the_page_count_alias():
    text = text_of(make(sections=[("Details", [("Description", "I wrote {nb} and %(pages)s here")])]))
    assert "I wrote {nb} and %(pages)s here" in text


def test_document_metadata():
    reader = read(make())
    assert reader.metadata.title == "Theft under $5,000 – report copy"
    assert reader.metadata.author == "Demo Regional Police Service"
    assert reader.metadata.creation_date == CREATED


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_only_the_shipped_fonts_are_used_and_they_are_embedded_as_subsets(lang):
    data = make(lang=lang)
    fonts = [font.get_object() for page in read(data).pages for font in page["/Resources"]["/Font"].values()]
    assert sorted(font["/BaseFont"].split("+")[-1] for font in fonts) == ["DejaVuSansBold", "DejaVuSansBook"]
    for font in fonts:
        assert "/FontFile2" in font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
    assert len(data) < 100_000  # subsets: the two shipped TTF files weigh 1.4 MB
