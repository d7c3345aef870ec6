"""Combine rule statuses into advice: decision, items, redactions, conditions, referrals and explanation.

The legal content is all in the pack; this module only applies the pack format's fixed combination
(docs/policy-format.md): a disclosure needs a power (an applied ground) and a data-protection basis; bars
withhold, refer or stop; redactions make items "share redacted"; referrals that decide make it "refer".

Whether an answer is still needed is decided by bounding: the outcome is computed once assuming every
undecided rule falls the permissive way and once the restrictive way. If both agree, no remaining answer
can change the outcome and nothing more is asked; otherwise the questions behind undecided rules are
`missing` and the decision is `incomplete`.
"""
from __future__ import annotations

from rules.ir import FALSE, TRUE, UNKNOWN, Test

from engine.describe import Describer

LAYER_NAMES = {1: "Power", 2: "Data-protection regime", 3: "Human rights and confidence", 4: "Prohibitions and handling"}
OUTCOME_RANK = {"share": 0, "share_redacted": 1, "refer": 2, "withhold": 3}
PERMISSIVE_KINDS = {"ground", "data_protection"}
RESTRICTIVE_KINDS = {"bar", "redaction", "condition", "referral"}
DIVERGENCE_ID = "ENGINE-DIVERGENCE"
UNSURE_GUARD_ID = "ENGINE-UNSURE-GUARD"
CONTRACT_CITATION = "Sharewise decision contract, section 2 (an unsure answer never leads to share)"


class _World:
    """Which rules hold, with undecided rules resolved one way (permissive or restrictive).

    `true_ids` are the rules that hold; `unknown_ids` the undecided ones, which hold in this world when they
    fall its way (grounds and data-protection bases in the permissive world, bars, redactions, conditions and
    referrals in the restrictive one; an undecided handling rule holds in neither).
    """

    def __init__(self, layout, true_ids: set, unknown_ids: set, permissive: bool):
        holds = true_ids | (unknown_ids & (layout.permissive_ids if permissive else layout.restrictive_ids))
        self.holds = holds
        self.bars = [r for r in layout.bars if r.id in holds]
        self.stop = [r for r in self.bars if r.effect == "stop"]
        blocked = {}
        for bar in self.bars:
            for target in bar.blocks:
                blocked.setdefault(target, bar)
            if bar.effect == "stop":
                for rule_id in layout.permissive_ids:
                    blocked.setdefault(rule_id, bar)
        self.blocked = blocked
        self.applied_ids = holds.difference(blocked)
        position = layout.position
        self.applied = [layout.by_id[i] for i in sorted(self.applied_ids, key=position.__getitem__)]  # pack order
        self.bar_ids = {r.id for r in self.bars}
        self.grounds = [r for r in self.applied if r.kind == "ground"]
        self.dp = [r for r in self.applied if r.kind == "data_protection"]


def _items(world: _World, categories: list) -> list:
    """Each category's outcome with reasons and citations, under one world."""
    items = []
    redactions = [r for r in world.applied if r.kind == "redaction"]
    for category in categories:
        outcome, reasons, citations, powers = "share", [], [], []

        def worsen(to, reason, rule=None):
            nonlocal outcome
            if OUTCOME_RANK[to] > OUTCOME_RANK[outcome]:
                outcome = to
            reasons.append(reason)
            if rule is not None and rule.citation not in citations:
                citations.append(rule.citation)

        for bar in world.stop:
            worsen("withhold", f"Nothing may be shared: {bar.title}.", bar)
        covering = [g for g in world.grounds if g.covers is None or category in g.covers]
        if not world.stop:
            if not covering:
                worsen("withhold", "No lawful power found for this information." if not world.grounds
                       else "None of the powers that apply covers this kind of information.")
            elif not world.dp:
                worsen("withhold", "No data-protection basis found for this disclosure.")
            else:
                powers = covering[:3]
        for bar in world.bars:
            if bar.effect in ("withhold", "refer") and bar.applies_to_category(category):
                verb = "Withhold" if bar.effect == "withhold" else "Refer before sharing"
                worsen(bar.effect, f"{verb}: {bar.title}.", bar)
        for redaction in redactions:
            if redaction.applies_to_category(category) and outcome in ("share", "share_redacted"):
                worsen("share_redacted", f"Redact: {redaction.title}.", redaction)
        if outcome != "withhold":  # the powers matter only for what is (or may be) shared
            reasons = [f"Power: {g.title}." for g in powers] + reasons
            citations = [g.citation for g in powers] + [c for c in citations if c not in {g.citation for g in powers}]
        items.append({"category": category, "outcome": outcome, "reasons": reasons, "citations": citations})
    return items


