"""Recipient x purpose combinations: those no ground can cover (gaps), and those where grounds overlap.

Gap. With only the recipient and the purpose answered, every other question open, each rule is evaluated
three-valued (`engine.analysis.partial`). A rule that is false then is false whatever else is answered. A
combination is a gap when
  - every ground is false (no power can apply: ``no_ground``), or
  - every data-protection rule is false (no basis can apply: ``no_data_protection``), or
  - a `stop` bar is true (everything is set aside, whatever else is answered: ``stopped``).
Each is a proof, not a sample, so a reported gap is real; a combination whose grounds could apply only on
answers that contradict each other is not reported (the analysis errs towards silence, never towards a
false claim).

Overlap. Two grounds overlap on a combination when some answer set with that recipient and purpose makes
both hold while no bar sets either aside. Each overlap comes with such an answer set, found by search and
confirmed by the engine's own evaluator. Overlaps are information (the law often gives two powers), not
findings.
"""

from __future__ import annotations

import itertools

from engine.analysis.partial import F, Partial, T
from engine.analysis.search import Space, find_witness

RECIPIENT, PURPOSE = "recipient", "purpose"
NO_GROUND, NO_DATA_PROTECTION, STOPPED = "no_ground", "no_data_protection", "stopped"


def combinations(space: Space) -> list:
    """Every (recipient, purpose) pair of options in force on the space's date."""
    recipients = [v for v in space.domain(("q", RECIPIENT)) if isinstance(v, str)]
    purposes = [v for v in space.domain(("q", PURPOSE)) if isinstance(v, str)]
    return [(r, p) for r in recipients for p in purposes]


def analyse_combinations(space: Space) -> tuple:
    """``(gaps, overlaps)``: lists of JSON-ready dicts, in recipient then purpose order."""
    if RECIPIENT not in space.questions or PURPOSE not in space.questions:
        return [], []
    grounds = [r for r in space.rules if r.kind == "ground"]
    protections = [r for r in space.rules if r.kind == "data_protection"]
    stops = [r for r in space.rules if r.kind == "bar" and r.effect == "stop"]
    gaps, overlaps = [], []
    for recipient, purpose in combinations(space):
        fixed = {("q", RECIPIENT): recipient, ("q", PURPOSE): purpose}
        partial = Partial(space, fixed)
        possible = [g for g in grounds if partial.value(space.condition(g.id)) != F]
        why = []
        if not possible:
            why.append(NO_GROUND)
        if not any(partial.value(space.condition(r.id)) != F for r in protections):
            why.append(NO_DATA_PROTECTION)
        stopped_by = [s.id for s in stops if partial.value(space.condition(s.id)) == T]
        if stopped_by:
            why.append(STOPPED)
        if why:
            gaps.append({"recipient": recipient, "purpose": purpose, "why": why, "stopped_by": stopped_by})
            continue
        overlaps += _overlaps(space, fixed, possible, recipient, purpose)
    return gaps, overlaps


def _blockers(space: Space, ground) -> list:
    """The bars that would set a ground aside: every stop bar and every bar that names it in `blocks`."""
    return [
        r for r in space.rules if r.kind == "bar" and (r.effect == "stop" or ground.id in r.blocks) and r is not ground
    ]


def _overlaps(space: Space, fixed: dict, possible: list, recipient: str, purpose: str) -> list:
    out = []
    for first, second in itertools.combinations(possible, 2):
        bars = {b.id: b for b in _blockers(space, first) + _blockers(space, second)}
        constraints = [(space.condition(first.id), {T}), (space.condition(second.id), {T})]
        constraints += [(space.condition(bar_id), {F}) for bar_id in bars]
        statuses = {first.id: "T", second.id: "T", **dict.fromkeys(bars, "F")}
        example = find_witness(space, constraints, statuses, fixed)
        if example is not None:
            out.append(
                {"recipient": recipient, "purpose": purpose, "grounds": [first.id, second.id], "example": example}
            )
    return out
