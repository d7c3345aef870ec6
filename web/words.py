"""The officer-facing words kept in a template (``templates/words/_words.html``), for Python to use.

Pages word their messages (errors, flashes) through these macros rather than with Python strings, so
that everything an officer reads is either the policy pack's or a template's.
"""

from __future__ import annotations

from typing import Any

from flask import current_app


def words() -> Any:
    """The template ``words/_words.html`` as a module of macros (loaded once per app)."""
    module = current_app.extensions.get("sharewise_words")
    if module is None:
        module = current_app.jinja_env.get_template("words/_words.html").module
        current_app.extensions["sharewise_words"] = module
    return module


VALUE_SEPARATOR = "\u241f"  # between the values of a flashed message (a symbol no one types)


def message(code: str, *values: object) -> str:
    """A flashed message as ``code:value1␟value2``, worded by ``words.flash`` in the template."""
    return f"{code}:{VALUE_SEPARATOR.join(str(value) for value in values)}"
