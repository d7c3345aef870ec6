"""The rule-level difference between two packs: rules added, removed and changed, field by field.

A rule id may appear more than once, each version with its own in-force period, so versions are compared,
not ids. The versions of an id are paired by their first day in force; those left over are paired in date
order (a version whose start moved), and any still left over were added or removed. Conditions are
compared in canonical form (`engine.impact.canonical`), so re-ordering or re-indenting is no change.

`OUTCOME_FIELDS` are the fields (besides the condition and the dates, which show in a rule's status) that
can change what an advice says when the rule holds; the impact report names a rule as a cause of a case's
change when it holds in that case and one of these differs.
"""

from __future__ import annotations

import datetime as dt

from engine.impact.canonical import canonical

RULE_FIELDS = (
    "title",
    "kind",
    "basis",
    "layer",
    "citation",
    "url",
    "in_force",
    "note",
    "conservative",
    "condition",
    "covers",
    "effect",
    "applies_to",
    "blocks",
    "refer_to",
    "order",
    "instruction",
    "text",
    "role",
    "reason",
    "decides",
    "sets",
    "priority",
)
OUTCOME_FIELDS = frozenset({"kind", "covers", "effect", "applies_to", "blocks", "refer_to", "role", "decides"})


def in_force_json(period) -> dict:
    return {"from": period.start.isoformat(), "to": period.end.isoformat() if period.end else None}


def rule_values(rule) -> dict:
    """A rule's comparable fields as JSON-ready values."""
    out = {}
    for name in RULE_FIELDS:
        value = getattr(rule, name)
        if name == "in_force":
            value = in_force_json(value)
        elif name == "condition":
            value = canonical(value)
        elif name in ("covers", "applies_to"):
            value = "all" if value is None else sorted(value)
        elif name == "blocks":
            value = sorted(value)
        elif name in ("refer_to", "sets"):
            value = dict(value) if value else None
        out[name] = value
    return out


def field_changes(before: dict, after: dict, names) -> list:
    """``[{field, before, after}]`` for each named field whose value differs."""
    return [
        {"field": n, "before": before.get(n), "after": after.get(n)} for n in names if before.get(n) != after.get(n)
    ]


def pair_versions(before: list, after: list) -> list:
    """Pairs ``(before version or None, after version or None)`` of one rule id (see the module docstring)."""
    before = sorted(before, key=lambda r: r.in_force.start)
    left = sorted(after, key=lambda r: r.in_force.start)
    pairs, unmatched = [], []
    for old in before:
        match = next((new for new in left if new.in_force.start == old.in_force.start), None)
        if match is None:
            unmatched.append(old)
        else:
            left.remove(match)
            pairs.append((old, match))
    for old, new in zip(unmatched, left):
        pairs.append((old, new))
    pairs += [(old, None) for old in unmatched[len(left) :]]
    pairs += [(None, new) for new in left[len(unmatched) :]]
    return sorted(pairs, key=lambda p: (p[0] or p[1]).in_force.start)


def _summary(rule) -> dict:
    return {
        "id": rule.id,
        "version": in_force_json(rule.in_force),
        "kind": rule.kind,
        "title": rule.title,
        "where": str(rule.source),
    }


def diff_rules(before_rules, after_rules) -> dict:
    """``{added, removed, changed}``: every version of every rule id, in the order of the draft (then the
    rules only the live pack has)."""
    by_id_before: dict = {}
    by_id_after: dict = {}
    for rule in before_rules:
        by_id_before.setdefault(rule.id, []).append(rule)
    for rule in after_rules:
        by_id_after.setdefault(rule.id, []).append(rule)
    order = list(dict.fromkeys([r.id for r in after_rules] + [r.id for r in before_rules]))
    added, removed, changed = [], [], []
    for rule_id in order:
        for old, new in pair_versions(by_id_before.get(rule_id, []), by_id_after.get(rule_id, [])):
            if old is None:
                added.append(_summary(new))
            elif new is None:
                removed.append(_summary(old))
            else:
                fields = field_changes(rule_values(old), rule_values(new), RULE_FIELDS)
                if fields:
                    entry = _summary(new)
                    entry["fields"] = fields
                    changed.append(entry)
    return {"added": added, "removed": removed, "changed": changed}


def version_on(rules_by_id: dict, rule_id: str, day: dt.date):
    """The version of a rule in force on a day, or None."""
    return next((r for r in rules_by_id.get(rule_id, ()) if r.in_force.covers(day)), None)


class OutcomeChanges:
    """Which rule ids differ, between two packs, in a field that can change advice (`OUTCOME_FIELDS`), on a
    given day; worked out once per day (cases share few dates)."""

    def __init__(self, before_rules, after_rules):
        self._before: dict = {}
        self._after: dict = {}
        for rule in before_rules:
            self._before.setdefault(rule.id, []).append(rule)
        for rule in after_rules:
            self._after.setdefault(rule.id, []).append(rule)
        self._ids = set(self._before) & set(self._after)
        self._by_day: dict = {}
        self._cache: dict = {}

    def _values(self, rule) -> dict:
        found = self._cache.get(id(rule))
        if found is None:  # the rules live as long as their packs, so their ids stay theirs
            found = self._cache[id(rule)] = rule_values(rule)
        return found

    def on(self, day: dt.date) -> dict:
        """Rule id -> the names of the outcome fields that differ between the versions in force on `day`."""
        found = self._by_day.get(day)
        if found is None:
            found = {}
            for rule_id in self._ids:
                old = version_on(self._before, rule_id, day)
                new = version_on(self._after, rule_id, day)
                if old is None or new is None:
                    continue
                names = [f for f in sorted(OUTCOME_FIELDS) if self._values(old)[f] != self._values(new)[f]]
                if names:
                    found[rule_id] = names
            self._by_day[day] = found
        return found
