"""The durable_rules form of a compiled program, and running typed answers through it.

This module imports the C extension (through `rules.host`), so only the worker process imports it
(`rules.worker`); the application process talks to it through the worker and never loads `durable`.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring

from rules import host
from rules.chunking import chunk_terms, fields_read
from rules.compiler import compile_terms, rule_fields
from rules.ir import TRUE, UNKNOWN, Program, encode_scalar, rule_id_of
from rules.membership import Memberships
from rules.patterns import rule_patterns


class CompiledPack:
    """The durable_rules form of one pack; `close()` frees its rulesets (done when a pack is replaced)."""

    def __init__(self, program: Program, label: str):
        self.program = program
        self._rule_fields = rule_fields(program)
        self._all_units = [u.key for u in program.units]
        self._position = {key: i for i, key in enumerate(self._all_units)}
        self._memberships = Memberships()
        stratum_terms = compile_terms(program, self._rule_fields)
        generation = host.next_generation()
        self._strata = []  # list of (ruleset names, units in stratum)
        self.rule_count = 0
        self.ruleset_names = []
        for stratum_index, (terms, units) in enumerate(zip(stratum_terms, program.strata())):
            names = []
            for chunk_index, chunk in enumerate(chunk_terms(terms, program.domains)):
                name = f"sharewise_{label}_g{generation}_s{stratum_index}_c{chunk_index}"
                rules = {}
                for rule_index, (pattern, term) in enumerate(rule_patterns(chunk, self._memberships)):
                    # what the rule reports when it fires: its unit's position, and whether it proved the
                    # condition true or false
                    rules[f"t{rule_index}"] = (pattern, (self._position[term.unit_key], term.polarity))
                self.rule_count += len(rules)
                host.register(name, rules)
                read = fields_read(chunk)
                plain = tuple(f for f in read if isinstance(f, str))
                sets = tuple(self._memberships.name(f.field, f.value) for f in read if not isinstance(f, str))
                names.append((name, plain, sets))
                self.ruleset_names.append(name)
            self._strata.append((names, units))
        self.term_count = sum(len(t) for t in stratum_terms)
        # Precomputed per stratum so that evaluating a decision loops only over what changes.
        self._referenced_by_stratum = [
            [
                (self._position[u.key], self._rule_fields[rule_id_of(u.key)])
                for u in units
                if u.key in program.referenced_rules
            ]
            for _, units in self._strata
        ]
        self._derived_by_stratum = [
            [
                (spec, tuple(self._position[key] for key in spec.case_keys))
                for spec in program.derived
                if spec.stratum == i
            ]
            for i in range(len(self._strata))
        ]

    def evaluate(self, answers: dict) -> tuple:
        """Run typed answers through durable_rules.

        Returns ``(statuses, derived)``: `statuses` maps every unit key to "T", "F" or "U" (units not compiled
        in negated form report "T" or "U"), `derived` maps derived-fact ids to their values where known.
        """
        statuses, derived = self._run(answers)
        return dict(zip(self._all_units, statuses)), derived

    def evaluate_packed(self, answers: dict) -> tuple:
        """`evaluate`, with the statuses as one string of "T"/"F"/"U" in `program.units` order: what the worker
        process sends back, because pickling a short string is far cheaper than a dict of every unit key."""
        statuses, derived = self._run(answers)
        return "".join(statuses), derived

    def _run(self, answers: dict) -> tuple:
        """``(statuses in program.units order, derived)``."""
        fact = {f"q_{qid}": _encode(value) for qid, value in answers.items()}
        statuses = [UNKNOWN] * len(self._all_units)
        derived = {}
        encoded: dict[str, str] = {}  # field -> '"field": value', each encoded once however many rulesets read it
        memberships = self._memberships.sets
        for (names, _), referenced, specs in zip(self._strata, self._referenced_by_stratum, self._derived_by_stratum):
            for name, plain, sets in names:
                parts = []
                for f in plain:
                    text = encoded.get(f)
                    if text is None:
                        if f not in fact:
                            continue
                        text = encoded[f] = f"{_json(f)}: {_json(fact[f])}"
                    parts.append(text)
                for set_name in sets:
                    text = encoded.get(set_name)
                    if text is None:
                        field, values = memberships[set_name]
                        if field not in fact:
                            continue
                        text = encoded[set_name] = f'"{set_name}": "{"true" if fact[field] in values else "false"}"'
                    parts.append(text)
                for position, polarity in host.fire_encoded(name, ", ".join(parts)):
                    statuses[position] = polarity
            for position, field in referenced:
                status = statuses[position]
                if status != UNKNOWN:
                    fact[field] = status
            for spec, cases in specs:
                known, value = _first_case(spec, cases, statuses, answers)
                if known:
                    derived[spec.id] = value
                    if value is not None:
                        fact[f"d_{spec.id}"] = encode_scalar(value)
        return statuses, derived

    def close(self) -> None:
        """Free this pack's rulesets in durable_rules (memory stays flat across pack reloads)."""
        host.unregister(self.ruleset_names)
        self.ruleset_names = []


def _json(value) -> str:
    """JSON for one field name or value, as `json.dumps(value, ensure_ascii=False)` writes it."""
    if type(value) is str:
        return encode_basestring(value)  # the C escaper, without building an encoder per call
    return json.dumps(value, ensure_ascii=False)


def _encode(value):
    if isinstance(value, list):
        return [encode_scalar(v) for v in value]
    return encode_scalar(value)


def _first_case(spec, cases: tuple, statuses: list, answers: dict) -> tuple:
    """Apply a derived fact's first-matching-case rule to durable's case statuses (`cases` are the positions
    of its cases in `statuses`): (known, value)."""
    for position, (how, what) in zip(cases, spec.case_values):
        status = statuses[position]
        if status == UNKNOWN:
            return False, None
        if status == TRUE:
            if how == "from":
                if what not in answers:
                    return False, None
                return True, answers[what]
            return True, what
    return True, spec.default if spec.has_default else None


def compile_program(program: Program, label: str) -> CompiledPack:
    """Compile and register a program; raises `CompileError` for conditions beyond the engine's limits."""
    return CompiledPack(program, label)
