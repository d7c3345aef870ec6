"""Advice in the contract's shape (docs/decision-contract.md, section 2) from the rules' statuses.

Whether an answer is still needed is decided by bounding: the outcome is computed once assuming every
undecided rule falls the permissive way and once the restrictive way (`engine.decide.combine.World`). If
both agree, no remaining answer can change the outcome and nothing more is asked; otherwise the questions
behind undecided rules are `missing` and the decision is `incomplete`.
"""

from __future__ import annotations

from engine.decide.combine import World, outcome
from engine.decide.explanation import explanation_entries, layer_statuses
from engine.decide.layout import layout_for, prepare
from engine.decide.missing import missing_questions, moot_rules
from engine.vocabulary import PERMISSIVE_KINDS
from rules.ir import FALSE, TRUE, UNKNOWN

DIVERGENCE_ID = "ENGINE-DIVERGENCE"
UNSURE_GUARD_ID = "ENGINE-UNSURE-GUARD"
CONTRACT_CITATION = "Sharewise decision contract, section 2 (an unsure answer never leads to share)"

__all__ = ["build_advice", "prepare", "DIVERGENCE_ID", "UNSURE_GUARD_ID"]


def build_advice(pack, index, evaluation, answers, as_at, divergence=None, status=None) -> dict:
    """Advice in the contract's shape (section 2) from the explainer's statuses (`status`, if the caller
    already has them from `evaluation.statuses()`)."""
    layout = layout_for(pack, index)
    status = dict(status) if status is not None else evaluation.statuses()
    moot = moot_rules(layout, evaluation, status)
    for rule_id in moot:
        status[rule_id] = FALSE
    categories = list(answers.get("data_categories", []))
    true_ids = {rule_id for rule_id, state in status.items() if state == TRUE}
    unknown_ids = {rule_id for rule_id, state in status.items() if state == UNKNOWN}
    if unknown_ids:
        permissive, restrictive = (
            World(layout, true_ids, unknown_ids, True),
            World(layout, true_ids, unknown_ids, False),
        )
    else:  # nothing undecided: both bounds are the same world
        permissive = restrictive = World(layout, true_ids, unknown_ids, False)
    p_decision, p_items = outcome(permissive, categories)
    r_decision, r_items = outcome(restrictive, categories)
    determined = p_decision == r_decision and [i["outcome"] for i in p_items] == [i["outcome"] for i in r_items]
    if "data_categories" not in answers and not permissive.stop:
        determined = False  # nothing can be advised item by item until we know what the information is
    missing = [] if determined else missing_questions(layout, evaluation, status, answers)
    # What is listed (bases, redactions, conditions, referrals) comes only from rules that definitely apply.
    world = restrictive if permissive is restrictive else World(layout, true_ids, set(), permissive=False)
    decision, items = outcome(world, categories) if determined else (r_decision, r_items)
    if missing:
        decision = "incomplete"
    questions = layout.questions
    explanation = explanation_entries(layout, status, world, evaluation, moot)
    unsure = sorted(q for q, v in answers.items() if v == "unsure")
    if decision == "share" and unsure:
        decision = "refer"
        explanation.append(
            {
                "rule_id": UNSURE_GUARD_ID,
                "kind": "safeguard",
                "outcome": "applied",
                "citation": CONTRACT_CITATION,
                "because": f"You answered 'unsure' to {', '.join(unsure)}; the advice cannot be to share until that is settled.",
            }
        )
    if divergence:
        decision = "refer"
        explanation.append(
            {
                "rule_id": DIVERGENCE_ID,
                "kind": "safeguard",
                "outcome": "applied",
                "citation": "Sharewise engine self-check",
                "because": "The two independent evaluations of the policy disagreed, so the engine will not advise on this "
                "case: refer it to a supervisor or legal services. " + divergence,
            }
        )
    advice = {
        "decision": decision,
        "summary": _summary(pack, decision, answers, questions, world),
        "regime": _regime(evaluation, index),
        "lawful_bases": [_basis(r) for r in world.applied if r.kind in PERMISSIVE_KINDS],
        "items": items,
        "redactions": _redactions(world, items),
        "conditions": [
            {"id": r.id, "text": r.text, "citation": r.citation} for r in world.applied if r.kind == "condition"
        ],
        "refer_to": _refer_to(world, categories),
        "handling": _handling(world, answers, questions),
        "explanation": explanation,
        "missing": missing,
        "layers": layer_statuses(layout, unknown_ids, world),
        "policy_pack": {"name": pack.name, "version": pack.version, "sha256": pack.sha256, "as_at": as_at.isoformat()},
    }
    return advice


def _basis(rule) -> dict:
    return {
        "id": rule.id,
        "title": rule.title,
        "kind": rule.basis if rule.kind == "ground" else "data_protection",
        "citation": rule.citation,
        "url": rule.url,
        "note": rule.note,
    }


def _redactions(world, items) -> list:
    """Applied redactions in order of application, each limited to items that may still be shared."""
    shareable = [i["category"] for i in items if i["outcome"] != "withhold"]
    out = []
    for rule in sorted((r for r in world.applied if r.kind == "redaction"), key=lambda r: (r.order, r.id)):
        targets = [c for c in shareable if rule.applies_to_category(c)]
        if targets:
            out.append(
                {"id": rule.id, "applies_to": targets, "instruction": rule.instruction, "citation": rule.citation}
            )
    return out


def _refer_to(world, categories) -> list:
    out, seen = [], set()
    for rule in world.applied:
        entry = None
        if rule.kind == "referral":
            entry = {"role": rule.role, "reason": rule.reason}
        elif rule.kind == "bar" and rule.refer_to and any(rule.applies_to_category(c) for c in categories):
            entry = {"role": rule.refer_to["role"], "reason": rule.refer_to["reason"]}
        if entry and (entry["role"], entry["reason"]) not in seen:
            seen.add((entry["role"], entry["reason"]))
            out.append(entry)
    return out


def _handling(world, answers, questions) -> dict:
    chosen = {}
    for rule in sorted((r for r in world.applied if r.kind == "handling"), key=lambda r: r.priority):
        for key, text in rule.sets.items():
            chosen.setdefault(key, text)
    return {
        "security_marking": answers.get("security_marking"),
        "transfer_method": chosen.get("transfer_method"),
        "onward_disclosure": chosen.get("onward_disclosure"),
    }


def _regime(evaluation, index) -> str:
    if "regime" not in index.derived:
        return ""
    known, value = evaluation.derived("regime")
    return str(value) if known and value is not None else "not yet determined"


def _summary(pack, decision, answers, questions, world) -> str:
    template = pack.summaries.get(decision, "")
    recipient = questions["recipient"].label_for(answers["recipient"]) if "recipient" in answers else "the recipient"
    purpose = questions["purpose"].label_for(answers["purpose"]) if "purpose" in answers else "this purpose"
    bases = "; ".join(r.title for r in world.grounds) or "no power found"
    try:
        return template.format(recipient=recipient, purpose=purpose, bases=bases)
    except (KeyError, IndexError, ValueError):
        return template
