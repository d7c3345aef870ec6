"""Gathering replayed cases into the impact report: counts first, then the changes grouped by cause.

Cases are grouped by the set of rules that caused them (`engine.impact.compare.causes`): a group is "these
rules, together, changed these cases". Cases refused under one pack only form their own group, as do changes
no rule accounts for (a changed derived fact shows through the rules that read it, so this is rare). Groups
come largest first, with the groups holding less restrictive changes before the others. The report's
structure is documented in docs/impact.md.
"""

from __future__ import annotations

from engine.impact.cases import RECORD, SCENARIO

REFUSED_GROUP = "(answers refused by one pack)"
UNEXPLAINED_GROUP = "(no single rule: see the pack-level changes)"


def _counter() -> dict:
    return {"total": 0, "changed": 0, "less_restrictive": 0, "more_restrictive": 0, "refused": 0, "refused_by_both": 0}


class Collector:
    """Counts every case and keeps the changed ones, grouped by cause."""

    def __init__(self):
        self.counts = {SCENARIO: _counter(), RECORD: _counter()}
        self.records_read = False
        self._groups: dict = {}

    def add(self, case, result: dict) -> None:
        counts = self.counts[case.source]
        counts["total"] += 1
        status = result["status"]
        if status == "refused_by_both":
            counts["refused_by_both"] += 1
            return
        if status == "same":
            return
        counts["changed"] += 1
        counts["less_restrictive"] += result["less_restrictive"]
        counts["more_restrictive"] += result["more_restrictive"]
        if "refused" in result["changes"]:
            counts["refused"] += 1
            key: tuple = (REFUSED_GROUP,)
        else:
            key = tuple(sorted({c["rule"] for c in result["caused_by"]})) or (UNEXPLAINED_GROUP,)
        group = self._groups.get(key)
        if group is None:
            group = self._groups[key] = {
                "rules": list(key),
                "scenarios": 0,
                "records": 0,
                "less_restrictive": 0,
                "more_restrictive": 0,
                "cases": [],
            }
        group["scenarios" if case.source == SCENARIO else "records"] += 1
        group["less_restrictive"] += result["less_restrictive"]
        group["more_restrictive"] += result["more_restrictive"]
        entry = {"source": case.source, **case.ref, "as_at": case.as_at.isoformat() if case.as_at else None}
        entry.update({k: v for k, v in result.items() if k != "status"})
        group["cases"].append(entry)

    def groups(self) -> list:
        """Groups with less restrictive changes first, then by size."""
        return sorted(
            self._groups.values(),
            key=lambda g: (-g["less_restrictive"], -(g["scenarios"] + g["records"]), g["rules"]),
        )

    def summary(self) -> dict:
        scenarios = self.counts[SCENARIO]
        records = self.counts[RECORD] if self.records_read else None
        return {"scenarios": scenarios, "records": records, "headline": headline(scenarios, records)}


def _number(n: int) -> str:
    return f"{n:,}"


def headline(scenarios: dict, records: dict | None) -> str:
    """E.g. "12 of 231 scenarios and 40 of 1,208 past decisions change; 3 become less restrictive." """
    parts = [f"{_number(scenarios['changed'])} of {_number(scenarios['total'])} scenarios"]
    if records is not None:
        parts.append(f"{_number(records['changed'])} of {_number(records['total'])} past decisions")
    changed = scenarios["changed"] + (records["changed"] if records else 0)
    verb = "changes" if changed == 1 and records is None else "change"
    text = " and ".join(parts) + f" {verb}"
    less = scenarios["less_restrictive"] + (records["less_restrictive"] if records else 0)
    more = scenarios["more_restrictive"] + (records["more_restrictive"] if records else 0)
    text += f"; {_number(less)} become{'s' if less == 1 else ''} less restrictive"
    text += f" and {_number(more)} more restrictive"
    refused = scenarios["refused"] + (records["refused"] if records else 0)
    if refused:
        text += f"; {_number(refused)} can be decided by only one of the packs"
    return text + "."
