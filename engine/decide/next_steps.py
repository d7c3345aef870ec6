"""What would change the advice: the one or two answers that, if different, would let something go.

For a `refer` or `do_not_share` decision, and for every item withheld or referred, the pack's actionable
answers (questions with `next_steps`: "verify the recipient by calling back on a known number", "ask the
originator") are tried one at a time, and then in pairs where no single one helps, and the advice is
settled again for each. A step is offered when it would let an item go, or turn the decision into a
share. The steps and their wording come from the pack; nothing here knows any law.

Only the Python evaluator runs these what-ifs: they are hypothetical answers, not advice, so they are
not cross-checked by durable_rules.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import combinations

from engine.decide.combine import OUTCOME_RANK
from engine.decide.settle import Settled
from engine.vocabulary import DO_NOT_SHARE, ITEM_REFER, ITEM_WITHHOLD, REFER, SHARING_DECISIONS
from rules.ir import FALSE

MAX_PAIRS_FROM = 5  # pairs are tried among the first candidates only, so a decision stays fast


def find_next_steps(layout, evaluation, answers: dict, settled: Settled, settle_answers: Callable) -> list:
    """`[{"steps": [{question, answer, text}], "unlocks": [categories], "decision": d}]`, best first.

    `settle_answers(answers)` settles a what-if answer set (see `engine.decide.settle`)."""
    held = {i["category"]: i["outcome"] for i in settled.items if i["outcome"] in (ITEM_WITHHOLD, ITEM_REFER)}
    stuck = settled.decision in (REFER, DO_NOT_SHARE)
    if not held and not stuck:
        return []
    candidates = _candidates(layout, evaluation, answers, _questions_that_matter(layout, settled, held))
    found, helped = [], set()
    for candidate in candidates:
        entry = _try(candidate, answers, held, stuck, settle_answers)
        if entry:
            found.append(entry)
            helped.update(entry["unlocks"])
            if entry["decision"] in SHARING_DECISIONS:
                helped.add("decision")
    if stuck and "decision" not in helped:
        for pair in combinations(candidates[:MAX_PAIRS_FROM], 2):
            if pair[0][0].id == pair[1][0].id:
                continue
            entry = _try(pair, answers, held, stuck, settle_answers)
            if entry and entry["decision"] in SHARING_DECISIONS:
                found.append(entry)
    found.sort(key=lambda e: (e["decision"] not in SHARING_DECISIONS, len(e["steps"]), -len(e["unlocks"])))
    return found


def _questions_that_matter(layout, settled: Settled, held: dict) -> frozenset:
    """The questions that could lift what holds the advice back: those read by the rules that withhold or
    refer a held item or stop or decide the whole disclosure, and, where a held item lacks a power or a
    basis, those read by the powers and bases. Trying only these keeps the search to a few what-ifs."""
    world = settled.world
    rules = [b for b in world.bars if b.effect == "stop" or b.decides or any(b.applies_to_category(c) for c in held)]
    rules += [r for r in world.applied if r.kind == "referral" and r.decides]
    found = frozenset().union(*(layout.questions_behind[r.id] for r in rules))
    if any(reason_lacks_power(item) for item in settled.items if item["category"] in held):
        found |= layout.permissive_questions
    return found


def reason_lacks_power(item: dict) -> bool:
    """Whether an item is held back for want of a power or a basis rather than only by a bar."""
    return not any(rule["role"] == "power" for rule in item.get("rules", ()))


def _candidates(layout, evaluation, answers: dict, matter: frozenset) -> list:
    """(question, step) pairs the officer could bring about from where the answers stand now, in pack order.

    A question that does not arise here, or that is unanswered (the advice would have asked it if it
    mattered), offers nothing; a step with `from` is offered only from those answers."""
    out = []
    for question in layout.actionable:
        if question.id not in answers or question.id not in matter:
            continue
        condition = layout.ask_when.get(question.id)
        if condition is not None and evaluation.value(condition) == FALSE:
            continue
        current = answers[question.id]
        for step in question.next_steps:
            if step.answer != current and (not step.start_from or current in step.start_from):
                out.append((question, step))
    return out


def _try(change, answers: dict, held: dict, stuck: bool, settle_answers: Callable) -> dict | None:
    pairs = change if isinstance(change[0], tuple) else (change,)
    what_if = dict(answers)
    for question, step in pairs:
        what_if[question.id] = step.answer
    result = settle_answers(what_if)
    outcomes = {i["category"]: i["outcome"] for i in result.items}
    unlocks = [c for c, before in held.items() if c in outcomes and OUTCOME_RANK[outcomes[c]] < OUTCOME_RANK[before]]
    better = stuck and result.decision in SHARING_DECISIONS
    if not unlocks and not better:
        return None
    return {
        "steps": [{"question": q.id, "answer": s.answer, "text": s.text} for q, s in pairs],
        "unlocks": unlocks,
        "decision": result.decision,
    }
