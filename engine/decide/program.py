"""Bind a pack to the rules in force on a date and lay them out for evaluation.

The result, a `ProgramIndex`, is shared by both evaluators: the explainer reads `conditions` and `derived`,
and `rules.compiled.compile_program` compiles `program` (the same conditions, stratified so that a rule reading
another rule or a derived fact is evaluated after it).

Conditions are hash-consed here: every structurally equal sub-condition (the same test of the same
question, the same group of tests) becomes one shared object. A pack says "the recipient is a police force"
in many rules; the explainer then works out and words each distinct test once per decision, however many
rules use it. The originals, with their own line numbers, stay on the pack's rules for error messages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from engine.pack.conditions import references
from rules.ir import (
    All,
    Any_,
    DerivedSpec,
    Not,
    Program,
    RuleHolds,
    Test,
    Unit,
    case_key,
    encode_scalar,
    is_case_key,
    rule_key,
)


@dataclass
class ProgramIndex:
    rules: list  # the rules in force, in pack order
    conditions: dict  # unit key -> condition (hash-consed)
    derived: dict  # derived id -> DerivedSpec
    program: Program
    ask_when: dict = field(default_factory=dict)  # question id -> its `ask_when` condition (hash-consed)
    scopes: dict = field(default_factory=dict)  # rule id -> its `scope` condition (hash-consed), where it has one
    advice: object = None  # what engine.decide.advice keeps per program (its layout and describer)
    plan: object = None  # the explainer's compiled form (engine.decide.evaluation.Plan), set when the program is built


class Interner:
    """Hash-consing of condition trees: structurally equal conditions come back as one shared object.

    Equality ignores line numbers but not types: a test of ``True`` and a test of ``1`` stay apart.
    """

    def __init__(self):
        self._table = {}

    def __call__(self, node):
        kind = type(node)
        key: tuple
        if kind is Test:
            key = (Test, node.subject, node.op, _value_key(node.value))
            rebuilt = node
        elif kind is RuleHolds:
            key, rebuilt = (RuleHolds, node.rule_id), node
        elif kind is Not:
            item = self(node.item)
            key = (Not, id(item))
            rebuilt = node if item is node.item else Not(item, node.line)
        elif kind in (All, Any_):
            items = tuple(self(item) for item in node.items)
            key = (kind, tuple(id(item) for item in items))
            rebuilt = node if all(a is b for a, b in zip(items, node.items)) else kind(items, node.line)
        else:
            raise TypeError(node)
        found = self._table.get(key)
        if found is None:  # the table keeps every interned node alive, so the ids in keys stay valid
            found = self._table[key] = rebuilt
        return found


def _value_key(value):
    if isinstance(value, (tuple, list)):
        return tuple(_value_key(v) for v in value)
    return (type(value), value)


def rules_in_force(pack, day) -> tuple:
    """The rule versions in force on `day` (at most one per id, the pack's checks guarantee it)."""
    return tuple(rule for rule in pack.rules if rule.in_force.covers(day))


def distinct_rule_sets(pack) -> int:
    """How many different sets of rules in force the pack can produce, over all dates.

    The set changes only on a rule's first day in force or the day after its last, so it is enough to look
    on those days and on one day before all of them.
    """
    days = {dt.date.min}
    for rule in pack.rules:
        days.add(rule.in_force.start)
        if rule.in_force.end and rule.in_force.end < dt.date.max:
            days.add(rule.in_force.end + dt.timedelta(days=1))
    return len({tuple(id(rule) for rule in rules_in_force(pack, day)) for day in days})


def build_index(pack, rules) -> ProgramIndex:
    intern = Interner()
    conditions, deps = {}, {}
    derived_specs = {}
    for derived in pack.derived:
        keys, values = [], []
        for i, case in enumerate(derived.cases):
            key = case_key(derived.id, i)
            conditions[key] = intern(case.condition)
            keys.append(key)
            values.append(("from", case.value_from) if case.value_from else ("value", case.value))
        derived_specs[derived.id] = DerivedSpec(derived.id, tuple(keys), tuple(values), derived.default, True)
    for rule in rules:
        conditions[rule_key(rule.id)] = intern(rule.condition)
    in_force_ids = {r.id for r in rules}
    referenced_rules = set()
    for key, condition in conditions.items():
        rule_refs, derived_refs = references(condition)
        referenced_rules |= rule_refs
        deps[key] = [rule_key(r) for r in rule_refs] + [("derived", d) for d in derived_refs]
    # A rule reference to a rule not in force on this date reads as "does not hold": give it an empty
    # `any`, which is false in both evaluators.
    for rule_id in referenced_rules - in_force_ids:
        conditions[rule_key(rule_id)] = Any_(())
        deps[rule_key(rule_id)] = []

    strata = {}

    def stratum_of(dep) -> int:
        if isinstance(dep, tuple):
            spec = derived_specs[dep[1]]
            return max((unit_stratum(k) for k in spec.case_keys), default=0)
        return unit_stratum(dep)

    def unit_stratum(key) -> int:
        if key not in strata:
            strata[key] = 0
            level = 0
            for dep in deps.get(key, []):
                level = max(level, stratum_of(dep) + 1)
            strata[key] = level
        return strata[key]

    polarities = _polarities_needed(conditions)
    units = []
    for key, condition in conditions.items():
        units.append(Unit(key, condition, unit_stratum(key), "F" in polarities[key]))
    specs = []
    for spec in derived_specs.values():
        level = max((strata[k] for k in spec.case_keys), default=0)
        spec = DerivedSpec(spec.id, spec.case_keys, spec.case_values, spec.default, True, level)
        derived_specs[spec.id] = spec
        specs.append(spec)
    program = Program(
        units=units,
        derived=specs,
        domains=_domains(pack, derived_specs),
        referenced_rules=frozenset(rule_key(r) for r in referenced_rules),
        list_fields=frozenset(f"q_{q.id}" for q in pack.questions if q.type == "many_of"),
        number_fields=frozenset(f"q_{q.id}" for q in pack.questions if q.type == "number"),
    )
    ask_when = {q.id: intern(q.ask_when) for q in pack.questions if q.ask_when is not None}
    scopes = {rule.id: intern(rule.scope) for rule in rules if rule.scope is not None}
    return ProgramIndex(list(rules), conditions, derived_specs, program, ask_when, scopes)


def _polarities_needed(conditions: dict) -> dict:
    """Which forms (true "T", false "F") of each unit durable_rules must compute.

    Every rule needs its true form; derived-fact cases need both (the first case that holds wins, so the
    earlier ones must be known false). A rule read by another unit needs whatever form that reader needs
    where the reference is positive, and the opposite form under `not`. Compiling only what is read keeps
    the number of rules durable_rules fires, which is what costs time, as small as it can be.
    """
    needs = {key: ({"T", "F"} if is_case_key(key) else {"T"}) for key in conditions}
    flip = {"T": "F", "F": "T"}

    def refs(node, positive, out):
        if isinstance(node, Not):
            refs(node.item, not positive, out)
        elif isinstance(node, (All, Any_)):
            for item in node.items:
                refs(item, positive, out)
        elif isinstance(node, RuleHolds):
            out.append((rule_key(node.rule_id), positive))
        return out

    references_of = {key: refs(condition, True, []) for key, condition in conditions.items()}
    pending = list(conditions)
    while pending:
        key = pending.pop()
        for target, positive in references_of[key]:
            wanted = {p if positive else flip[p] for p in needs[key]}
            if not wanted <= needs[target]:
                needs[target] |= wanted
                pending.append(target)
    return needs


def _domains(pack, derived_specs) -> dict:
    """The finite set of encoded values each scalar field can hold, where known."""
    domains = {}
    questions = {q.id: q for q in pack.questions}
    for q in pack.questions:
        if q.type == "one_of":
            domains[f"q_{q.id}"] = frozenset(o.id for o in q.options)
        elif q.type == "bool":
            domains[f"q_{q.id}"] = frozenset({"true", "false"} | ({"unsure"} if q.unsure else set()))
    for spec in derived_specs.values():
        values, open_ended = {encode_scalar(spec.default)}, False
        for how, what in spec.case_values:
            if how == "value":
                values.add(encode_scalar(what))
            elif f"q_{what}" in domains:
                values |= domains[f"q_{what}"]
            else:
                open_ended = True
        if not open_ended and questions is not None:
            domains[f"d_{spec.id}"] = frozenset(values)
    return domains
