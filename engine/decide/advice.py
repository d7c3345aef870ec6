"""Advice in the contract's shape (docs/decision-contract.md, section 2) from the rules' statuses.

`engine.decide.settle` works out the decision, the items and what is missing; this module assembles the
rest of the advice from the rules that definitely apply: the bases, redactions, conditions (none when
nothing is shared, unless a condition says it still applies), referrals, handling, the explanation, the
defaults assumed for questions the pack added, and the next steps that would let more go.
"""

from __future__ import annotations

from engine.decide.explanation import explanation_entries, layer_statuses
from engine.decide.layout import layout_for, prepare
from engine.decide.next_steps import find_next_steps
from engine.decide.settle import settle
from engine.decide.summary import compose_summary
from engine.vocabulary import DO_NOT_SHARE, INCOMPLETE, ITEM_SHARED, PERMISSIVE_KINDS, REFER
from rules.ir import TRUE

DIVERGENCE_ID = "ENGINE-DIVERGENCE"
UNSURE_GUARD_ID = "ENGINE-UNSURE-GUARD"

__all__ = ["build_advice", "prepare", "DIVERGENCE_ID", "UNSURE_GUARD_ID"]


def build_advice(
    pack, index, evaluation, answers, as_at, divergence=None, status=None, given=None, settle_answers=None
) -> dict:
    """Advice in the contract's shape (section 2) from the explainer's statuses (`status`, if the caller
    already has them from `evaluation.statuses()`).

    `answers` are the answers the rules were evaluated on: the officer's (`given`) plus the defaults of
    questions the pack added and the officer left unanswered, which the advice lists under `assumed`.
    `settle_answers(answers)` settles a what-if answer set, for `next_steps` (none are searched without it).
    """
    layout = layout_for(pack, index)
    given = answers if given is None else given
    settled = settle(layout, evaluation, answers, status)
    decision, items, world = settled.decision, settled.items, settled.world
    words = layout.wording.explanation
    explanation = explanation_entries(
        layout, settled.status, world, evaluation, settled.moot, settled.idle, settled.out_of_scope
    )
    if settled.unsure_guard:
        explanation.append(
            _safeguard(
                UNSURE_GUARD_ID,
                words("unsure_guard_citation"),
                words("unsure_guard", questions=", ".join(settled.unsure)),
            )
        )
    if divergence:
        decision = REFER
        explanation.append(
            _safeguard(DIVERGENCE_ID, words("divergence_citation"), words("divergence", details=divergence))
        )
    categories = list(answers.get("data_categories", []))
    sharing = any(i["outcome"] in ITEM_SHARED for i in items) and decision != DO_NOT_SHARE
    refer_to = _refer_to(world, categories)
    return {
        "decision": decision,
        "summary": compose_summary(pack, layout, decision, answers, items, world, refer_to),
        "regime": _regime(evaluation, index),
        "lawful_bases": [_basis(r) for r in world.applied if r.kind in PERMISSIVE_KINDS],
        "items": items,
        "redactions": _redactions(world, items),
        "conditions": [
            {"id": r.id, "text": r.text, "citation": r.citation}
            for r in world.applied
            if r.kind == "condition" and (sharing or r.when_not_sharing)
        ],
        "refer_to": refer_to,
        "handling": _handling(world, answers),
        "explanation": explanation,
        "missing": settled.missing,
        "next_steps": []
        if settle_answers is None or divergence or decision == INCOMPLETE
        else find_next_steps(layout, evaluation, answers, settled, settle_answers),
        "assumed": _assumed(layout, evaluation, answers, given, settled.out_of_scope),
        "layers": layer_statuses(layout, settled.unknown_ids, world),
        "policy_pack": {"name": pack.name, "version": pack.version, "sha256": pack.sha256, "as_at": as_at.isoformat()},
    }


def _safeguard(rule_id: str, citation: str, because: str) -> dict:
    return {"rule_id": rule_id, "kind": "safeguard", "outcome": "applied", "citation": citation, "because": because}


def _assumed(layout, evaluation, answers: dict, given: dict, out_of_scope: frozenset) -> list:
    """The defaults applied for questions the pack added and the officer left unanswered, where they arise
    (their `ask_when` holds: a question whose relevance is still unknown has not arisen yet) and a rule that
    is considered reads them (a default only rules out of scope read changes nothing said)."""
    out = []
    for question in layout.defaulted:
        if question.id in given or question.id not in answers:
            continue
        if not layout.readers.get(question.id, frozenset()) - out_of_scope:
            continue
        condition = layout.ask_when.get(question.id)
        if condition is not None and evaluation.value(condition) != TRUE:
            continue
        out.append({"question": question.id, "answer": answers[question.id], "reading": question.default_reading})
    return out


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
    """Who to contact and why: referrals that apply, and the people bars name for the items they touch
    (or, for a bar that decides, for the whole disclosure)."""
    out, seen = [], set()
    for rule in world.applied:
        entry = None
        if rule.kind == "referral":
            entry = {"role": rule.role, "reason": rule.reason}
        elif (
            rule.kind == "bar"
            and rule.refer_to
            and (rule.decides or any(rule.applies_to_category(c) for c in categories))
        ):
            entry = {"role": rule.refer_to["role"], "reason": rule.refer_to["reason"]}
        if entry and (entry["role"], entry["reason"]) not in seen:
            seen.add((entry["role"], entry["reason"]))
            out.append(entry)
    return out


def _handling(world, answers) -> dict:
    chosen: dict[str, str] = {}
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
