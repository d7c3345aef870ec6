"""The Python evaluator: three-valued status of every rule, and why, over the same compiled conditions.

durable_rules only reports which rules fired. Officers and legal staff also need to know why a rule did not
apply (which tests failed) and what would decide it (which questions are unanswered), so this module walks
the same `rules.ir` trees with Kleene logic: true, false or unknown. The engine checks that the rules it finds
holding are exactly the rules durable_rules fired.
"""
from __future__ import annotations

from rules.ir import FALSE, TRUE, UNKNOWN, All, Any_, Not, RuleHolds, Test


class Evaluation:
    """Statuses of every unit of a `program` for one answer set; evaluated lazily and memoised."""

    def __init__(self, program_index, answers: dict):
        self.index = program_index
        self.answers = answers
        self._units = {}
        self._derived = {}
        self._values = {}

    # -- units ---------------------------------------------------------------------------------------
    def unit(self, key: str) -> str:
        if key not in self._units:
            self._units[key] = UNKNOWN  # a guard; cycles are refused at load time
            self._units[key] = self.value(self.index.conditions[key])
        return self._units[key]

    def rule(self, rule_id: str) -> str:
        return self.unit(f"rule:{rule_id}")

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
        """Three-valued value of a condition node, memoised per node (explanations ask repeatedly)."""
        key = id(node)
        cached = self._values.get(key)
        if cached is None:
            cached = self._values[key] = self._value(node)
        return cached

    def _value(self, node) -> str:
        if isinstance(node, All):
            result = TRUE
            for item in node.items:
                v = self.value(item)
                if v == FALSE:
                    return FALSE
                if v == UNKNOWN:
                    result = UNKNOWN
            return result
        if isinstance(node, Any_):
            result = FALSE
            for item in node.items:
                v = self.value(item)
                if v == TRUE:
                    return TRUE
                if v == UNKNOWN:
                    result = UNKNOWN
            return result
        if isinstance(node, Not):
            return {TRUE: FALSE, FALSE: TRUE, UNKNOWN: UNKNOWN}[self.value(node.item)]
        if isinstance(node, RuleHolds):
            return self.rule(node.rule_id)
        if isinstance(node, Test):
            return self.test(node)
        raise TypeError(node)

    def subject(self, test: Test):
        if test.subject.space == "q":
            return test.subject.id in self.answers, self.answers.get(test.subject.id)
        return self.derived(test.subject.id)

    def test(self, test: Test) -> str:
        known, actual = self.subject(test)
        op, expected = test.op, test.value
        if op == "answered":
            return TRUE if known == bool(expected) else FALSE
        if not known:
            return UNKNOWN
        return TRUE if _compare(op, actual, expected) else FALSE

    # -- explanations --------------------------------------------------------------------------------
    def failed_tests(self, node) -> list:
        """The tests that make a false condition false (for "not applied because ...")."""
        if self.value(node) != FALSE:
            return []
        if isinstance(node, All):
            out = []
            for item in node.items:
                if self.value(item) == FALSE:
                    out.extend(self.failed_tests(item))
            return out
        if isinstance(node, Any_):
            out = []
            for item in node.items:
                out.extend(self.failed_tests(item))
            return out
        return [node]

    def open_questions(self, node) -> list:
        """Questions whose answers could still decide an unknown condition, in the order they are read."""
        out = []
        self._open(node, out, set())
        return out

    def _open(self, node, out, seen_units):
        if self.value(node) != UNKNOWN:
            return
        if isinstance(node, (All, Any_)):
            for item in node.items:
                self._open(item, out, seen_units)
        elif isinstance(node, Not):
            self._open(node.item, out, seen_units)
        elif isinstance(node, RuleHolds):
            key = f"rule:{node.rule_id}"
            if key not in seen_units:
                seen_units.add(key)
                self._open(self.index.conditions[key], out, seen_units)
        elif isinstance(node, Test):
            if node.subject.space == "q":
                if node.subject.id not in out:
                    out.append(node.subject.id)
            else:
                spec = self.index.derived[node.subject.id]
                for key, (how, what) in zip(spec.case_keys, spec.case_values):
                    status = self.unit(key)
                    if status == UNKNOWN:
                        if key not in seen_units:
                            seen_units.add(key)
                            self._open(self.index.conditions[key], out, seen_units)
                        break
                    if status == TRUE:
                        if how == "from" and what not in self.answers and what not in out:
                            out.append(what)
                        break


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
