"""Every data table sits in its own scroll region, so that at 320 px a wide table scrolls by itself instead of
widening the whole page past the header (WCAG 1.4.10 reflow; the walk found the legal search results 716 px
wide). The region is focusable and named, so that keyboard users can scroll it and hear what it holds."""

import pathlib
import re

import pytest

TEMPLATES = pathlib.Path(__file__).resolve().parents[2] / "web" / "templates"
REGION = re.compile(r'<div class="app-table-scroll" tabindex="0" role="region" aria-label="[^"]*\S[^"]*">\s*$')


def tables():
    for path in sorted(TEMPLATES.rglob("*.html")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines):
            if "<table" in line:
                yield pytest.param(lines, number, id=f"{path.relative_to(TEMPLATES)}:{number + 1}")


@pytest.mark.parametrize(("lines", "number"), list(tables()))
def test_every_table_is_in_a_named_scroll_region(lines, number):
    assert REGION.search(lines[number - 1]), "the line before <table> must open an app-table-scroll region"
    end = next(i for i in range(number, len(lines)) if "</table>" in lines[i])
    assert lines[end + 1].strip() == "</div>", "the region closes right after </table>"
