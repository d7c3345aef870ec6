"""The officer-facing words kept in a template (``templates/words/_words.html``), for Python to use.

Pages word their messages (errors, flashes) through these macros rather than with Python strings, so
that everything an officer reads is either the policy pack's or a template's.

In a template a macro gives ``Markup`` (``template_words``). Python gets the words as plain text
(``words``: the template's escaping undone), so that a page escapes them exactly once (never ``&#39;`` for an
apostrophe) and a PDF, a CSV file or a name kept in the database gets the characters themselves (``plain``).
"""

from __future__ import annotations

import functools
import pathlib
from collections.abc import Callable
from typing import Any

from flask import current_app, has_app_context
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup

from web.dates import uk_time


def template_words() -> Any:
    """The template ``words/_words.html`` as a module of macros (loaded once per app), for templates: its
    macros return markup, which a template puts in as it is. Outside an app (a background thread, a module
    tested on its own) the same template is read with the app's settings, so an exception's words read the same."""
    if not has_app_context():
        return _words_without_an_app()
    module = current_app.extensions.get("sharewise_words")
    if module is None:
        module = current_app.jinja_env.get_template("words/_words.html").module
        current_app.extensions["sharewise_words"] = module
    return module


@functools.cache
def _words_without_an_app() -> Any:
    environment = Environment(
        loader=FileSystemLoader(pathlib.Path(__file__).parent / "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["uk_time"] = uk_time
    return environment.get_template("words/_words.html").module


class _PlainWords:
    """The words' macros for Python: each returns plain text (the template's escaping undone), so that a page
    that shows it escapes it once, a CSV or a PDF gets the characters themselves, and nothing is escaped twice."""

    def __init__(self, module: Any) -> None:
        self._module = module

    def __getattr__(self, name: str) -> Callable[..., str]:
        macro = getattr(self._module, name)

        def plain(*args: Any, **kwargs: Any) -> str:
            return Markup(macro(*args, **kwargs)).unescape()

        return plain


def words() -> Any:
    """The words' macros as plain text, for Python (``template_words`` is for templates)."""
    return _PlainWords(template_words())


def plain(worded: Any) -> str:
    """Words as plain text for a document that is not HTML (a PDF, a CSV file, a name kept in the database):
    ``words()`` already gives plain text; a template macro's ``Markup`` has its escaping undone."""
    return worded.unescape() if isinstance(worded, Markup) else str(worded)


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