def _decision(world: _World, items: list) -> str:
    if world.stop:
        return "do_not_share"
    if any(r.kind == "referral" and r.decides for r in world.applied):
        return "refer"
    if any(item["outcome"] == "refer" for item in items):
        return "refer"
    if not items or all(item["outcome"] == "withhold" for item in items):
        return "do_not_share"
    if any(item["outcome"] != "share" for item in items) or any(r.kind == "condition" for r in world.applied):
        return "share_with_conditions"
    return "share"


def _outcome(world, categories):
    items = _items(world, categories)
    return _decision(world, items), items


class _Layout:
    """What the advice needs of one compiled program that does not change between decisions: each rule's
    (hash-consed) condition, the fixed part of its explanation entry, and the describer that words it."""

    def __init__(self, pack, index):
        self.rules = index.rules
        self.conditions = {rule.id: index.conditions["rule:" + rule.id] for rule in index.rules}
        # (rule id, the fixed part of its explanation entry, its condition), in pack order
        self.explained = tuple((rule.id, {"rule_id": rule.id, "title": rule.title, "kind": rule.kind, "outcome": None,
                                          "because": None, "citation": rule.citation, "url": rule.url, "note": rule.note},
                                self.conditions[rule.id]) for rule in index.rules)
        self.by_id = {rule.id: rule for rule in index.rules}
        self.position = {rule.id: i for i, rule in enumerate(index.rules)}
        self.permissive_ids = frozenset(r.id for r in index.rules if r.kind in PERMISSIVE_KINDS)
        self.restrictive_ids = frozenset(r.id for r in index.rules if r.kind not in PERMISSIVE_KINDS and r.kind != "handling")
        self.bars = [r for r in index.rules if r.kind == "bar"]
        self.layers = {number: (tuple(r for r in index.rules if r.layer == number),
                                frozenset(r.id for r in index.rules if r.layer == number)) for number in LAYER_NAMES}
        self.questions = {q.id: q for q in pack.questions}
        self.question_order = {q.id: i for i, q in enumerate(pack.questions)}
        self.ask_when = index.ask_when
        self.describer = Describer(self.questions, {d.id: d for d in pack.derived}, {r.id: r for r in index.rules})


def prepare(pack, index) -> None:
    """Lay out a compiled program for advice now (`engine.pack` does it when it builds the program, so the
    layout is frozen with the pack and the first decision does not pay for it)."""
    _layout(pack, index)


def _layout(pack, index) -> _Layout:
    layout = index.advice
    if layout is None:  # one per compiled program, so its memory of rule texts is reused
        layout = index.advice = _Layout(pack, index)
    return layout


