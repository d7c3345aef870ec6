"""Sets of values sent to durable_rules as precomputed fields of the fact, instead of an ``$or``.

durable_rules expands an ``$or`` of equalities into one internal path per value, and a term with two such
sets into their product; on a large pack that is tens of thousands of paths to match per fact. Instead
each set ("this field is one of these values") becomes a field of the fact of its own, and the pattern
tests that one field.
"""

from __future__ import annotations

from collections.abc import Iterable


class Memberships:
    """Names for "this field is one of these values" tests, sent to durable_rules as precomputed fields.

    Each set becomes a field of the fact (``m3: "true"`` when the answer is in the set, ``"false"`` when it
    is not, absent when unanswered). Names are given in the order sets are first asked for, so the same
    compilation always names them alike.
    """

    def __init__(self) -> None:
        self.by_set: dict[tuple[str, frozenset], str] = {}  # (field, frozenset of values) -> name
        self.sets: dict[str, tuple[str, frozenset]] = {}  # name -> (field, frozenset of values)

    def name(self, field: str, values: frozenset) -> str:
        key = (field, values)
        name = self.by_set.get(key)
        if name is None:
            name = self.by_set[key] = f"m{len(self.by_set)}"
            self.sets[name] = key
        return name

    def fill(self, fact: dict, names: Iterable[str]) -> dict:
        """The membership fields `names` for a fact holding the plain answers."""
        out = {}
        for name in names:
            field, values = self.sets[name]
            if field in fact:
                out[name] = "true" if fact[field] in values else "false"
        return out
