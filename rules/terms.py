"""What the compiler builds a condition from: leaves, and the terms that join them.

A `Leaf` is one test of one fact field; a `Term` is a conjunction of leaves that proves one unit true or
false, and becomes one branch of a durable rule. Both are hashable values, so that the DNF conversion can
treat a term as a set of leaves. Leaves are chained in an order that is the same in every run
(`Leaf.chain_key`), because the order decides which alpha nodes durable_rules shares, and so the rulesets,
their speed and whether they stay within the engine's limits.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

Kind = Literal["in", "neq", "has", "lacks", "cmp", "ex", "nex"]


class Leaf(NamedTuple):
    """One test of one fact field. `kind` says which, and what `value` (and `op`) hold:

    - ``in``: the field is one of `value`, a frozenset of values;
    - ``neq``: the field is not `value`;
    - ``has`` / ``lacks``: the list in the field holds / does not hold `value` (list tests);
    - ``cmp``: the field compares with `value` by `op` ("lt", "le", "gt" or "ge");
    - ``ex`` / ``nex``: the field is answered / not answered (no `value`).
    """

    kind: Kind
    field: str
    value: Any = None
    op: str | None = None

    @property
    def is_set(self) -> bool:
        """An ``in`` test of two or more values: durable_rules gets it as a membership field of its own."""
        return self.kind == "in" and len(self.value) > 1

    @property
    def is_list_test(self) -> bool:
        """A test of a list field, which durable_rules never shares between rules."""
        return self.kind in ("has", "lacks")

    def chain_key(self) -> tuple:
        """The order a term's leaves are chained in durable_rules' alpha network: tests it shares between
        rules first, in a stable order; list tests last, because durable_rules never shares those (each is a
        node of its own, and many of them under one parent can all match at once)."""
        return (self.is_list_test, stable_text(self))


def stable_text(item: object) -> str:
    """A text for ordering leaves and fields that is the same in every run: the `repr` of a frozenset
    follows string hashing, which changes from one interpreter to the next.

    A leaf is written ``(kind, field[, op][, value])``, the text leaves have always been ordered by:
    changing it would reorder, and so change, the compiled rulesets."""
    if isinstance(item, Leaf):
        parts: tuple = (item.kind, item.field)
        if item.kind == "cmp":
            parts += (item.op,)
        if item.kind not in ("ex", "nex"):
            parts += (item.value,)
        return stable_text(parts)
    if isinstance(item, tuple):
        return "(" + ", ".join(stable_text(part) for part in item) + ")"
    if isinstance(item, frozenset):
        return "{" + ", ".join(sorted(map(repr, item))) + "}"
    return repr(item)


@dataclass(frozen=True)
class Term:
    """One conjunction of leaves: a single durable rule branch firing `unit_key` with `polarity` T or F."""

    unit_key: str
    polarity: str
    leaves: tuple[Leaf, ...]

    def alternatives(self) -> int:
        count = 1
        for leaf in self.leaves:
            if leaf.kind == "in":
                count *= max(1, len(leaf.value))
        return count