def build_advice(pack, index, evaluation, answers, as_at, divergence=None, status=None) -> dict:
    """Advice in the contract's shape (section 2) from the explainer's statuses (`status`, if the caller
    already has them from `evaluation.statuses()`)."""
    layout = _layout(pack, index)
    rules = index.rules
    status = dict(status) if status is not None else evaluation.statuses()
    moot = _moot_rules(layout, evaluation, status)
    for rule_id in moot:
        status[rule_id] = FALSE
    categories = list(answers.get("data_categories", []))
    true_ids = {rule_id for rule_id, state in status.items() if state == TRUE}
    unknown_ids = {rule_id for rule_id, state in status.items() if state == UNKNOWN}
    if unknown_ids:
        permissive, restrictive = _World(layout, true_ids, unknown_ids, True), _World(layout, true_ids, unknown_ids, False)
    else:  # nothing undecided: both bounds are the same world
        permissive = restrictive = _World(layout, true_ids, unknown_ids, False)
    p_decision, p_items = _outcome(permissive, categories)
    r_decision, r_items = _outcome(restrictive, categories)
    determined = p_decision == r_decision and [i["outcome"] for i in p_items] == [i["outcome"] for i in r_items]
    if "data_categories" not in answers and not permissive.stop:
        determined = False  # nothing can be advised item by item until we know what the information is
    missing = [] if determined else _missing(layout, evaluation, status, answers)
    # What is listed (bases, redactions, conditions, referrals) comes only from rules that definitely apply.
    world = restrictive if permissive is restrictive else _World(layout, true_ids, set(), permissive=False)
    decision, items = _outcome(world, categories) if determined else (r_decision, r_items)
    if missing:
        decision = "incomplete"
    questions = layout.questions
    explanation = _explanation(layout, status, world, evaluation, moot)
    unsure = sorted(q for q, v in answers.items() if v == "unsure")
    if decision == "share" and unsure:
        decision = "refer"
        explanation.append({
            "rule_id": UNSURE_GUARD_ID, "kind": "safeguard", "outcome": "applied", "citation": CONTRACT_CITATION,
            "because": f"You answered 'unsure' to {', '.join(unsure)}; the advice cannot be to share until that is settled.",
        })
    if divergence:
        decision = "refer"
        explanation.append({
            "rule_id": DIVERGENCE_ID, "kind": "safeguard", "outcome": "applied", "citation": "Sharewise engine self-check",
            "because": "The two independent evaluations of the policy disagreed, so the engine will not advise on this "
                       "case: refer it to a supervisor or legal services. " + divergence,
        })
    advice = {
        "decision": decision,
        "summary": _summary(pack, decision, answers, questions, world),
        "regime": _regime(evaluation, index),
        "lawful_bases": [_basis(r) for r in world.applied if r.kind in PERMISSIVE_KINDS],
        "items": items,
        "redactions": _redactions(world, items),
        "conditions": [{"id": r.id, "text": r.text, "citation": r.citation} for r in world.applied if r.kind == "condition"],
        "refer_to": _refer_to(world, categories),
        "handling": _handling(world, answers, questions),
        "explanation": explanation,
        "missing": missing,
        "layers": _layers(layout, unknown_ids, world),
        "policy_pack": {"name": pack.name, "version": pack.version, "sha256": pack.sha256, "as_at": as_at.isoformat()},
    }
    return advice


def _moot_rules(layout, evaluation, status) -> dict:
    """Undecided rules that only wait on questions that do not arise here (their `ask_when` is false).

    Such a question will never be asked, so the rule can never be decided: it is treated as not applying,
    and its explanation says which questions do not arise.
    """
    irrelevant = {qid for qid, condition in layout.ask_when.items() if evaluation.value(condition) == FALSE}
    moot = {}
    if not irrelevant:
        return moot
    conditions = layout.conditions
    for rule_id, state in status.items():
        if state == UNKNOWN:
            open_questions = evaluation.open_questions(conditions[rule_id])
            if open_questions and all(q in irrelevant for q in open_questions):
                moot[rule_id] = open_questions
    return moot


def _missing(layout, evaluation, status, answers) -> list:
    wanted = {}
    conditions = layout.conditions
    for rule_id, state in status.items():
        if state == UNKNOWN:
            wanted.update(dict.fromkeys(evaluation.open_questions(conditions[rule_id])))
    if "data_categories" not in answers:
        wanted["data_categories"] = None
    order = layout.question_order
    relevant = []
    for qid in sorted(wanted, key=lambda q: order.get(q, 10**6)):
        if qid not in layout.questions or qid in answers:
            continue
        condition = layout.ask_when.get(qid)
        if condition is not None and evaluation.value(condition) == FALSE:
            continue
        relevant.append(qid)
    return relevant


