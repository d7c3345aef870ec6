"""The justification record as a PDF, made on the server with WeasyPrint (no browser needed).

WeasyPrint (BSD, kept by CourtBouillon) lays out HTML and CSS itself and draws text with Pango, a
system library (Debian: libpango-1.0-0 and libpangoft2-1.0-0, which .ci/run installs). The PDF is
the print view's own HTML with the print stylesheet (``static/print.css``), so the paper copy and the
PDF cannot drift apart. Where the system library is missing, ``available`` says why and the page that
offers the PDF shows that reason instead of failing.
"""

from __future__ import annotations

import functools
import pathlib

STYLESHEET = pathlib.Path(__file__).resolve().parent / "static" / "print.css"


@functools.cache
def unavailable_reason() -> str | None:
    """None when PDFs can be made here; otherwise why not (WeasyPrint or its system libraries missing)."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as error:
        return f"WeasyPrint cannot be loaded ({error.__class__.__name__}: {error})"
    return None


def render_pdf(html: str) -> bytes:
    """An A4 PDF of a self-contained HTML page (the print view rendered with ``pdf=True``)."""
    import weasyprint

    document = weasyprint.HTML(string=html, base_url=str(STYLESHEET.parent))
    return bytes(document.write_pdf(stylesheets=[weasyprint.CSS(filename=str(STYLESHEET))]))
