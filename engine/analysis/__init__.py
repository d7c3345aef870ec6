"""Static analysis of a policy pack: what its rules can and cannot do, for every answer set at once.

    report = analyse(pack, as_at=None)   # JSON-ready dict; structure in docs/analysis.md

Findings (each a proof, never a sample; see the modules for the exact definitions):
  - gaps: recipient x purpose combinations that no ground, or no data-protection basis, can ever cover, or
    that a stop bar always stops (`engine.analysis.gaps`);
  - shadowed rules: restrictions that can never change the advice because a stronger one always applies
    whenever they do (`engine.analysis.shadows`);
  - unused questions and derived facts: nothing that shapes advice reads them (`engine.analysis.unused`);
  - stale explanations: an explanation in the pack's `analysis:` section for something that is not (or no
    longer) found.
A finding the pack explains (`engine.analysis.explanations`) is reported with its reason and does not
count as unexplained. Overlaps (two grounds that can both apply to a combination, each with an example
confirmed by the engine) are reported as information, not findings.

The evaluation underneath (`engine.analysis.partial`, `engine.analysis.search`) is three-valued over partly
chosen answers; the pure functions here take a loaded `Pack` and never change it.
"""

from __future__ import annotations

import datetime as dt

from engine.analysis import explanations as pack_explanations
from engine.analysis.gaps import analyse_combinations, combinations
from engine.analysis.partial import F, Partial
from engine.analysis.search import Space
from engine.analysis.shadows import shadowed_rules
from engine.analysis.unused import unused

__all__ = ["analyse"]


def _explained(explanation) -> dict | None:
    return None if explanation is None else {"reason": explanation.reason, "where": explanation.where}


def analyse(pack, as_at: dt.date | None = None) -> dict:
    """The analysis report of a loaded pack as at a date (default today)."""
    as_at = as_at or dt.date.today()
    space = Space(pack, as_at)
    given = pack_explanations.read(pack)
    gaps, overlaps = analyse_combinations(space)
    shadowed = shadowed_rules(space)
    unused_questions, unused_derived = unused(space)
    for gap in gaps:
        found = next((e for e in given if e.covers_gap(gap["recipient"], gap["purpose"])), None)
        gap["explanation"] = _explained(found)
    by_name = {(e.kind, tuple(sorted(e.names.items()))): e for e in given if e.kind != pack_explanations.GAP}
    for entry in shadowed:
        entry["explanation"] = _explained(by_name.get((pack_explanations.SHADOWED, (("rule", entry["rule"]),))))
    for entry in unused_questions + unused_derived:
        key = "question" if "question" in entry else "derived"
        entry["explanation"] = _explained(by_name.get((pack_explanations.UNUSED, ((key, entry[key]),))))
    stale = _stale(space, given, gaps, shadowed, unused_questions + unused_derived)
    findings = gaps + shadowed + unused_questions + unused_derived
    unexplained = sum(1 for f in findings if f["explanation"] is None) + len(stale)
    summary = {
        "combinations": len(combinations(space))
        if "recipient" in space.questions and "purpose" in space.questions
        else 0,
        "gaps": len(gaps),
        "overlaps": len(overlaps),
        "shadowed": len(shadowed),
        "unused_questions": len(unused_questions),
        "unused_derived": len(unused_derived),
        "stale_explanations": len(stale),
        "explained": len(findings) - sum(1 for f in findings if f["explanation"] is None),
        "unexplained": unexplained,
    }
    return {
        "pack": {"name": pack.name, "version": pack.version, "sha256": pack.sha256, "path": pack.root},
        "as_at": as_at.isoformat(),
        "summary": summary,
        "gaps": gaps,
        "overlaps": overlaps,
        "shadowed": shadowed,
        "unused": {"questions": unused_questions, "derived": unused_derived},
        "stale_explanations": stale,
    }


def _stale(space: Space, given: list, gaps: list, shadowed: list, unused_entries: list) -> list:
    """Explanations of findings that are not found on the date: each one says what it no longer matches."""
    out = []
    is_gap = {(g["recipient"], g["purpose"]) for g in gaps}
    grounds = [r for r in space.rules if r.kind == "ground"]
    pairs = combinations(space) if "recipient" in space.questions and "purpose" in space.questions else []
    shadowed_ids = {s["rule"] for s in shadowed}
    in_force_ids = {r.id for r in space.rules}
    unused_names = {(k, e[k]) for e in unused_entries for k in ("question", "derived") if k in e}
    for explanation in given:
        if explanation.kind == pack_explanations.GAP:
            for recipient, purpose in pairs:
                if explanation.covers_gap(recipient, purpose) and (recipient, purpose) not in is_gap:
                    partial = Partial(space, {("q", "recipient"): recipient, ("q", "purpose"): purpose})
                    may = [g.id for g in grounds if partial.value(space.condition(g.id)) != F]
                    out.append(
                        _stale_entry(
                            explanation,
                            f"{recipient} x {purpose} is not a gap on {space.as_at.isoformat()}: "
                            f"{', '.join(may[:5]) or 'a ground'} may apply",
                        )
                    )
        elif explanation.kind == pack_explanations.SHADOWED:
            rule_id = explanation.names["rule"]
            if rule_id in in_force_ids and rule_id not in shadowed_ids:
                out.append(_stale_entry(explanation, f"rule {rule_id} is not shadowed on {space.as_at.isoformat()}"))
        else:
            ((key, name),) = explanation.names.items()
            in_force = key != "question" or name in space.in_force
            if in_force and (key, name) not in unused_names:
                what = "question" if key == "question" else "derived fact"
                out.append(_stale_entry(explanation, f"{what} {name} is used on {space.as_at.isoformat()}"))
    return out


def _stale_entry(explanation, message: str) -> dict:
    return {"kind": explanation.kind, "where": explanation.where, "names": explanation.names, "message": message}
