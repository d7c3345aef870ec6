"""Compile a `rules.ir.Program` into durable_rules terms, and check its units against the engine's limits.

durable_rules 2.0.28 crashes or hangs well inside ordinary use (see docs/durable-rules.md), so
the compiler shapes its output to stay clear of every limit found. Each workaround has a module of its own:

- `rules.limits`: every size of the C engine the compiler works within, and the caps it keeps to;
- `rules.terms`: leaves and terms, chained in an order that is the same in every run (hash-seed free);
- `rules.dnf`: each unit's condition as disjunctive normal form, one term per alternative, because a fact
  reaches a rule once per term it satisfies; oversized conditions are refused with their unit;
- `rules.membership`: sets of values sent as precomputed membership fields, not as ``$or`` of equalities;
- `rules.patterns`: the durable rules, discriminator first and list tests last, the terms of one unit and
  polarity sharing one ``$or`` rule within a rule's expression slots;
- `rules.match_budget`: how many of a ruleset's terms one fact can match at once;
- `rules.alpha_network`: a model of the alpha network durable_rules builds, and the bound on its walk;
- `rules.chunking`: rulesets cut to stay within all of these, and the fields each one reads.

This module ties them together: the terms of a whole program by stratum (which `rules.compiled` turns into
rulesets in the worker process) and the validation of every unit on its own (`check_units`).
"""

from __future__ import annotations

from rules.chunking import check_group
from rules.dnf import unit_terms
from rules.ir import Program, rule_id_of
from rules.terms import Term


def rule_fields(program: Program) -> dict:
    """The fact field that carries each referenced rule's status into later strata."""
    return {rule_id_of(key): f"r_{i}" for i, key in enumerate(sorted(program.referenced_rules))}


def compile_terms(program: Program, rule_fields: dict) -> list[list[Term]]:
    """All terms of the program, grouped by stratum: a list (one per stratum) of lists of `Term`."""
    return [[term for unit in units for term in unit_terms(program, rule_fields, unit)] for units in program.strata()]


def check_units(program: Program) -> set[str]:
    """Check every unit on its own against the engine's limits, without registering anything.

    Chunking always finds room for a unit that passes on its own, so this validates every date's set of
    rules at once (the program may hold every version of every rule). Raises `CompileError`; returns the
    keys of units whose conditions can never hold.
    """
    fields = rule_fields(program)
    never = set()
    for unit in program.units:
        terms = unit_terms(program, fields, unit)
        if not any(t.polarity == "T" for t in terms):
            never.add(unit.key)
        if terms:
            check_group(terms)  # as chunking checks it: both forms of the unit share a ruleset
    return never
