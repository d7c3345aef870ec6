"""The meeting pack as PDF, drawn with fpdf2 from a plain document (title, marking, key facts, sections).

fpdf2 is pure Python (no system packages). The document is plain data built by ``web.meeting_pack.document``,
so this module knows nothing of meetings. The justification record's PDF is made differently, by WeasyPrint
from the print view (``web.pdf``); two libraries for one job is a known gap (CHANGELOG, "Known gaps").
The standard PDF fonts cover Latin-1 only: typographic punctuation is mapped to its plain form and anything
else outside Latin-1 becomes "?", so a name in another script is never silently dropped.
"""

from __future__ import annotations

from typing import Any

from fpdf import FPDF

_PLAIN = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": "...",
        "\u00a0": " ",
        "\u2022": "-",
    }
)
_WIDTH = 180  # mm of text on an A4 page with 15 mm margins


def latin1(text: Any) -> str:
    """Text the standard PDF fonts can show."""
    return str(text).translate(_PLAIN).encode("latin-1", "replace").decode("latin-1")


class _Pdf(FPDF):
    def __init__(self, marking: str, footer: str):
        super().__init__(format="A4")
        self.marking = latin1(marking)
        self.footer_text = latin1(footer)  # {page} is this page's number; fpdf2 puts the count for {nb}
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(True, margin=18)

    def header(self) -> None:
        self.set_font("Helvetica", "B", 9)
        self.cell(0, 5, self.marking, align="C", new_x="LMARGIN", new_y="NEXT")
        self.ln(2)

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font("Helvetica", "", 8)
        self.cell(0, 5, self.footer_text.replace("{page}", str(self.page_no())), align="C")


def render(document: dict[str, Any]) -> bytes:
    """``{title, marking, footer, facts: [(key, value)], sections: [{heading, rows: [(key, value)], paragraphs}]}``
    as PDF; the footer's ``{page}`` and ``{nb}`` become the page's number and the number of pages."""
    pdf = _Pdf(document.get("marking", ""), document.get("footer", ""))
    pdf.alias_nb_pages()
    pdf.set_title(latin1(document["title"]))
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(_WIDTH, 8, latin1(document["title"]), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    _rows(pdf, document.get("facts", []))
    for section in document.get("sections", []):
        pdf.ln(4)
        pdf.set_font("Helvetica", "B", 13)
        pdf.multi_cell(_WIDTH, 7, latin1(section["heading"]), align="L", new_x="LMARGIN", new_y="NEXT")
        _rows(pdf, section.get("rows", []))
        pdf.set_font("Helvetica", "", 10)
        for paragraph in section.get("paragraphs", []):
            pdf.multi_cell(_WIDTH, 5, latin1(paragraph), align="L", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
    return bytes(pdf.output())


def _rows(pdf: _Pdf, rows: list) -> None:
    """Key and value side by side; the next row starts below the taller of the two."""
    for key, value in rows:
        if pdf.will_page_break(10):
            pdf.add_page()
        top = pdf.get_y()
        pdf.set_font("Helvetica", "B", 10)
        pdf.multi_cell(58, 5, latin1(key), align="L", new_x="LMARGIN", new_y="NEXT")
        below_key = pdf.get_y()
        pdf.set_xy(pdf.l_margin + 60, top)
        pdf.set_font("Helvetica", "", 10)
        pdf.multi_cell(_WIDTH - 60, 5, latin1(value), align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(max(below_key, pdf.get_y()) + 1)
