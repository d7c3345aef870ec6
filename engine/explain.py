"""The Python evaluator: three-valued status of every rule, and why, over the same compiled conditions.

durable_rules only reports which rules fired. Officers and legal staff also need to know why a rule did not
apply (which tests failed) and what would decide it (which questions are unanswered), so this module walks
the same `rules.ir` trees with Kleene logic: true, false or unknown. The engine checks that the rules it finds
holding are exactly the rules durable_rules fired.
"""
from __future__ import annotations

from rules.ir import FALSE, TRUE, UNKNOWN, All, Any_, Not, RuleHolds, Test


_NEGATE = {TRUE: FALSE, FALSE: TRUE, UNKNOWN: UNKNOWN}
_NONE = ()


class Evaluation:
    """Statuses of every unit of a `program` for one answer set; evaluated lazily and memoised."""

    def __init__(self, program_index, answers: dict):
        self.index = program_index
        self.answers = answers
        self._units = {}
        self._failures = {}
        self._derived = {}
        self._open_memo = {}
        self._unit_opens = {}
        self._values = {}

    # -- units ---------------------------------------------------------------------------------------
    def unit(self, key: str) -> str:
        """A unit's value; its failing tests are kept at the same time for the explanation."""
        found = self._units.get(key)
        if found is None:
            self._units[key] = UNKNOWN  # a guard; cycles are refused at load time
            compiled = self.index.compiled.get(key)
            if compiled is None:
                compiled = self.index.compiled[key] = compile_condition(self.index.conditions[key])
            found, failures = compiled(self)
            self._units[key] = found
            if found == FALSE:
                self._failures[key] = failures
        return found

    def rule_failures(self, rule_id: str) -> list:
        """The tests that made a rule's conditions false (empty unless the rule is false)."""
        key = "rule:" + rule_id
        self.unit(key)
        return self._failures.get(key, ())

    def rule(self, rule_id: str) -> str:
        return self.unit("rule:" + rule_id)

    def statuses(self) -> dict:
        """Every rule's value, by rule id, in pack order."""
        unit = self.unit
        return {rule.id: unit("rule:" + rule.id) for rule in self.index.rules}

    def derived(self, derived_id: str):
        """``(known, value)`` of a derived fact: the first case that holds, unknown while an earlier case is."""
        if derived_id not in self._derived:
            spec = self.index.derived[derived_id]
            result = (True, spec.default)
            for key, (how, what) in zip(spec.case_keys, spec.case_values):
                status = self.unit(key)
                if status == UNKNOWN:
                    result = (False, None)
                    break
                if status == TRUE:
                    if how == "from":
                        result = (what in self.answers, self.answers.get(what))
                    else:
                        result = (True, what)
                    break
            self._derived[derived_id] = result
        return self._derived[derived_id]

    # -- conditions ------------------------------------------------------------------------------------
    def value(self, node) -> str:
        """Three-valued value of any condition (or part of one), through its compiled form."""
        return compile_condition(node, self.index.compiled)(self)[0]

    def subject(self, test: Test):
        if test.subject.space == "q":
            return test.subject.id in self.answers, self.answers.get(test.subject.id)
        return self.derived(test.subject.id)

    def test(self, test: Test) -> str:
        subject = test.subject
        if subject.space == "q":
            answers = self.answers
            known = subject.id in answers
            actual = answers.get(subject.id)
        else:
            known, actual = self.derived(subject.id)
        op, expected = test.op, test.value
        if op == "answered":
            return TRUE if known == bool(expected) else FALSE
        if not known:
            return UNKNOWN
        return TRUE if _compare(op, actual, expected) else FALSE

    # -- explanations --------------------------------------------------------------------------------
    def failed_tests(self, node) -> list:
        """The tests that make a false condition false (for "not applied because ...")."""
        value, failures = compile_condition(node, self.index.compiled)(self)
        return list(failures) if value == FALSE else []

    def open_questions(self, node) -> list:
        """Questions whose answers could still decide an unknown condition, in the order they are read.

        Memoised per condition: the explanation, `missing` and the moot-rule check all ask for the same rules.
        """
        key = id(node)
        out = self._open_memo.get(key)
        if out is None:
            out = self._open_memo[key] = []
            self._open(node, out, set())
        return out

    def _memo_value(self, node) -> str:
        """`value`, remembered per node: the open-question walk asks again at every level of a tree.
        Sub-conditions are compiled on first use, like whole units."""
        key = id(node)
        found = self._values.get(key)
        if found is None:
            found = self._values[key] = self.value(node)
        return found

    def _open(self, node, out, seen_units):
        if self._memo_value(node) != UNKNOWN:
            return
        if isinstance(node, (All, Any_)):
            for item in node.items:
                self._open(item, out, seen_units)
        elif isinstance(node, Not):
            self._open(node.item, out, seen_units)
        elif isinstance(node, RuleHolds):
            self._extend(out, self._unit_open(f"rule:{node.rule_id}", seen_units))
        elif isinstance(node, Test):
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
        if isinstance(actual, bool) != isinstance(expected, bool) or isinstance(actual, str) != isinstance(expected, str):
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
        return {"lt": actual < expected, "le": actual <= expected, "gt": actual > expected, "ge": actual >= expected}[op]
    raise ValueError(op)


