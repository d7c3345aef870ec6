"""What changes between two advices on the same answers, in which direction, and which rules caused it.

What is compared (docs/impact.md): the decision, each item's outcome, the grounds and data-protection bases
cited (`lawful_bases` ids), the redactions, conditions (ids), the people referred to (`refer_to` roles), the
questions still asked (`missing`, as a set) and the data-protection regime. Wording (summaries, reasons,
explanations) is not compared: the rule-level diff shows wording changes.

Direction. Decisions are ordered from least to most restrictive share < share_with_conditions < refer <
do_not_share, item outcomes share < share_redacted < refer < withhold (`engine.vocabulary.ITEM_OUTCOMES`).
A change is *less restrictive* when the decision or any item moves towards share, and *more restrictive*
when any moves away from it; one case can be both. `incomplete` is outside the order: a decision that
becomes or stops being incomplete is neither, though its items (the cautious bound while incomplete) still
count.

Causes. A rule caused a change when its status in the case differs between the two advices (it holds in
one and not the other, or is undecided in one), when it exists in only one of them, or when it holds in
the case and a field that shapes advice differs between the packs (`engine.impact.rules_diff.OUTCOME_FIELDS`:
a bar's effect, what a ground covers, ...). A rule that is applied in one advice and set aside by a bar in
the other did not change: the bar did.
"""

from __future__ import annotations

from engine.vocabulary import (
    APPLIED,
    BLOCKED,
    DO_NOT_SHARE,
    ITEM_OUTCOMES,
    NOT_APPLIED,
    REFER,
    SHARE,
    SHARE_WITH_CONDITIONS,
)

DECISION_ORDER = (SHARE, SHARE_WITH_CONDITIONS, REFER, DO_NOT_SHARE)  # least to most restrictive
_DECISION_RANK = {d: n for n, d in enumerate(DECISION_ORDER)}
_ITEM_RANK = {o: n for n, o in enumerate(ITEM_OUTCOMES)}

HOLDS, DOES_NOT_HOLD, UNDECIDED, ABSENT = "holds", "does not hold", "undecided", "not in force"
_STATE = {APPLIED: HOLDS, BLOCKED: HOLDS, NOT_APPLIED: DOES_NOT_HOLD}

LISTED = ("lawful_bases", "redactions", "conditions", "refer_to", "missing")


def digest(advice: dict) -> dict:
    """The parts of an advice that are compared, and each rule's status: small enough to send between
    processes (an advice with its explanation is some 160 KB of JSON)."""
    return {
        "decision": advice["decision"],
        "items": {i["category"]: i["outcome"] for i in advice["items"]},
        "lawful_bases": [b["id"] for b in advice["lawful_bases"]],
        "redactions": [r["id"] for r in advice["redactions"]],
        "conditions": [c["id"] for c in advice["conditions"]],
        "refer_to": [r["role"] for r in advice["refer_to"]],
        "missing": list(advice["missing"]),
        "regime": advice.get("regime"),
        "states": rule_states(advice),
    }


def compare_advice(before: dict, after: dict) -> dict:
    """The differences between two advices, as digests (empty when they agree on everything compared)."""
    changes: dict = {}
    if before["decision"] != after["decision"]:
        changes["decision"] = {"before": before["decision"], "after": after["decision"]}
    old, new = before["items"], after["items"]
    items = {
        category: {"before": old.get(category), "after": new.get(category)}
        for category in list(dict.fromkeys([*old, *new]))
        if old.get(category) != new.get(category)
    }
    if items:
        changes["items"] = items
    for key in LISTED:
        was, now = before[key], after[key]
        added = [x for x in dict.fromkeys(now) if x not in was]
        removed = [x for x in dict.fromkeys(was) if x not in now]
        if added or removed:
            changes[key] = {"added": added, "removed": removed}
    if before["regime"] != after["regime"]:
        changes["regime"] = {"before": before["regime"], "after": after["regime"]}
    return changes


def direction(changes: dict) -> tuple:
    """``(less_restrictive, more_restrictive)`` of a change (see the module docstring)."""
    moves = []
    decision = changes.get("decision")
    if decision and decision["before"] in _DECISION_RANK and decision["after"] in _DECISION_RANK:
        moves.append(_DECISION_RANK[decision["after"]] - _DECISION_RANK[decision["before"]])
    for item in changes.get("items", {}).values():
        if item["before"] in _ITEM_RANK and item["after"] in _ITEM_RANK:
            moves.append(_ITEM_RANK[item["after"]] - _ITEM_RANK[item["before"]])
    return any(m < 0 for m in moves), any(m > 0 for m in moves)


def rule_states(advice: dict) -> dict:
    """Rule id -> holds / does not hold / undecided, from an advice's explanation (safeguard entries, such
    as the unsure guard, count as rules that hold)."""
    return {e["rule_id"]: _STATE.get(e["outcome"], UNDECIDED) for e in advice["explanation"]}


def causes(before: dict, after: dict, outcome_fields: dict) -> list:
    """The rules that caused a change between two digests: ``[{rule, before, after}]`` (states), with
    ``fields`` for a rule whose advice-shaping fields differ (`outcome_fields`: rule id -> field names, for
    the case's date)."""
    old, new = before["states"], after["states"]
    out = []
    for rule_id in dict.fromkeys([*new, *old]):
        was, now = old.get(rule_id, ABSENT), new.get(rule_id, ABSENT)
        fields = outcome_fields.get(rule_id)
        if was == now and not (fields and was != DOES_NOT_HOLD):
            continue
        entry = {"rule": rule_id, "before": was, "after": now}
        if fields:
            entry["fields"] = list(fields)
        out.append(entry)
    return out
