"""The Python evaluator: three-valued status of every rule, and why, over the same compiled conditions.

durable_rules only reports which rules fired. Officers and legal staff also need to know why a rule did not
apply (which tests failed) and what would decide it (which questions are unanswered), so this module
evaluates the same `rules.ir` trees with Kleene logic: true, false or unknown. The engine checks that the
rules it finds holding are exactly the rules durable_rules fired.

How it is fast enough for a large pack: values are small integers (false 0, unknown 1, true 2), so "all"
is `min`, "any" is `max` and "not" is `2 - x`. A `Plan`, built once per program, gives every distinct test a
slot and turns each stratum of units into one generated Python function of such expressions. A decision
then fills the test slots from the answers, runs the strata in order (working out the derived facts between
them) and has every unit's value. Why a rule failed, and what would decide it, are read from those values
only for the rules the explanation asks about.
"""

from __future__ import annotations

from rules.ir import FALSE, TRUE, UNKNOWN, All, Any_, Not, RuleHolds, Test, rule_key

F, U, T = 0, 1, 2
CHAR = (FALSE, UNKNOWN, TRUE)  # integer value -> the status letters shared with `rules`
# value byte -> status letter, for `Evaluation.engine_statuses` (3 is a true value with the floor bit set)
_ENGINE_LETTERS = bytes.maketrans(b"\x00\x01\x02\x03", (FALSE + UNKNOWN + TRUE + TRUE).encode())


class Plan:
    """The explainer's compiled form of one `engine.decide.program.ProgramIndex`."""

    def __init__(self, index, label: str = "program"):
        program = index.program
        self.positions = {unit.key: i for i, unit in enumerate(program.units)}
        self.unit_count = len(program.units)
        # durable_rules compiles only the true form of a unit no later step reads as false, so it reports such
        # a unit "U" when it is false: a 1 here, OR-ed into the unit's value byte, turns false into unknown
        self.engine_floor = int.from_bytes(bytes(0 if unit.need_false else 1 for unit in program.units), "big")
        self.slots = {}  # id(test) -> slot, for every distinct test of the units and `ask_when`s
        self.nodes = {}  # id(all / any / not node) -> its place in the node values, once generated
        self.question_tests = []  # (slot, question id, predicate or None for "answered", wanted)
        self.derived_tests = {}  # derived id -> [(slot, predicate or None, wanted)]
        for unit in program.units:
            self._assign_slots(unit.condition)
        for condition in index.ask_when.values():
            self._assign_slots(condition)
        self.rule_positions = tuple((rule.id, self.positions[rule_key(rule.id)]) for rule in index.rules)
        strata = program.strata() or [[]]  # derived facts are worked out after a stratum, so keep one
        self.derived_by_stratum = [[] for _ in strata]
        for spec in program.derived:
            cases = tuple(self.positions[key] for key in spec.case_keys)
            entry = (spec.id, cases, spec.case_values, spec.default, tuple(self.derived_tests.get(spec.id, ())))
            self.derived_by_stratum[min(spec.stratum, len(strata) - 1)].append(entry)
        self.derived_ids = tuple(spec.id for spec in program.derived)
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
            check = None if node.op == "answered" else _checker(node.op, node.value)
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
        namespace = {}
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


