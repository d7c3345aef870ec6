"""Access to the engine's policy pack, and turning its ids into the pack's own words.

This is the only module that knows where the pack comes from. It holds no legal logic and no wording:
labels, hints and details are read from the pack, decisions are the engine's, and the words around
them (decisions, outcomes, yes and no) are in the template ``words/_words.html``.
"""

from __future__ import annotations

import datetime
from typing import Any

from flask import current_app

import engine
from engine.pack.model import Question

UNSURE = "unsure"


def get_pack() -> engine.Pack:
    """The configured policy pack: POLICY_PACK folder if set, else the engine's bundled pack.

    Loaded once per app; a pack that fails validation raises engine.PackError at first use.
    """
    pack = current_app.extensions.get("sharewise_pack")
    if pack is None:
        path = current_app.config.get("POLICY_PACK")
        pack = engine.load_pack(path) if path else engine.default_pack()
        current_app.extensions["sharewise_pack"] = pack
    return pack


def today() -> datetime.date:
    """The date the law is applied as at: today, in the UK's calendar sense (server local date)."""
    return datetime.date.today()


def find_question(pack: engine.Pack, question_id: str) -> Question | None:
    """The pack's question with this id, or None (whether the pack returns None or raises for unknown ids)."""
    try:
        return pack.question(question_id)
    except (KeyError, LookupError):
        return None


def option_label(question: Question | None, value: Any) -> str:
    """The pack's label of one option id, or the id itself for anything the pack does not name."""
    for option in (question.options or []) if question else []:
        if option.id == value:
            return option.label
    return str(value)


def category_label(pack: engine.Pack, category: str) -> str:
    """The officer-facing label of a data category id (from the `data_categories` question)."""
    return option_label(find_question(pack, "data_categories"), category)


def option_details(pack: engine.Pack, question_id: str, value: Any) -> dict[str, Any]:
    """The reference `details` the pack gives for an option (e.g. a recipient's channel), or {}."""
    question = find_question(pack, question_id)
    for option in (question.options or []) if question else []:
        if option.id == value:
            return dict(option.details or {})
    return {}