def _basis(rule) -> dict:
    return {"id": rule.id, "title": rule.title, "kind": rule.basis if rule.kind == "ground" else "data_protection",
            "citation": rule.citation, "url": rule.url, "note": rule.note}


def _redactions(world, items) -> list:
    """Applied redactions in order of application, each limited to items that may still be shared."""
    shareable = [i["category"] for i in items if i["outcome"] != "withhold"]
    out = []
    for rule in sorted((r for r in world.applied if r.kind == "redaction"), key=lambda r: (r.order, r.id)):
        targets = [c for c in shareable if rule.applies_to_category(c)]
        if targets:
            out.append({"id": rule.id, "applies_to": targets, "instruction": rule.instruction, "citation": rule.citation})
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


def _explanation(layout, status, world, evaluation, moot) -> list:
    """One entry per rule in force, in pack order: applied, blocked (by which bar), not applied (which tests
    failed, with the answers that failed them) or unanswered (which questions would decide it).

    The texts depend only on a condition and this decision's answers, so each is worked out once per
    distinct (hash-consed) condition."""
    describer = layout.describer
    texts = {}  # (outcome letter, id(condition)) -> text, for this decision
    out = []
    append = out.append
    for rule_id, base, condition in layout.explained:
        entry = base.copy()
        state = status[rule_id]
        if state == TRUE:
            bar = world.blocked.get(rule_id)
            if bar is not None:
                entry["outcome"] = "blocked"
                entry["because"] = f"Its conditions are met, but {bar.id} ({bar.title}) sets it aside."
            else:
                entry["outcome"] = "applied"
                entry["because"] = f"Applies because {describer.node(condition)}."
        elif rule_id in moot:
            entry["outcome"] = "not_applied"
            entry["because"] = ("Does not apply: it depends on " + ", ".join(q.replace("_", " ") for q in moot[rule_id])
                                + ", which does not arise here.")
        elif state == FALSE:
            key = (FALSE, id(condition))
            because = texts.get(key)
            if because is None:
                because = texts[key] = _failure_text(evaluation, evaluation.failed_tests(condition), describer)
            entry["outcome"], entry["because"] = "not_applied", because
        else:
            key = (UNKNOWN, id(condition))
            because = texts.get(key)
            if because is None:
                open_questions = evaluation.open_questions(condition)
                because = texts[key] = "Would be decided by: " + ", ".join(q.replace("_", " ") for q in open_questions) + "."
            entry["outcome"], entry["because"] = "unanswered", because
        append(entry)
    return out


def _failure_text(evaluation, failures, describer) -> str:
    """"Does not apply: ..." listing each failing test with the answer that failed it."""
    parts = []
    for test in failures:
        if type(test) is Test:
            known, actual = evaluation.subject(test)
            parts.append(describer.test(test, actual, answered=known))
        else:
            parts.append(describer.node(test) + " is not the case")
    return "Does not apply: " + "; ".join(parts or ["its conditions are not met"]) + "."


def _layers(layout, unknown_ids, world) -> list:
    layers = []
    for number, name in LAYER_NAMES.items():
        members, member_ids = layout.layers[number]
        shown = (world.applied_ids | world.bar_ids) & member_ids
        applied = [r for r in members if r.id in shown]
        unknown = not unknown_ids.isdisjoint(member_ids)
        if number in (1, 2):
            kind = "ground" if number == 1 else "data_protection"
            found = [r for r in applied if r.kind == kind]
            state = "passed" if found else ("unknown" if unknown else "failed")
        else:
            bars = [r for r in applied if r.kind == "bar"]
            if any(b.effect == "stop" for b in bars):
                state = "failed"
            elif bars:
                state = "restricted"
            else:
                state = "unknown" if unknown else "passed"
        layers.append({"layer": number, "name": name, "status": state, "rules": [r.id for r in applied]})
    return layers
