"""How rule statuses combine into each item's outcome and the overall decision (docs/policy-format.md).

The legal content is all in the pack; this is the pack format's fixed combination:

- an item is shared only if an applied ground covers it and a data-protection basis applies;
- bars withhold an item, make it wait for someone (`refer`), or stop the whole disclosure;
- redactions make an item "share redacted";
- restrictions belong to items: the decision is `refer` only when nothing useful can go now (no item may
  be shared, or only details that say who someone is, `identifies_only`, while the rest waits) or when the
  pack says someone else must decide the whole disclosure (a referral, or a bar, with `decides: true`);
  otherwise the items that may go are shared now and the rest wait or are withheld.

Undecided rules are resolved one way or the other in a `World`, so that `engine.decide.advice` can bound
the outcome from both sides.
"""

from __future__ import annotations

from engine.vocabulary import (
    DO_NOT_SHARE,
    ITEM_OUTCOMES,
    ITEM_REDACTED,
    ITEM_REFER,
    ITEM_SHARE,
    ITEM_SHARED,
    ITEM_WITHHOLD,
    REFER,
    SHARE,
    SHARE_WITH_CONDITIONS,
)

OUTCOME_RANK = {outcome: rank for rank, outcome in enumerate(ITEM_OUTCOMES)}


class World:
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
        blocked: dict = {}
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
        self.deciders = [r for r in self.applied if r.decides and r.kind in ("referral", "bar")]


def _outcomes_only(world: World, categories: list) -> list:
    """Each category's outcome alone (no reasons), by the same steps as `_items`: for bounds and what-ifs."""
    items = []
    redacting = [r for r in world.applied if r.kind == "redaction"]
    for category in categories:
        if world.stop or not world.dp or not any(g.covers is None or category in g.covers for g in world.grounds):
            outcome = ITEM_WITHHOLD
        else:
            outcome = ITEM_SHARE
        for bar in world.bars:
            acts = bar.effect in (ITEM_WITHHOLD, ITEM_REFER) and bar.applies_to_category(category)
            if acts and OUTCOME_RANK[bar.effect] > OUTCOME_RANK[outcome]:
                outcome = bar.effect
        if outcome == ITEM_SHARE and any(r.applies_to_category(category) for r in redacting):
            outcome = ITEM_REDACTED
        items.append({"category": category, "outcome": outcome})
    return items


def _items(world: World, categories: list, layout, unsure: frozenset) -> list:
    """Each category's outcome with reasons and citations, under one world."""
    items = []
    wording = layout.wording
    redactions = [r for r in world.applied if r.kind == "redaction"]
    for category in categories:
        outcome, powers = ITEM_SHARE, []
        reasons: list[str] = []
        citations: list[str] = []
        behind: list[dict] = []

        def worsen(to, reason, rule=None, reasons=reasons, citations=citations, behind=behind):
            nonlocal outcome
            if OUTCOME_RANK[to] > OUTCOME_RANK[outcome]:
                outcome = to
            reasons.append(reason)
            if rule is not None:
                behind.append({"id": rule.id, "role": "stop" if rule.effect == "stop" else rule.kind})
                if rule.citation not in citations:
                    citations.append(rule.citation)

        for bar in world.stop:
            worsen(ITEM_WITHHOLD, wording.reason("stop", title=bar.title), bar)
        covering = [g for g in world.grounds if g.covers is None or category in g.covers]
        if not world.stop:
            if not covering:
                worsen(ITEM_WITHHOLD, wording.reason("power_does_not_cover" if world.grounds else "no_power"))
            elif not world.dp:
                worsen(ITEM_WITHHOLD, wording.reason("no_basis"))
            else:
                powers = covering[:3]
        for bar in world.bars:
            if bar.effect in (ITEM_WITHHOLD, ITEM_REFER) and bar.applies_to_category(category):
                worsen(bar.effect, wording.reason(bar.effect, title=bar.title), bar)
                for question_id in layout.unsure_questions[bar.id] & unsure:
                    reason = layout.questions[question_id].unsure_reason
                    if reason:
                        reasons.append(wording.reason("unsure", reason=reason))
        for redaction in redactions:
            if redaction.applies_to_category(category) and outcome in ITEM_SHARED:
                worsen(ITEM_REDACTED, wording.reason("redact", title=redaction.title), redaction)
        if outcome != ITEM_WITHHOLD:  # the powers matter only for what is (or may be) shared
            reasons = [wording.reason("power", title=g.title) for g in powers] + reasons
            citations = [g.citation for g in powers] + [c for c in citations if c not in {g.citation for g in powers}]
            behind = [{"id": g.id, "role": "power"} for g in powers] + behind
        items.append(
            {"category": category, "outcome": outcome, "reasons": reasons, "citations": citations, "rules": behind}
        )
    return items


def _decision(world: World, items: list, identifying: frozenset, identity_alone_useful: bool) -> str:
    if world.stop:
        return DO_NOT_SHARE
    if world.deciders:
        return REFER
    outcomes = [item["outcome"] for item in items]
    shared = [item["category"] for item in items if item["outcome"] in ITEM_SHARED]
    # Something useful can go now: an item that says more than who someone is, or only identifying details
    # were asked for, or (where the pack says identifying details alone help, and nothing waits) those.
    useful = (
        any(c not in identifying for c in shared)
        or (shared and len(shared) == len(items))
        or (shared and identity_alone_useful and ITEM_REFER not in outcomes)
    )
    if useful:
        conditional = any(o != ITEM_SHARE for o in outcomes) or any(
            r.kind in ("condition", "referral") for r in world.applied
        )
        return SHARE_WITH_CONDITIONS if conditional else SHARE
    if ITEM_REFER in outcomes:
        return REFER
    return DO_NOT_SHARE


def outcome(
    world: World,
    categories: list,
    layout,
    unsure: frozenset = frozenset(),
    identity_alone_useful: bool = False,
    lean: bool = False,
) -> tuple:
    """``(decision, items)`` under one world; `unsure` names the questions answered "unsure"; `lean` leaves
    out the reasons, citations and rules behind each item (for bounds and what-ifs)."""
    items = _outcomes_only(world, categories) if lean else _items(world, categories, layout, unsure)
    return _decision(world, items, layout.identifying, identity_alone_useful), items