# -- compiled conditions ------------------------------------------------------------------------------
# Kleene's three-valued logic (true, false, unknown) over `rules.ir` trees, with the dispatch on node type and
# operator done once per condition instead of once per decision. Every evaluation above goes through these.

def compile_condition(node, registry: dict | None = None):
    """A function ``f(evaluation) -> (value, failing leaves)``; the leaves matter only when the value is false.

    With a `registry`, the function for every sub-condition is kept there under ``id(node)`` too, so that
    the explanation walks reuse them instead of compiling on demand.
    """
    if registry is not None:
        found = registry.get(id(node))
        if found is None:
            found = registry[id(node)] = _compile_node(node, registry)
        return found
    return _compile_node(node, None)


def _compile_node(node, registry):
    kind = type(node)
    if kind is Test:
        return _compile_test(node)
    if kind is All:
        parts = tuple(compile_condition(item, registry) for item in node.items)

        def all_(ev):
            result, failures = TRUE, _NONE
            for part in parts:
                value, failed = part(ev)
                if value == FALSE:
                    result = FALSE
                    failures = failures + failed
                elif value == UNKNOWN and result == TRUE:
                    result = UNKNOWN
            return result, failures
        return all_
    if kind is Any_:
        parts = tuple(compile_condition(item, registry) for item in node.items)

        def any_(ev):
            result, failures = FALSE, _NONE
            for part in parts:
                value, failed = part(ev)
                if value == TRUE:
                    return TRUE, _NONE
                if value == UNKNOWN:
                    result = UNKNOWN
                failures = failures + failed
            return result, failures
        return any_
    if kind is Not:
        inner = compile_condition(node.item, registry)
        failing = (node,)

        def not_(ev):
            value = _NEGATE[inner(ev)[0]]
            return value, (failing if value == FALSE else _NONE)
        return not_
    if kind is RuleHolds:
        key, failing = f"rule:{node.rule_id}", (node,)

        def holds(ev):
            value = ev.unit(key)
            return value, (failing if value == FALSE else _NONE)
        return holds
    raise TypeError(node)


def _compile_test(test: Test):
    op, expected, failing = test.op, test.value, (test,)
    subject = test.subject
    if op == "answered":
        wanted = bool(expected)
        qid = subject.id

        def answered(ev):
            value = TRUE if (qid in ev.answers) == wanted else FALSE
            return value, (failing if value == FALSE else _NONE)
        return answered
    check = _checker(op, expected)
    if subject.space == "q":
        qid = subject.id

        def question_test(ev):
            answers = ev.answers
            if qid not in answers:
                return UNKNOWN, _NONE
            return (TRUE, _NONE) if check(answers[qid]) else (FALSE, failing)
        return question_test
    derived_id = subject.id

    def derived_test(ev):
        known, actual = ev.derived(derived_id)
        if not known:
            return UNKNOWN, _NONE
        return (TRUE, _NONE) if check(actual) else (FALSE, failing)
    return derived_test


def _checker(op, expected):
    """A one-argument predicate for the answer, specialised for the common operators."""
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
