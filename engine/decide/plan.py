"""The evaluator's compiled form of one program: every distinct test a slot, every stratum one function.

Values are small integers (false 0, unknown 1, true 2), so "all" is `min`, "any" is `max` and "not" is
`2 - x`. A `Plan`, built once per program, gives every distinct test a slot and turns each stratum of
units into one generated Python function of such expressions. `Plan.run` fills the test slots from the
answers, runs the strata in order (working out the derived facts between them) and returns every value;
`engine.decide.evaluation.Evaluation` reads statuses and reasons from them.
"""

from __future__ import annotations

from typing import Any

from rules.ir import All, Any_, Not, RuleHolds, Test, rule_key

F, U, T = 0, 1, 2


class Plan:
    """The explainer's compiled form of one `engine.decide.program.ProgramIndex`."""

    def __init__(self, index, label: str = "program"):
        program = index.program
        self.positions = {unit.key: i for i, unit in enumerate(program.units)}
        self.unit_count = len(program.units)
        # durable_rules compiles only the true form of a unit no later step reads as false, so it reports such
        # a unit "U" when it is false: a 1 here, OR-ed into the unit's value byte, turns false into unknown
        self.engine_floor = int.from_bytes(bytes(0 if unit.need_false else 1 for unit in program.units), "big")
        self.slots: dict[int, int] = {}  # id(test) -> slot, for every distinct test of the units and `ask_when`s
        self.nodes: dict[int, int] = {}  # id(all / any / not node) -> its place in the node values, once generated
        self.question_tests: list[tuple] = []  # (slot, question id, predicate or None for "answered", wanted)
        self.derived_tests: dict[str, list] = {}  # derived id -> [(slot, predicate or None, wanted)]
        for unit in program.units:
            self._assign_slots(unit.condition)
        for condition in index.ask_when.values():
            self._assign_slots(condition)
        self.rule_positions = tuple((rule.id, self.positions[rule_key(rule.id)]) for rule in index.rules)
        strata = program.strata() or [[]]  # derived facts are worked out after a stratum, so keep one
        self.derived_by_stratum: list[list] = [[] for _ in strata]
        for spec in program.derived:
            cases = tuple(self.positions[key] for key in spec.case_keys)
            entry = (spec.id, cases, spec.case_values, spec.default, tuple(self.derived_tests.get(spec.id, ())))
            self.derived_by_stratum[min(spec.stratum, len(strata) - 1)].append(entry)
        self.strata = [
            self._generate(units, f"<sharewise explainer {label} stratum {n}>") for n, units in enumerate(strata)
        ]
        self.node_count = len(self.nodes)

    def _assign_slots(self, node) -> None:
        kind = type(node)
        if kind is Test:
            if id(node) in self.slots:
                return
            slot = self.slots[id(node)] = len(self.slots)
            wanted = bool(node.value) if node.op == "answered" else None
            check = None if node.op == "answered" else checker(node.op, node.value)
            if node.subject.space == "q":
                self.question_tests.append((slot, node.subject.id, check, wanted))
            else:
                self.derived_tests.setdefault(node.subject.id, []).append((slot, check, wanted))
        elif kind in (All, Any_):
            for item in node.items:
                self._assign_slots(item)
        elif kind is Not:
            self._assign_slots(node.item)

    def _expression(self, node, lines: list) -> str:
        """The expression for a node's value. Every distinct all / any / not node is computed once, into
        ``n[place]``, the first time a unit needs it: later units, and the explanation, just read it."""
        kind = type(node)
        if kind is Test:
            return f"t[{self.slots[id(node)]}]"
        if kind is RuleHolds:
            return f"u[{self.positions['rule:' + node.rule_id]}]"
        place = self.nodes.get(id(node))
        if place is not None:
            return f"n[{place}]"
        if kind is Not:
            value = f"2 - {self._expression(node.item, lines)}"
        else:
            parts = [self._expression(item, lines) for item in node.items]
            if not parts:
                value = str(T if kind is All else F)
            elif len(parts) == 1:
                value = parts[0]
            else:
                value = f"{'min' if kind is All else 'max'}({', '.join(parts)})"
        place = self.nodes[id(node)] = len(self.nodes)
        lines.append(f"    n[{place}] = {value}")
        return f"n[{place}]"

    def _generate(self, units, filename: str):
        """One function ``f(t, n, u)`` that sets every unit of a stratum (and the parts of its conditions
        not already worked out) from the test slots and earlier values. The source holds only integers and
        the names t, n, u, min and max."""
        lines = ["def stratum(t, n, u):"]
        for unit in units:
            value = self._expression(unit.condition, lines)
            lines.append(f"    u[{self.positions[unit.key]}] = {value}")
        lines.append("    return None")
        namespace: dict[str, Any] = {}
        exec(compile("\n".join(lines), filename, "exec"), {"min": min, "max": max}, namespace)  # noqa: S102
        return namespace["stratum"]

    def run(self, answers: dict):
        """``(test values, node values, unit values, derived facts)`` for one answer set."""
        t = [U] * len(self.slots)
        for slot, qid, check, wanted in self.question_tests:
            if check is None:
                t[slot] = T if (qid in answers) == wanted else F
            elif qid in answers:
                t[slot] = T if check(answers[qid]) else F
        n = [U] * self.node_count
        u = [U] * self.unit_count
        derived = {}
        for stratum, specs in zip(self.strata, self.derived_by_stratum):
            stratum(t, n, u)
            for derived_id, cases, case_values, default, tests in specs:
                known, value = True, default
                for position, (how, what) in zip(cases, case_values):
                    status = u[position]
                    if status == U:
                        known, value = False, None
                        break
                    if status == T:
                        if how == "from":
                            known, value = what in answers, answers.get(what)
                        else:
                            value = what
                        break
                derived[derived_id] = (known, value)
                for slot, check, wanted in tests:
                    if check is None:
                        t[slot] = T if known == wanted else F
                    elif known:
                        t[slot] = T if check(value) else F
        return t, n, u, derived


def compare(op, actual, expected) -> bool:
    if op == "eq":
        if isinstance(actual, bool) != isinstance(expected, bool) or isinstance(actual, str) != isinstance(
            expected, str
        ):
            return False
        return actual == expected
    if op == "ne":
        return not compare("eq", actual, expected)
    if op == "in":
        return any(compare("eq", actual, e) for e in expected)
    if op == "not_in":
        return not compare("in", actual, expected)
    if op == "contains":
        return isinstance(actual, list) and expected in actual
    if op == "contains_any":
        return isinstance(actual, list) and any(e in actual for e in expected)
    if op == "contains_all":
        return isinstance(actual, list) and all(e in actual for e in expected)
    if op in ("lt", "le", "gt", "ge"):
        if isinstance(actual, bool) or not isinstance(actual, (int, float)):
            return False
        return {"lt": actual < expected, "le": actual <= expected, "gt": actual > expected, "ge": actual >= expected}[
            op
        ]
    raise ValueError(op)


def checker(op, expected):
    """A one-argument predicate for a known answer, specialised for the common operators."""
    if op in ("eq", "ne") and isinstance(expected, str):
        if op == "eq":
            return lambda actual: actual == expected
        return lambda actual: actual != expected
    if op in ("in", "not_in") and all(isinstance(e, str) for e in expected):
        members = frozenset(expected)
        if op == "in":
            return lambda actual: isinstance(actual, str) and actual in members
        return lambda actual: not (isinstance(actual, str) and actual in members)
    if op == "contains":
        return lambda actual: isinstance(actual, list) and expected in actual
    return lambda actual: compare(op, actual, expected)
