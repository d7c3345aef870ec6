"""A unit's condition as terms: disjunctive normal form, for its true form and its false form.

durable_rules matches a fact against a rule once per branch the fact satisfies, and every such match
counts against its per-ruleset limits (`rules.limits`), so the compiler needs to know exactly what can
match: each condition is flattened into an "or" of conjunctions of `Leaf` tests (one `Term` each).
Contradictory conjunctions are dropped here, "not one of" is written as "one of the others" when the
field's values are known, and a condition needing more than `MAX_TERMS_PER_UNIT` terms is refused with
the unit it came from.
"""

from __future__ import annotations

from itertools import product

from rules.errors import CompileError
from rules.ir import All, Any_, Condition, Not, Program, RuleHolds, Test, Unit, encode_scalar
from rules.limits import MAX_TERMS_PER_UNIT
from rules.terms import Kind, Leaf, Term

Conjunction = frozenset[Leaf]

_OPPOSITE = {"lt": "ge", "le": "gt", "gt": "le", "ge": "lt"}


class ConditionDnf:
    """Turns a condition into DNF for its true form (positive) or its false form (negative)."""

    def __init__(self, program: Program, rule_fields: dict[str, str], unit_key: str):
        self.domains = program.domains
        self.rule_fields = rule_fields
        self.unit_key = unit_key

    def terms(self, node: Condition, positive: bool) -> list[Conjunction]:
        if isinstance(node, Not):
            return self.terms(node.item, not positive)
        if isinstance(node, (All, Any_)):
            conjunctive = isinstance(node, All) == positive
            parts = [self.terms(item, positive) for item in node.items]
            if conjunctive:
                return self._and(parts, node)
            out = []
            for part in parts:
                out.extend(part)
            return self._limit(_dedupe(out), node)
        if isinstance(node, RuleHolds):
            field = self.rule_fields[node.rule_id]
            return [frozenset({Leaf("in", field, frozenset({"T" if positive else "F"}))})]
        if isinstance(node, Test):
            return self._test(node, positive)
        raise CompileError(self.unit_key, f"unknown condition node {node!r}")

    def _and(self, parts: list[list[Conjunction]], node: Condition) -> list[Conjunction]:
        out: list[Conjunction] = [frozenset()]
        for part in parts:
            combined = []
            for left, right in product(out, part):
                merged = _merge(left | right)
                if merged is not None:
                    combined.append(merged)
            out = self._limit(_dedupe(combined), node)
        return out

    def _limit(self, terms: list[Conjunction], node: Condition) -> list[Conjunction]:
        if len(terms) > MAX_TERMS_PER_UNIT:
            raise CompileError(
                self.unit_key,
                f"condition is too complex for the rules engine ({len(terms)} alternative paths; the limit is "
                f"{MAX_TERMS_PER_UNIT}): split it into smaller rules or derived facts",
                getattr(node, "line", 0),
            )
        return terms

    def _test(self, test: Test, positive: bool) -> list[Conjunction]:
        field = test.subject.field
        op, value = test.op, test.value
        domain = self.domains.get(field)
        if op in ("eq", "in", "ne", "not_in"):
            values = frozenset(encode_scalar(v) for v in (value if op in ("in", "not_in") else (value,)))
            wants_member = (op in ("eq", "in")) == positive
            if wants_member:
                return _one(Leaf("in", field, values)) if values else []
            if domain is not None:
                rest = frozenset(domain) - values
                return _one(Leaf("in", field, rest)) if rest else []
            return [frozenset([Leaf("ex", field)] + [Leaf("neq", field, v) for v in values])]
        if op in ("contains", "contains_any", "contains_all"):
            items = [encode_scalar(v) for v in (value if op != "contains" else (value,))]
            if op == "contains":
                op = "contains_all"
            any_of = (op == "contains_any") == positive
            kind: Kind = "has" if positive else "lacks"
            if any_of:
                return [frozenset({Leaf(kind, field, v)}) for v in items]
            return _one(*[Leaf(kind, field, v) for v in items])
        if op in _OPPOSITE:
            return _one(Leaf("cmp", field, value, op if positive else _OPPOSITE[op]))
        if op == "answered":
            present = bool(value) == positive
            return _one(Leaf("ex", field) if present else Leaf("nex", field))
        raise CompileError(self.unit_key, f"unknown operator {op!r}", test.line)


def _one(*leaves: Leaf) -> list[Conjunction]:
    """The DNF of a single conjunction of `leaves`."""
    return [frozenset(leaves)]


def _dedupe(terms: list[Conjunction]) -> list[Conjunction]:
    seen, out = set(), []
    for term in terms:
        if term not in seen:
            seen.add(term)
            out.append(term)
    return out


def _merge(leaves: Conjunction) -> Conjunction | None:
    """Simplify one conjunction; None when it can never hold (e.g. two different values of one field)."""
    sets: dict = {}
    other = []
    for leaf in leaves:
        if leaf.kind == "in":
            sets[leaf.field] = sets.get(leaf.field, leaf.value) & leaf.value
        else:
            other.append(leaf)
    rest = []
    for leaf in other:
        kind, field = leaf.kind, leaf.field
        if kind == "neq" and field in sets:
            sets[field] = sets[field] - {leaf.value}
        elif kind == "ex" and field in sets:
            continue
        elif (
            kind == "nex"
            and (field in sets or Leaf("ex", field) in leaves)
            or kind == "has"
            and Leaf("lacks", field, leaf.value) in leaves
        ):
            return None
        else:
            rest.append(leaf)
    if any(not values for values in sets.values()):
        return None
    return frozenset(rest + [Leaf("in", f, v) for f, v in sets.items()])


def unit_terms(program: Program, rule_fields: dict[str, str], unit: Unit) -> list[Term]:
    """The terms of one unit: its true form, and its false form when a later step reads it; each term's
    leaves in the order durable_rules should chain them (`Leaf.chain_key`)."""
    dnf = ConditionDnf(program, rule_fields, unit.key)
    terms = [
        Term(unit.key, "T", tuple(sorted(leaves, key=Leaf.chain_key))) for leaves in dnf.terms(unit.condition, True)
    ]
    if unit.need_false:
        terms += [
            Term(unit.key, "F", tuple(sorted(leaves, key=Leaf.chain_key)))
            for leaves in dnf.terms(unit.condition, False)
        ]
    return terms
