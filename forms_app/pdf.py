"""The PDF copy of a citizen's report, attached to their confirmation email.

Made with fpdf2 (pure Python) and nothing from outside: the only font is DejaVu Sans, shipped in
``forms_app/fonts/`` with its licence, which covers French (é è à ç « » ’ …); fpdf2 embeds only the
glyphs used. The module prints no English of its own: every word comes from the caller, the fixed
ones through ``labels``, so the same code makes the English and the French copy.
"""

import datetime
from pathlib import Path

from fpdf import FPDF, ViewerPreferences
from fpdf.enums import Align, XPos, YPos

FONTS_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVuSans"
MARGIN = 18  # mm, on every side
EMPTY = "—"  # printed for an empty value, so a blank answer is visibly blank
DEFAULT_LABELS = {"reference": "Reference", "submitted": "Submitted", "page": "Page %(page)s of %(pages)s"}
_PAGES_ALIAS = "{nb}"  # replaced by the page count; only switched on inside the footer
_FOOTER_LINE = 4  # mm, line height of the 8 pt footer
# Control characters other than newline have no glyph: tabs become spaces, the rest are dropped.
_CONTROLS = {c: None for c in range(32) if c != 10} | {9: "    ", 0x7F: None}


def _clean(text: str | None) -> str:
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").translate(_CONTROLS).strip()


class _ReportPDF(FPDF):
    def __init__(self, agency_name: str, footer_text: str, page_label: str):
        super().__init__(orientation="portrait", unit="mm", format="letter")
        self.agency_name, self.footer_text, self.page_label = agency_name, footer_text, page_label
        self.add_font(FONT, "", FONTS_DIR / "DejaVuSans.ttf")
        self.add_font(FONT, "B", FONTS_DIR / "DejaVuSans-Bold.ttf")
        self.set_margins(MARGIN, MARGIN, MARGIN)

    def header(self):
        # The citizen's text is printed with page-count substitution off, so a "{nb}" they typed stays.
        self.alias_nb_pages(None)
        self.set_font(FONT, "B", 9)
        self.set_text_color(80)
        self.multi_cell(0, 4.5, self.agency_name, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(150)
        self.line(self.l_margin, self.get_y() + 1, self.w - self.r_margin, self.get_y() + 1)
        self.set_text_color(0)
        self.ln(5)

    def footer_lines(self) -> int:
        self.set_font(FONT, "", 8)
        lines = self.multi_cell(0, _FOOTER_LINE, self.footer_text, dry_run=True, output="LINES")
        return len(lines) if self.footer_text else 0

    def footer(self):
        self.set_y(self.h - MARGIN - _FOOTER_LINE * (self.footer_lines() + 1))
        self.set_font(FONT, "", 8)
        self.set_text_color(80)
        if self.footer_text:
            self.multi_cell(0, _FOOTER_LINE, self.footer_text, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.alias_nb_pages(_PAGES_ALIAS)
        page = self.page_label % {"page": self.page_no(), "pages": _PAGES_ALIAS}
        self.cell(0, _FOOTER_LINE, page, align=Align.R)


def render_report_pdf(
    *,
    agency_name: str,
    title: str,
    reference: str,
    submitted_at_text: str,
    sections: list[tuple[str, list[tuple[str, str]]]],
    footer: str = "",
    labels: dict[str, str] | None = None,
    lang: str = "en",
    created_at: datetime.datetime | None = None,
) -> bytes:
    """The report as PDF bytes: header, title, reference, submission time, then each section's
    label/value rows (long values wrap onto as many pages as needed; empty ones show "—").

    ``labels`` overrides ``DEFAULT_LABELS`` ("page" takes ``%(page)s`` and ``%(pages)s``);
    ``lang`` is the document language ("en" or "fr", which also sets the space before a colon);
    ``created_at`` is the PDF creation date (default now): the same inputs give the same bytes.
    """
    labels = DEFAULT_LABELS | (labels or {})
    colon = "\u00a0: " if lang.lower().startswith("fr") else ": "
    pdf = _ReportPDF(_clean(agency_name), _clean(footer), labels["page"])
    pdf.set_title(_clean(title))
    pdf.set_author(_clean(agency_name))
    pdf.set_subject(_clean(reference))
    pdf.set_creator("OpenReport")
    pdf.set_lang(lang)
    pdf.set_creation_date(created_at or datetime.datetime.now(datetime.UTC))
    pdf.viewer_preferences = ViewerPreferences(display_doc_title=True)
    pdf.add_page()
    footer_height = _FOOTER_LINE * (pdf.footer_lines() + 1)
    pdf.set_auto_page_break(True, margin=MARGIN + footer_height + 4)

    def write(text: str, size: float, style: str = "", height: float = 0, gap: float = 0):
        pdf.set_font(FONT, style, size)
        pdf.multi_cell(0, height or size * 0.5, text, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(gap)

    write(_clean(title), 16, "B", gap=3)
    write(f"{labels['reference']}{colon}{_clean(reference)}", 13, "B", gap=1)
    write(f"{labels['submitted']}{colon}{_clean(submitted_at_text)}", 10, gap=4)
    for heading, rows in sections:
        if pdf.will_page_break(30):  # keep a heading with its first row
            pdf.add_page()
        pdf.ln(2)
        write(_clean(heading), 12.5, "B", gap=1)
        pdf.set_draw_color(150)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
        pdf.ln(2)
        for label, value in rows:
            if pdf.will_page_break(15):  # keep a label with the start of its value
                pdf.add_page()
            write(_clean(label), 9.5, "B", height=5)
            write(_clean(value) or EMPTY, 10.5, height=5.2, gap=2.5)
    return bytes(pdf.output())
