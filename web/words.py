"""The officer-facing words kept in a template (``templates/words/_words.html``), for Python to use.

Pages word their messages (errors, flashes) through these macros rather than with Python strings, so
that everything an officer reads is either the policy pack's or a template's.

A macro gives ``Markup``: its values already escaped. Keep it as it is for a page (``str()`` would have the
page escape it again, showing ``&#39;`` for an apostrophe); ``plain`` gives the text for a document that
is not HTML (a PDF, a CSV file, a name kept in the database).
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from markupsafe import Markup


def words() -> Any:
    """The template ``words/_words.html`` as a module of macros (loaded once per app)."""
    module = current_app.extensions.get("sharewise_words")
    if module is None:
        module = current_app.jinja_env.get_template("words/_words.html").module
        current_app.extensions["sharewise_words"] = module
    return module


def plain(worded: Any) -> str:
    """A macro's words as plain text, for a document that is not HTML (its escaping undone)."""
    return Markup(worded).unescape()


VALUE_SEPARATOR = "\u241f"  # between the values of a flashed message (a symbol no one types)


def message(code: str, *values: object) -> str:
    """A flashed message as ``code:value1␟value2``, worded by ``words.flash`` in the template."""
    return f"{code}:{VALUE_SEPARATOR.join(str(value) for value in values)}"


def answer_labels(question: Any, value: Any) -> list[str]:
    """An answer as the words an officer reads (``words.answer``): one label, or one per item of a list."""
    values = value if isinstance(value, list) else [value]
    return [words().answer(question, each) for each in values]


def decision_label(decision: str, missing: str | None = None) -> str:
    """A decision id in words (``words.decision``); ``missing`` when there is none."""
    return missing if not decision and missing is not None else words().decision(decision)


def outcome_label(outcome: str | None, missing: str) -> str:
    """An item outcome in words (``words.outcome``); ``missing`` when there is none."""
    return words().outcome(outcome) if outcome else missing
