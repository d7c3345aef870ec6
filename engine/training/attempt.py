"""A trainee's attempt at an exercise, checked before it is marked.

An attempt is what the trainee made of the brief: the facts (`answers`, in the questionnaire's ids), the
overall `decision`, an outcome for each kind of information (`items`) and the `power` relied on (a rule id
of the pack, or null for none). Anything that is not a possible answer is refused with the field named, so
that the command line can exit 2 and a web form can put the message next to the field; a wrong but
possible answer is not refused here: that is for the marking.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from engine.problems import AnswerError, did_you_mean
from engine.vocabulary import FINAL_DECISIONS, ITEM_OUTCOMES

KEYS = ("answers", "decision", "items", "power")


@dataclass(frozen=True)
class Attempt:
    answers: dict  # question id -> answer, checked against the questionnaire as at the exercise's date
    decision: str  # one of FINAL_DECISIONS
    items: dict  # data category -> item outcome
    power: str | None  # a rule id of the pack, or None for "no power"


def check_attempt(pack, raw, as_at: dt.date) -> Attempt:
    """`raw` (parsed JSON) as an `Attempt`, or `AnswerError` naming the first field that is not a possible
    answer: ``answers.<question>`` (the engine's own answer checks), ``decision``, ``items.<category>``,
    ``power``, or the missing or unknown key."""
    if not isinstance(raw, dict):
        raise AnswerError("attempt", "must be a JSON object with " + ", ".join(KEYS))
    for key in raw:
        if key not in KEYS:
            raise AnswerError(key, f"unknown key '{key}'{did_you_mean(key, KEYS)}; an attempt has " + ", ".join(KEYS))
    for key in KEYS:
        if key not in raw:
            raise AnswerError(key, "missing" + (" (null for no power)" if key == "power" else ""))
    if not isinstance(raw["answers"], dict):
        raise AnswerError("answers", "must be an object of question id -> answer")
    answers = pack.check(raw["answers"], as_at, field_prefix="answers.")
    decision = raw["decision"]
    if decision not in FINAL_DECISIONS:
        raise AnswerError(
            "decision",
            f"unknown decision {decision!r}{did_you_mean(decision, FINAL_DECISIONS)}; one of "
            + ", ".join(FINAL_DECISIONS),
        )
    return Attempt(answers, decision, _items(pack, raw["items"], as_at), _power(pack, raw["power"]))


def _items(pack, items, as_at: dt.date) -> dict:
    if not isinstance(items, dict):
        raise AnswerError("items", "must be an object of data category -> outcome")
    question = pack.question("data_categories")
    categories = [o.id for o in question.options if o.in_force.covers(as_at)] if question else []
    for category, outcome in items.items():
        if category not in categories:
            raise AnswerError(
                f"items.{category}", f"unknown data category '{category}'{did_you_mean(category, categories)}"
            )
        if outcome not in ITEM_OUTCOMES:
            raise AnswerError(
                f"items.{category}",
                f"unknown outcome {outcome!r}{did_you_mean(outcome, ITEM_OUTCOMES)}; one of "
                + ", ".join(ITEM_OUTCOMES),
            )
    return dict(items)


def _power(pack, power) -> str | None:
    if power is None:
        return None
    rule_ids = sorted({r.id for r in pack.rules})
    if not isinstance(power, str) or power not in rule_ids:
        grounds = sorted({r.id for r in pack.rules if r.kind == "ground"})
        hint = did_you_mean(power, grounds) or did_you_mean(power, rule_ids)
        raise AnswerError(
            "power", f"unknown rule {power!r}{hint}; give the id of a power in the pack, or null for none"
        )
    return power
