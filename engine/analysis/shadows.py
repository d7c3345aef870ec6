"""Shadowed rules: restrictions that can never change the advice, because something stronger always applies
whenever they do.

Definition (docs/analysis.md). A rule is *shadowed* when, for every answer set, it never changes the
decision or any item's outcome, because whenever it holds a stronger rule holds too, and whenever it is
undecided a stronger rule is at least undecided (the engine's cautious bound then already has the stronger
effect, and the rule plays no part in the other bound):
  - a `withhold` or `refer` bar, or a redaction: for each data category it applies to, whenever it holds and
    that category is among the answers, the category is withheld anyway by another rule that holds: a
    `stop` bar, or a `withhold` bar that applies to the category. (A redaction is then never listed either:
    advice lists redactions only for what may be shared.)
  - a condition, or a referral that decides: whenever it holds, everything is withheld anyway: for every
    data category, whenever it holds and the category is among the answers, a `stop` bar or a `withhold` bar
    for that category holds (for a referral, a `stop` bar must hold, since only a stop outranks it);
  - a `stop` bar: whenever it holds, another `stop` bar holds.
A bar that sets other rules aside (`blocks`) is never reported (removing it would change what is set
aside). Handling rules and referrals that do not decide never change the decision or an item, so they are
not "shadowed": they are about something else.

Each claim is a proof: an exhaustive search (`engine.analysis.search.proves_none`) finds no answer set in
which the rule holds while no stronger rule does, and none in which it is undecided while every stronger
rule fails (an undecided stronger rule that the engine may set aside as moot counts as failing). Rules the
search cannot settle within its budget are not reported. The stronger rules named are a smallest set that still proves
it, found by dropping each one in turn.
"""

from __future__ import annotations

from engine.analysis.partial import F, T, U
from engine.analysis.search import Space, proves_none

CATEGORIES = "data_categories"


def _proves(space: Space, rule, category, stronger: list) -> bool:
    """No answer set (with `category` among the data, if given) in which the rule matters despite `stronger`:
    neither one where the rule holds and no stronger rule does, nor one where the rule is undecided and
    every stronger rule fails (or may be left undecided by a question not asked, which counts as failing)."""
    fixed = {} if category is None else {("answered", CATEGORIES): True, ("has", CATEGORIES, category): True}
    holds = [(space.condition(rule.id), {T})] + [(space.condition(s.id), {F, U}) for s in stronger]
    undecided = [(space.condition(rule.id), {U})] + [
        (space.condition(s.id), {F, U} if space.may_be_moot(space.condition(s.id)) else {F}) for s in stronger
    ]
    return proves_none(space, holds, fixed) and proves_none(space, undecided, fixed)


def _smallest(space: Space, rule, category, stronger: list) -> list:
    """A smallest-by-removal subset of `stronger` that still proves the rule shadowed."""
    kept = list(stronger)
    for candidate in sorted(stronger, key=lambda s: s.effect == "stop"):  # keep a stop bar where one suffices
        trial = [s for s in kept if s is not candidate]
        if trial and _proves(space, rule, category, trial):
            kept = trial
    return kept


def _targets(space: Space, rule) -> list | None:
    """The categories (in force) a rule's effect lands on; None for a rule whose effect is on the decision."""
    everything = [o.id for o in space.questions[CATEGORIES].options if o.in_force.covers(space.as_at)]
    if rule.kind in ("redaction", "bar"):
        return [c for c in everything if rule.applies_to_category(c)]
    if rule.kind == "condition":
        return everything
    return None


def shadowed_rules(space: Space) -> list:
    """Every shadowed rule in force on the space's date, in pack order, as JSON-ready dicts."""
    if CATEGORIES not in space.questions:
        return []
    stops = [r for r in space.rules if r.kind == "bar" and r.effect == "stop"]
    withholds = [r for r in space.rules if r.kind == "bar" and r.effect == "withhold"]
    out = []
    for rule in space.rules:
        if rule.kind == "bar" and rule.blocks:
            continue
        if rule.kind == "bar" and rule.effect == "stop" or rule.kind == "referral" and rule.decides:
            stronger = [s for s in stops if s is not rule]
            if stronger and _proves(space, rule, None, stronger):
                out.append(_entry(rule, {"by": [s.id for s in _smallest(space, rule, None, stronger)]}))
            continue
        if rule.kind not in ("bar", "redaction", "condition"):
            continue
        by_category = {}
        for category in _targets(space, rule) or []:
            stronger = stops + [w for w in withholds if w is not rule and w.applies_to_category(category)]
            if not stronger or not _proves(space, rule, category, stronger):
                break
            by_category[category] = [s.id for s in _smallest(space, rule, category, stronger)]
        else:
            if by_category:
                out.append(_entry(rule, {"by": sorted({b for ids in by_category.values() for b in ids})}, by_category))
    return out


def _entry(rule, found: dict, by_category: dict | None = None) -> dict:
    entry = {"rule": rule.id, "kind": rule.kind, "effect": rule.effect or None, "where": str(rule.source), **found}
    entry["categories"] = by_category
    return entry
