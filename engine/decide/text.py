"""Advice as plain text for an officer reading a terminal (`sharewise explain`, `decide --format text`).

The layout and its headings are a Jinja template (engine/templates/advice.txt), so the words an officer
reads are not spelled in Python; this module only loads it and supplies the line formats.
"""

from __future__ import annotations

import pathlib
import textwrap
from functools import lru_cache
from typing import Any

import jinja2

TEMPLATES = pathlib.Path(__file__).resolve().parent.parent / "templates"


def _wrap(text: str, indent: str = "  ") -> str:
    return textwrap.fill(text, width=100, initial_indent=indent, subsequent_indent=indent + "  ")


@lru_cache(maxsize=1)
def _template() -> jinja2.Template:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=False,  # plain text for a terminal, never HTML
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=False,
    )
    env.filters.update(
        wrap=_wrap,
        redaction_line=lambda r: f"[ ] {r['id']}: {r['instruction']} ({r['citation']})",
        condition_line=lambda c: f"- {c['text']} ({c['citation']})",
        referral_line=lambda r: f"- {r['role']}: {r['reason']}",
        step_line=lambda entry: "- " + " and ".join(step["text"] for step in entry["steps"]),
        assumed_line=lambda a: f"- {a['question']}: {a['reading']}",
        basis_line=lambda b: f"- {b['title']} ({b['citation']}) {b['url']}",
    )
    return env.get_template("advice.txt")


def render_text(advice: dict, pack: Any = None, full: bool = False) -> str:
    """The advice as sections: decision, what to share, redactions, conditions, referrals, bases, why."""

    def label(question_id: str, value: Any) -> str:
        question = pack.question(question_id) if pack is not None else None
        return question.label_for(value) if question else str(value)

    return _template().render(advice=advice, full=full, label=label).rstrip("\n")
