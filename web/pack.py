"""Access to the engine's policy pack, and turning its ids into the words officers read.

This is the only module that knows where the pack comes from. It holds no legal logic: labels,
wording and hints are read from the pack, and decisions are the engine's.
"""

from __future__ import annotations

import datetime
from typing import Any

from flask import current_app

import engine
from engine.pack.model import Question

DECISIONS = {
    "share": "Share",
    "share_with_conditions": "Share with conditions",
    "do_not_share": "Do not share",
    "refer": "Refer before sharing",
    "incomplete": "More answers needed",
}

OUTCOMES = {
    "share": ("Share", "govuk-tag--green"),
    "share_redacted": ("Share redacted", "govuk-tag--yellow"),
    "withhold": ("Withhold", "govuk-tag--red"),
    "refer": ("Refer", "govuk-tag--purple"),
}

LAYER_STATUS = {
    "passed": ("Passed", "govuk-tag--green"),
    "failed": ("Failed", "govuk-tag--red"),
    "restricted": ("Restrictions apply", "govuk-tag--yellow"),
    "unknown": ("Not yet known", "govuk-tag--orange"),
    "not_reached": ("Not reached", "govuk-tag--grey"),
}

# Headings for the "why" section, by rule kind, in the order they are shown.
RULE_KINDS = {
    "ground": "Powers to share",
    "data_protection": "Data-protection basis",
    "bar": "Restrictions",
    "redaction": "Redactions",
    "condition": "Conditions",
    "referral": "Referrals",
    "handling": "Handling",
    "safeguard": "Safeguards",
}

RULE_OUTCOMES = {
    "applied": "Applies",
    "not_applied": "Does not apply",
    "blocked": "Set aside",
    "unanswered": "Needs an answer",
}

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


def option_label(question: Question, value: Any) -> str:
    """The label of one option id, falling back to the id itself for anything the pack does not name."""
    if value == UNSURE:
        for option in question.options or []:
            if option.id == UNSURE:
                return option.label
        return "Not sure"
    if question.type == "bool":
        return {True: "Yes", False: "No"}.get(value, str(value))
    for option in question.options or []:
        if option.id == value:
            return option.label
    return str(value)


def answer_labels(question: Question, value: Any) -> list[str]:
    """An answer as a list of labels (one for most questions, several for many_of)."""
    if isinstance(value, list):
        return [option_label(question, v) for v in value]
    if question.type in ("text", "number"):
        return [option_label(question, value) if value == UNSURE else str(value)]
    return [option_label(question, value)]


def category_label(pack: engine.Pack, category: str) -> str:
    """The officer-facing label of a data category id (from the `data_categories` question)."""
    question = find_question(pack, "data_categories")
    return option_label(question, category) if question else category


def option_details(pack: engine.Pack, question_id: str, value: Any) -> dict[str, Any]:
    """The reference `details` the pack gives for an option (e.g. a recipient's channel), or {}."""
    question = find_question(pack, question_id)
    for option in (question.options or []) if question else []:
        if option.id == value:
            return dict(option.details or {})
    return {}
