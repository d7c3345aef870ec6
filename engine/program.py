"""Bind a pack to the rules in force on a date and lay them out for evaluation.

The result, a `ProgramIndex`, is shared by both evaluators: the explainer reads `conditions` and `derived`,
and `rules.compile_program` compiles `program` (the same conditions, stratified so that a rule reading
another rule or a derived fact is evaluated after it).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from engine.conditions import references
from rules.ir import DerivedSpec, Program, Unit, encode_scalar


@dataclass
class ProgramIndex:
    rules: list          # the rules in force, in pack order
    conditions: dict     # unit key -> condition
    derived: dict        # derived id -> DerivedSpec
    program: Program
    describer: object = None  # set on first use by engine.advice
    compiled: dict = field(default_factory=dict)  # unit key or id(condition) -> compiled condition (engine.explain)


def rules_in_force(pack, day) -> tuple:
    """The rule versions in force on `day` (at most one per id, the pack's checks guarantee it)."""
    return tuple(rule for rule in pack.rules if rule.in_force.covers(day))


def build_index(pack, rules) -> ProgramIndex:
    conditions, deps = {}, {}
    derived_specs = {}
    for derived in pack.derived:
        keys, values = [], []
        for i, case in enumerate(derived.cases):
            key = f"case:{derived.id}:{i}"
            conditions[key] = case.condition
            keys.append(key)
            values.append(("from", case.value_from) if case.value_from else ("value", case.value))
        derived_specs[derived.id] = DerivedSpec(derived.id, tuple(keys), tuple(values), derived.default, True)
    for rule in rules:
        conditions[f"rule:{rule.id}"] = rule.condition
    in_force_ids = {r.id for r in rules}
    referenced_rules = set()
    for key, condition in conditions.items():
        rule_refs, derived_refs = references(condition)
        referenced_rules |= rule_refs
        deps[key] = [f"rule:{r}" for r in rule_refs] + [("derived", d) for d in derived_refs]
    # A rule reference to a rule not in force on this date reads as "does not hold": give it an empty
    # `any`, which is false in both evaluators.
    from rules.ir import Any_
    for rule_id in referenced_rules - in_force_ids:
        conditions[f"rule:{rule_id}"] = Any_(())
        deps[f"rule:{rule_id}"] = []

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
    program = Program(units=units, derived=specs, domains=_domains(pack, derived_specs),
                      referenced_rules=frozenset(f"rule:{r}" for r in referenced_rules),
                      list_fields=frozenset(f"q_{q.id}" for q in pack.questions if q.type == "many_of"),
                      number_fields=frozenset(f"q_{q.id}" for q in pack.questions if q.type == "number"))
    return ProgramIndex(list(rules), conditions, derived_specs, program)


def _polarities_needed(conditions: dict) -> dict:
    """Which forms (true "T", false "F") of each unit durable_rules must compute.

    Every rule needs its true form; derived-fact cases need both (the first case that holds wins, so the
    earlier ones must be known false). A rule read by another unit needs whatever form that reader needs
    where the reference is positive, and the opposite form under `not`. Compiling only what is read keeps
    the number of rules durable_rules fires, which is what costs time, as small as it can be.
    """
    from rules.ir import All, Any_, Not, RuleHolds

    needs = {key: ({"T", "F"} if key.startswith("case:") else {"T"}) for key in conditions}
    flip = {"T": "F", "F": "T"}

    def refs(node, positive, out):
        if isinstance(node, Not):
            refs(node.item, not positive, out)
        elif isinstance(node, (All, Any_)):
            for item in node.items:
                refs(item, positive, out)
        elif isinstance(node, RuleHolds):
            out.append((f"rule:{node.rule_id}", positive))
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
