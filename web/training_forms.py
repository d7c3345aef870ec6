"""Form fields the training pages share: a date (GOV.UK date input, the meeting's date too), a required line
of text, usernames, and "what would you do": a decision, an outcome for each kind of information and the
power relied on. Errors are ``words.form_error`` codes, worded in the words template.

The choices come from the pack and the contract: the decisions and item outcomes are the engine's ids
(worded as the advice page words them), the kinds of information are the pack's options, and the powers
are the pack's grounds in force on the exercise's date, with their titles and citations. Whether an
answer is right is not decided here: that is ``engine.training.mark``.
"""

from __future__ import annotations

import datetime
from typing import Any

from werkzeug.datastructures import MultiDict

from engine.decide.program import rules_in_force
from engine.vocabulary import FINAL_DECISIONS, ITEM_OUTCOMES
from web.pack import category_label, get_pack
from web.words import decision_label, outcome_label, words

Form = MultiDict[str, str]
# The form's value for "I rely on no power".
NO_POWER = "none"


def read_text(form: Form, name: str, code: str, errors: dict[str, str], limit: int = 200) -> str:
    """A required line of text, with the error ``code`` when it is empty or ``code_long`` when too long."""
    value = form.get(name, "").strip()
    if not value:
        errors[name] = words().form_error(code)
    elif len(value) > limit:
        errors[name] = words().form_error(f"{code}_long", limit)
    return value


def read_date(form: Form, name: str, code: str, errors: dict[str, str]) -> datetime.date | None:
    """A GOV.UK date input (``name-day``, ``name-month``, ``name-year``) as a date, or None with the error
    ``code`` (a box empty) or ``code_real`` (no such date) on the first of its boxes (the error summary
    links there)."""
    parts = [form.get(f"{name}-{part}", "").strip() for part in ("day", "month", "year")]
    if not all(parts):
        errors[f"{name}-day"] = words().form_error(code)
        return None
    try:
        day, month, year = (int(p) for p in parts)
        return datetime.date(year, month, day)
    except ValueError:
        errors[f"{name}-day"] = words().form_error(f"{code}_real")
        return None


def date_fields(name: str, form: Form, value: datetime.date | None) -> dict[str, str]:
    """The three boxes' values: as typed after an error, else from `value`."""
    if any(f"{name}-{part}" in form for part in ("day", "month", "year")):
        return {part: form.get(f"{name}-{part}", "") for part in ("day", "month", "year")}
    if value is None:
        return {"day": "", "month": "", "year": ""}
    return {"day": str(value.day), "month": str(value.month), "year": str(value.year)}


def usernames(text: str) -> list[str]:
    """Usernames typed one a line or separated by commas or spaces, each once, in the order typed."""
    seen: list[str] = []
    for name in text.replace(",", " ").split():
        if name not in seen:
            seen.append(name)
    return seen


# -- what would you do -----------------------------------------------------------------------------------
def categories(answers: dict[str, Any]) -> list[str]:
    """The kinds of information the answers say are involved (an outcome is asked for each)."""
    value = answers.get("data_categories")
    return list(value) if isinstance(value, list) else []


def powers(as_at: datetime.date) -> list[dict[str, str]]:
    """The pack's powers (grounds) in force on the date, by title: id, title, citation."""
    grounds = [rule for rule in rules_in_force(get_pack(), as_at) if rule.kind == "ground"]
    unique = {rule.id: rule for rule in grounds}
    return [
        {"id": rule.id, "title": rule.title, "citation": rule.citation}
        for rule in sorted(unique.values(), key=lambda r: r.title.lower())
    ]


def choices(answers: dict[str, Any], as_at: datetime.date) -> dict[str, Any]:
    """What the form offers: decisions, outcomes, the categories (id, label) and the powers."""
    pack = get_pack()
    return {
        "decisions": [(d, decision_label(d)) for d in FINAL_DECISIONS],
        "outcomes": [(o, outcome_label(o, o)) for o in ITEM_OUTCOMES],
        "categories": [(c, category_label(pack, c)) for c in categories(answers)],
        "powers": powers(as_at),
        "no_power": NO_POWER,
    }


def read_outcome(
    form: Form, answers: dict[str, Any], as_at: datetime.date, *, power_required: bool = True
) -> tuple[dict[str, Any], dict[str, str]]:
    """``({decision, items, power}, errors)`` from the form; errors keyed by the field's element id
    (``decision``, ``item-<category>``, ``power``) in the order the form asks."""
    pack = get_pack()
    errors: dict[str, str] = {}
    decision = form.get("decision", "")
    if decision not in FINAL_DECISIONS:
        errors["decision"] = words().form_error("outcome.decision")
    items: dict[str, str] = {}
    for category in categories(answers):
        outcome = form.get(f"item-{category}", "")
        if outcome in ITEM_OUTCOMES:
            items[category] = outcome
        else:
            errors[f"item-{category}"] = words().form_error("outcome.item", category_label(pack, category))
    chosen = form.get("power", "")
    known = {p["id"] for p in powers(as_at)}
    power: str | None = None
    if chosen in known:
        power = chosen
    elif chosen != NO_POWER and (power_required or chosen):
        errors["power"] = words().form_error("outcome.power")
    return {"decision": decision, "items": items, "power": power}, errors


def outcome_values(form: Form, said: dict[str, Any] | None) -> dict[str, Any]:
    """What the form shows: as posted after an error, else what was said before (if anything)."""
    if form:
        return {
            "decision": form.get("decision", ""),
            "items": {k[5:]: v for k, v in form.items() if k.startswith("item-")},
            "power": form.get("power", ""),
        }
    said = said or {}
    power = said.get("power")
    return {
        "decision": said.get("decision", ""),
        "items": dict(said.get("items", {})),
        "power": power if power else (NO_POWER if "power" in said else ""),
    }