class Evaluation:
    """Statuses of every unit of a program for one answer set, and the reasons behind them."""

    def __init__(self, program_index, answers: dict):
        plan = program_index.plan
        if plan is None:
            plan = program_index.plan = Plan(program_index)
        self.index = program_index
        self.answers = answers
        self._plan = plan
        self._t, self._n, self._u, self._derived = plan.run(answers)
        self._values = {}
        self._open_memo = {}
        self._unit_opens = {}

    # -- units ---------------------------------------------------------------------------------------
    def unit(self, key: str) -> str:
        """A unit's value: "T", "F" or "U"."""
        return CHAR[self._u[self._plan.positions[key]]]

    def rule(self, rule_id: str) -> str:
        return self.unit(rule_key(rule_id))

    def rule_failures(self, rule_id: str) -> list:
        """The tests that made a rule's conditions false (empty unless the rule is false)."""
        return self.failed_tests(self.index.conditions[rule_key(rule_id)])

    def statuses(self) -> dict:
        """Every rule's value, by rule id, in pack order."""
        u = self._u
        return {rule_id: CHAR[u[position]] for rule_id, position in self._plan.rule_positions}

    def engine_statuses(self) -> bytes:
        """Every unit's status as durable_rules reports it, one ASCII letter per unit in program order (the
        packed form `rules.compiled.CompiledPack.evaluate_packed` returns), so that the usual case, agreement, is
        one comparison of two short strings."""
        plan = self._plan
        values = int.from_bytes(bytes(self._u), "big") | plan.engine_floor
        return values.to_bytes(plan.unit_count, "big").translate(_ENGINE_LETTERS)

    def derived(self, derived_id: str):
        """``(known, value)`` of a derived fact: the first case that holds, unknown while an earlier case is."""
        return self._derived[derived_id]

    # -- conditions ------------------------------------------------------------------------------------
    def value(self, node) -> str:
        """Three-valued value of any condition (or part of one)."""
        return CHAR[self._value(node)]

    def _value(self, node) -> int:
        kind = type(node)
        if kind is Test:
            slot = self._plan.slots.get(id(node))
            return self._t[slot] if slot is not None else self._test(node)
        if kind is RuleHolds:
            return self._u[self._plan.positions[rule_key(node.rule_id)]]
        key = id(node)
        place = self._plan.nodes.get(key)
        if place is not None:
            return self._n[place]
        # A condition the plan does not hold (one built after the program): remembered with the node itself,
        # which keeps it alive, so that its id cannot be reused by another node during this evaluation.
        found = self._values.get(key)
        if found is None:
            if kind is Not:
                value = T - self._value(node.item)
            elif kind is All:
                value = min((self._value(item) for item in node.items), default=T)
            elif kind is Any_:
                value = max((self._value(item) for item in node.items), default=F)
            else:
                raise TypeError(node)
            found = self._values[key] = (node, value)
        return found[1]

    def _test(self, test: Test) -> int:
        """A test that is not part of the plan (a condition built after the program was)."""
        known, actual = self.subject(test)
        if test.op == "answered":
            return T if known == bool(test.value) else F
        if not known:
            return U
        return T if _compare(test.op, actual, test.value) else F

    def subject(self, test: Test):
        """``(known, value)`` of what a test reads: an answer or a derived fact."""
        if test.subject.space == "q":
            return test.subject.id in self.answers, self.answers.get(test.subject.id)
        return self.derived(test.subject.id)

    # -- explanations --------------------------------------------------------------------------------
    def failed_tests(self, node) -> list:
        """The leaves that make a false condition false (for "not applied because ..."): the failing tests,
        rule references and negations, left to right. Empty unless the condition is false."""
        if self._value(node) != F:
            return []
        out = []
        self._failures(node, out)
        return out

    def _failures(self, node, out: list) -> None:
        kind = type(node)
        if kind is All:
            for item in node.items:
                if self._value(item) == F:
                    self._failures(item, out)
        elif kind is Any_:  # false only when every alternative is
            for item in node.items:
                self._failures(item, out)
        else:
            out.append(node)

    def open_questions(self, node) -> list:
        """Questions whose answers could still decide an unknown condition, in the order they are read.

        Memoised per condition: the explanation, `missing` and the moot-rule check all ask for the same rules.
        """
        key = id(node)
        found = self._open_memo.get(key)
        if found is None:  # kept with the node, whose id then cannot be reused during this evaluation
            found = self._open_memo[key] = (node, [])
            self._open(node, found[1], set())
        return found[1]

    def _open(self, node, out, seen_units):
        if self._value(node) != U:
            return
        kind = type(node)
        if kind is All or kind is Any_:
            for item in node.items:
                self._open(item, out, seen_units)
        elif kind is Not:
            self._open(node.item, out, seen_units)
        elif kind is RuleHolds:
            self._extend(out, self._unit_open(rule_key(node.rule_id), seen_units))
        elif kind is Test:
            if node.subject.space == "q":
                if node.subject.id not in out:
                    out.append(node.subject.id)
            else:
                spec = self.index.derived[node.subject.id]
                for key, (how, what) in zip(spec.case_keys, spec.case_values):
                    status = self.unit(key)
                    if status == UNKNOWN:
                        self._extend(out, self._unit_open(key, seen_units))
                        break
                    if status == TRUE:
                        if how == "from" and what not in self.answers and what not in out:
                            out.append(what)
                        break

    def _unit_open(self, key: str, seen_units: set) -> list:
        """Open questions of a referenced rule or derived-fact case, worked out once per decision (many
        rules read the same derived facts)."""
        found = self._unit_opens.get(key)
        if found is None:
            if key in seen_units:
                return []
            seen_units.add(key)
            found = []
            self._open(self.index.conditions[key], found, seen_units)
            self._unit_opens[key] = found
        return found

    @staticmethod
    def _extend(out: list, more: list) -> None:
        for question in more:
            if question not in out:
                out.append(question)


def _compare(op, actual, expected) -> bool:
    if op == "eq":
        if isinstance(actual, bool) != isinstance(expected, bool) or isinstance(actual, str) != isinstance(
            expected, str
        ):
            return False
        return actual == expected
    if op == "ne":
        return not _compare("eq", actual, expected)
    if op == "in":
        return any(_compare("eq", actual, e) for e in expected)
    if op == "not_in":
        return not _compare("in", actual, expected)
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


def _checker(op, expected):
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
    return lambda actual: _compare(op, actual, expected)
