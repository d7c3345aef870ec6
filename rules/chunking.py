"""Splitting a stratum's terms into durable_rules rulesets that each stay within the engine's limits.

One ruleset per stratum would overflow durable_rules on any real pack, so the terms are chunked: every
ruleset is kept within the match budget (`rules.match_budget`), the walk and fan-out of its alpha network
(`rules.alpha_network`), a bounded number of internal alternatives, distinct tests per field, and fields
read (`rules.limits`), because the fact asserted into a ruleset carries only the fields that ruleset reads.
A unit's terms always stay together, and a unit that cannot fit even a ruleset of its own is refused
(`check_group`) with its key, at validation time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rules.alpha_network import AlphaNetwork
from rules.errors import CompileError
from rules.limits import (
    MAX_ALTERNATIVES_PER_RULESET,
    MAX_FIELDS_PER_RULESET,
    MAX_MATCHES_PER_RULESET,
    MAX_TERMS_PER_UNIT,
    MAX_TESTS_PER_FIELD,
)
from rules.match_budget import MatchBudget, partition_fields, simultaneous_bound
from rules.patterns import rule_groups
from rules.terms import Leaf, Term, stable_text


def check_group(group: Sequence[Term]) -> int:
    """Refuse one unit's terms if they are beyond what any ruleset can hold; else their match bound."""
    if len(group) > MAX_TERMS_PER_UNIT:
        raise CompileError(group[0].unit_key, "condition lists too many combinations of values for the rules engine")
    bound = simultaneous_bound(group)
    if bound > MAX_MATCHES_PER_RULESET:
        raise CompileError(
            group[0].unit_key, "condition has too many alternatives that can hold at once for the rules engine"
        )
    problem = AlphaNetwork(rule_groups(group)).problem()
    if problem:
        raise CompileError(group[0].unit_key, f"condition has {problem} for the rules engine")
    return bound


def _units(terms: Iterable[Term]) -> list[list[Term]]:
    by_unit: dict[str, list[Term]] = {}
    for term in terms:
        by_unit.setdefault(term.unit_key, []).append(term)
    return list(by_unit.values())


def chunk_terms(terms: Sequence[Term], domains: dict | None = None) -> list[list[Term]]:
    """Split one stratum's terms into rulesets that respect the engine's per-ruleset limits.

    Two bounds keep a fact's match within durable_rules' match stack: how many terms one fact can match
    in a ruleset (`MatchBudget`) and the walk of the ruleset's alpha network (`AlphaNetwork`). The terms
    of one unit are kept together. Units that read the same fields are placed next to each other, so each
    ruleset's fact carries fewer fields: durable_rules loops over every field of the fact at every node
    that matches, so this made decisions on a large pack about a tenth faster.
    """
    partitions = partition_fields(terms, domains or {})
    chunks: list[list[Term]] = []
    current: list[Term] = []
    alternatives = 0
    per_field: dict[str, set] = {}
    sent: frozenset[str | Leaf] = frozenset()
    budget = MatchBudget(partitions)
    network = AlphaNetwork()  # the current chunk's, grown a unit at a time
    for group in sorted(_units(terms), key=lambda g: sorted(map(stable_text, fields_read(g)))):
        group_alternatives = len(group)  # sets are sent as membership fields, so each term is one path
        bound = check_group(group)
        tests: dict[str, set] = {}
        for term in group:
            for f, t in _field_tests(term).items():
                tests.setdefault(f, set()).update(t)
        group_fields = fields_read(group)
        increments = budget.increments(group, bound)
        fits = (
            budget.bound_with(bound, increments) <= MAX_MATCHES_PER_RULESET
            and alternatives + group_alternatives <= MAX_ALTERNATIVES_PER_RULESET
            and all(len(per_field.get(f, set()) | t) <= MAX_TESTS_PER_FIELD for f, t in tests.items())
            and len(sent | group_fields) <= MAX_FIELDS_PER_RULESET
        )
        group_rules = rule_groups(group)  # a unit's terms are all in its group, so its rules are too
        if fits:
            for rule in group_rules:
                network.add_rule(rule)
            fits = not network.problem()
        if not fits:
            if current:
                chunks.append(current)
                current, alternatives, per_field, sent = [], 0, {}, frozenset()
                budget = MatchBudget(partitions)
                increments = budget.increments(group, bound)
            network = AlphaNetwork(group_rules)
        sent = sent | group_fields
        current.extend(group)
        alternatives += group_alternatives
        budget.add(bound, increments)
        for f, t in tests.items():
            per_field.setdefault(f, set()).update(t)
    if current:
        chunks.append(current)
    return chunks


def _sent(leaf: Leaf) -> str | Leaf:
    """What a leaf needs in the fact: its field, or for a set of two or more values, that set's membership
    (named by the leaf itself)."""
    return leaf if leaf.is_set else leaf.field


def fields_read(terms: Iterable[Term]) -> frozenset[str | Leaf]:
    """The fact fields a group of terms reads (a membership as its ``in`` leaf): only these are sent."""
    return frozenset(_sent(leaf) for term in terms for leaf in term.leaves)


def _field_tests(term: Term) -> dict[str, set]:
    tests: dict[str, set] = {}
    for leaf in term.leaves:
        if leaf.kind == "in":
            tests.setdefault(leaf.field, set()).update(("eq", v) for v in leaf.value)
        else:
            tests.setdefault(leaf.field, set()).add(leaf)
    return tests
