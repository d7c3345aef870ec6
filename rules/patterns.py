"""The durable_rules patterns of a chunk's terms, and how the terms are grouped into rules.

durable_rules' cost per session grows with the number of rules (each gets about 20 KB of per-session state,
allocated and cleared whether it matches or not), so the terms of one unit and polarity share one rule, an
``$or`` of the terms, as far as a rule's expression slots allow (`MAX_MARKERS_PER_RULE`). Every pattern
starts with the positive discriminator ``t == "answers"`` (negative-only patterns loop), and its leaves come
in the order the terms hold them: tests durable_rules shares between rules first, list tests last. Sets of
two or more values are tested through their membership field (`rules.membership`) rather than an ``$or``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rules.limits import MAX_MARKERS_PER_RULE, SLOTS_PER_MARKER
from rules.membership import Memberships
from rules.terms import Leaf, Term

DISCRIMINATOR = {"t": "answers"}
_DURABLE_CMP = {"lt": "$lt", "le": "$lte", "gt": "$gt", "ge": "$gte"}
_RULE_MARKERS = 2 * SLOTS_PER_MARKER  # a rule of several branches: the outer $and and the $or


def _leaf_json(leaf: Leaf, memberships: Memberships | None = None) -> dict:
    kind, field, value = leaf.kind, leaf.field, leaf.value
    if kind == "in":
        values = sorted(value, key=repr)
        if len(values) == 1:
            return {field: values[0]}
        if memberships is not None:
            return {memberships.name(field, value): "true"}
        return {"$or": [{field: v} for v in values]}
    if kind == "neq":
        return {"$neq": {field: value}}
    if kind == "has":
        return {"$iany": {field: {"$i": value}}}
    if kind == "lacks":
        return {"$iall": {field: {"$neq": {"$i": value}}}}
    if kind == "cmp":
        return {_DURABLE_CMP[str(leaf.op)]: {field: value}}
    if kind == "ex":
        return {"$ex": {field: 1}}
    if kind == "nex":
        return {"$nex": {field: 1}}
    raise ValueError(leaf)


def term_pattern(term: Term, memberships: Memberships | None = None) -> dict:
    """The durable_rules pattern for one term: the discriminator and every leaf, in a stable order."""
    return {"$and": [dict(DISCRIMINATOR)] + [_leaf_json(leaf, memberships) for leaf in term.leaves]}


def expression_slots(pattern: Any) -> int:
    """The expression slots an ``$and`` / ``$or`` structure takes in durable_rules."""
    if isinstance(pattern, dict):
        return sum(
            (SLOTS_PER_MARKER if key in ("$and", "$or") else 0) + expression_slots(value)
            for key, value in pattern.items()
        )
    if isinstance(pattern, list):
        return sum(expression_slots(item) for item in pattern)
    return 0


def _branch(term: Term, memberships: Memberships | None) -> dict:
    leaves = [_leaf_json(leaf, memberships) for leaf in term.leaves]
    return leaves[0] if len(leaves) == 1 else {"$and": leaves}


def rule_groups(terms: Iterable[Term], memberships_used: bool = True) -> list[list[Term]]:
    """How a chunk's terms become durable rules: a list of term lists, one per rule. The terms of one unit
    and polarity share a rule (an ``$or`` of them) as far as the expression-slot limit allows; a term that
    always holds makes its rule just that term."""
    groups: dict[tuple[str, str], list[Term]] = {}
    for term in terms:
        groups.setdefault((term.unit_key, term.polarity), []).append(term)
    out = []
    for group in groups.values():
        always = [term for term in group if not term.leaves]
        if always:
            out.append(always[:1])
            continue
        batch: list[Term] = []
        used = _RULE_MARKERS
        for term in group:
            cost = _branch_markers(term, memberships_used)
            if batch and used + cost > MAX_MARKERS_PER_RULE:
                out.append(batch)
                batch, used = [], _RULE_MARKERS
            batch.append(term)
            used += cost
        out.append(batch)
    return out


def _branch_markers(term: Term, memberships_used: bool) -> int:
    """Expression slots one term takes as a branch of an ``$or``: its own ``$and`` when it has several
    leaves, and an ``$or`` per value set when sets are not sent as membership fields."""
    sets = 0 if memberships_used else sum(1 for leaf in term.leaves if leaf.is_set)
    return SLOTS_PER_MARKER * ((1 if len(term.leaves) > 1 else 0) + sets)


def rule_patterns(terms: Iterable[Term], memberships: Memberships | None = None) -> list[tuple[dict, Term]]:
    """The durable rules for a chunk's terms: ``(pattern, term)`` pairs (see `rule_groups`); the term names
    the unit and polarity the rule reports."""
    return [
        (_merged([_branch(term, memberships) for term in group]), group[0])
        for group in rule_groups(terms, memberships is not None)
    ]


def _merged(branches: list[dict]) -> dict:
    if len(branches) == 1:
        branch = branches[0]
        leaves = branch["$and"] if set(branch) == {"$and"} else [branch]
        return {"$and": [dict(DISCRIMINATOR)] + leaves}
    return {"$and": [dict(DISCRIMINATOR), {"$or": branches}]}
