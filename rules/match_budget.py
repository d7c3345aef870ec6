"""How many of a ruleset's terms one fact can match at once: the bound chunking keeps under the match stack.

A fact reaches a durable rule once per term it satisfies, and too many matches at once overflow the
engine's match stack (`rules.limits.MATCH_STACK`: error 303, then heap corruption). Counting every term
would waste most of each ruleset, because many terms exclude each other: the true and false forms of one
unit, or terms needing different values of one field. This module bounds the matches more tightly, per
unit (`simultaneous_bound`) and per ruleset (`MatchBudget`).
"""

from __future__ import annotations

from collections.abc import Sequence

from rules.terms import Leaf, Term

ABSENT = object()  # stands for "the field has no value" when partitioning facts by a field's value


def exclusive(a: Term, b: Term) -> bool:
    """True when no fact can match both terms (so they never count twice against the match limit)."""
    if a.unit_key == b.unit_key and a.polarity != b.polarity:
        return True  # a condition cannot be both true and false
    sets_a = {leaf.field: leaf.value for leaf in a.leaves if leaf.kind == "in"}
    for leaf in b.leaves:
        kind, field = leaf.kind, leaf.field
        if kind == "in" and field in sets_a and not (sets_a[field] & leaf.value):
            return True
        if kind == "nex" and (field in sets_a or Leaf("ex", field) in a.leaves):
            return True
        if kind in ("in", "ex") and Leaf("nex", field) in a.leaves:
            return True
        if kind == "has" and Leaf("lacks", field, leaf.value) in a.leaves:
            return True
        if kind == "lacks" and Leaf("has", field, leaf.value) in a.leaves:
            return True
    return False


def simultaneous_bound(group: Sequence[Term]) -> int:
    """An upper bound on how many of a unit's terms one fact can match: a greedy cover by groups of
    pairwise-exclusive terms (each group contributes at most one match)."""
    cliques: list[list[Term]] = []
    for term in group:
        for clique in cliques:
            if all(exclusive(term, other) for other in clique):
                clique.append(term)
                break
        else:
            cliques.append([term])
    return len(cliques)


class MatchBudget:
    """The most terms of one ruleset that a single fact could match, bounded two ways.

    Plainly, it is the sum of each unit's `simultaneous_bound`. Better, for a field whose values are known
    (such as the recipient), a fact has exactly one value (or none), so only the terms compatible with that
    value can match: the bound is the worst value's total. The smallest of these bounds is used, which lets
    a ruleset hold many more terms when they are about different recipients or purposes.
    """

    def __init__(self, partitions: dict[str, tuple]):
        self.partitions = partitions  # field -> tuple of possible values, including ABSENT
        self.plain = 0
        self.per_value = {f: dict.fromkeys(values, 0) for f, values in partitions.items()}

    def increments(self, group: Sequence[Term], unit_bound: int) -> dict[str, dict]:
        out = {}
        for f, values in self.partitions.items():
            out[f] = {v: min(unit_bound, sum(1 for t in group if _compatible(t, f, v))) for v in values}
        return out

    def bound_with(self, unit_bound: int, increments: dict[str, dict]) -> int:
        best = self.plain + unit_bound
        for f, counts in self.per_value.items():
            inc = increments[f]
            best = min(best, max(counts[v] + inc[v] for v in counts))
        return best

    def add(self, unit_bound: int, increments: dict[str, dict]) -> None:
        self.plain += unit_bound
        for f, counts in self.per_value.items():
            for v, n in increments[f].items():
                counts[v] += n


def _compatible(term: Term, field: str, value: object) -> bool:
    """Whether a fact whose `field` is `value` (or absent) could match `term`."""
    for leaf in term.leaves:
        if leaf.field != field:
            continue
        kind = leaf.kind
        if value is ABSENT:
            if kind != "nex":
                return False
        elif kind == "in" and value not in leaf.value or kind == "nex" or (kind == "neq" and leaf.value == value):
            return False
    return True


def partition_fields(terms: Sequence[Term], domains: dict, how_many: int = 3) -> dict[str, tuple]:
    """The scalar fields with known values that the most terms constrain: the best ones to bound by."""
    counts: dict[str, int] = {}
    for term in terms:
        for leaf in term.leaves:
            if leaf.kind == "in" and leaf.field in domains:
                counts[leaf.field] = counts.get(leaf.field, 0) + 1
    chosen = sorted(counts, key=lambda f: (-counts[f], f))[:how_many]
    return {f: tuple(sorted(domains[f], key=repr)) + (ABSENT,) for f in chosen}
