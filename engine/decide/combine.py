"""How rule statuses combine into each item's outcome and the overall decision (docs/policy-format.md).

The legal content is all in the pack; this is the pack format's fixed combination: a disclosure needs a
power (an applied ground that covers the item) and a data-protection basis; bars withhold, refer or stop;
redactions make an item "share redacted"; referrals that decide make the decision "refer".

Undecided rules are resolved one way or the other in a `World`, so that `engine.decide.advice` can bound
the outcome from both sides.
"""

from __future__ import annotations

from engine.vocabulary import ITEM_OUTCOMES

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


def _items(world: World, categories: list) -> list:
    """Each category's outcome with reasons and citations, under one world."""
    items = []
    redactions = [r for r in world.applied if r.kind == "redaction"]
    for category in categories:
        outcome, reasons, citations, powers = "share", [], [], []

        def worsen(to, reason, rule=None, reasons=reasons, citations=citations):
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
                worsen(
                    "withhold",
                    "No lawful power found for this information."
                    if not world.grounds
                    else "None of the powers that apply covers this kind of information.",
                )
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


def _decision(world: World, items: list) -> str:
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


def outcome(world, categories):
    items = _items(world, categories)
    return _decision(world, items), items
