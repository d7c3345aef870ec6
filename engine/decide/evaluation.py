"""The Python evaluator: three-valued status of every rule, and why, over the same compiled conditions.

durable_rules only reports which rules fired. Officers and legal staff also need to know why a rule did not
apply (which tests failed) and what would decide it (which questions are unanswered), so this module
evaluates the same `rules.ir` trees with Kleene logic: true, false or unknown. The engine checks that the
rules it finds holding are exactly the rules durable_rules fired.

How it is fast enough for a large pack: `engine.decide.plan.Plan` values every distinct test and
sub-condition once per decision with generated code; why a rule failed, and what would decide it, are
read from those values only for the rules the explanation asks about.
"""

from __future__ import annotations

from engine.decide.plan import F, Plan, T, U, compare
from rules.ir import FALSE, TRUE, UNKNOWN, All, Any_, Not, RuleHolds, Test, rule_key

CHAR = (FALSE, UNKNOWN, TRUE)  # integer value -> the status letters shared with `rules`
# value byte -> status letter, for `Evaluation.engine_statuses` (3 is a true value with the floor bit set)
_ENGINE_LETTERS = bytes.maketrans(b"\x00\x01\x02\x03", (FALSE + UNKNOWN + TRUE + TRUE).encode())


class Alternatives(list):
    """In a list of failures, an `any` none of whose alternatives held: each item is the list of failures of
    one alternative (all of which it needs), so that "why not" can say "this or that" rather than listing
    alternatives as if every one were needed."""


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
        self._values: dict[int, tuple] = {}
        self._open_memo: dict[int, tuple] = {}
        self._unit_opens: dict[str, list] = {}

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
        return T if compare(test.op, actual, test.value) else F

    def subject(self, test: Test):
        """``(known, value)`` of what a test reads: an answer or a derived fact."""
        if test.subject.space == "q":
            return test.subject.id in self.answers, self.answers.get(test.subject.id)
        return self.derived(test.subject.id)

    # -- explanations --------------------------------------------------------------------------------
    def failed_tests(self, node) -> list:
        """The leaves that make a false condition false (for "not applied because ..."): the failing tests,
        rule references and negations, left to right, an `any` of several alternatives kept together as
        `Alternatives`. Empty unless the condition is false."""
        if self._value(node) != F:
            return []
        out: list = []
        self._failures(node, out)
        return out

    def _failures(self, node, out: list) -> None:
        kind = type(node)
        if kind is All:
            for item in node.items:
                if self._value(item) == F:
                    self._failures(item, out)
        elif kind is Any_:  # false only when every alternative is
            alternatives = Alternatives()
            for item in node.items:
                failures: list = []
                self._failures(item, failures)
                alternatives.append(failures)
            if len(alternatives) == 1:
                out.extend(alternatives[0])
            else:
                out.append(alternatives)
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
