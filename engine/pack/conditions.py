"""Parse YAML conditions into `rules.ir` trees, checking every reference and value as we go.

A condition names questions, their options, derived facts and other rules; every one of those must exist
and fit its type, or the pack is rejected with the line of the offending test and a "did you mean".
"""

from __future__ import annotations

from engine.problems import did_you_mean
from engine.vocabulary import yes_no_problem
from rules.ir import All, Any_, Not, Ref, RuleHolds, Test

_SET_OPS = {"in", "not_in", "contains_any", "contains_all"}
_LIST_OPS = {"contains", "contains_any", "contains_all"}
_NUMBER_OPS = {"lt", "le", "gt", "ge"}
_SCALAR_OPS = {"eq", "ne", "in", "not_in"}


class ConditionParser:
    """Builds condition trees for one pack. `report(path, message)` records a problem at a YAML path."""

    def __init__(self, questions: dict, derived_values: dict, rule_ids: set, report):
        self.questions = questions
        self.derived_values = derived_values  # derived id -> set of possible values, or None if open
        self.rule_ids = rule_ids
        self.report = report

    def parse(self, raw, path, lines):
        line = lines.line(path)
        if not isinstance(raw, dict) or len(raw) != 1:
            self.report(path, "a condition is a mapping with exactly one key (a question, all, any, not or rule)")
            return All((), line)
        ((key, value),) = raw.items()
        if key in ("all", "any"):
            if not isinstance(value, list) or not value:
                self.report(path + (key,), f"'{key}' takes a list of conditions")
                return All((), line)
            items = tuple(self.parse(item, path + (key, i), lines) for i, item in enumerate(value))
            return All(items, line) if key == "all" else Any_(items, line)
        if key == "not":
            return Not(self.parse(value, path + (key,), lines), line)
        if key == "rule":
            if value not in self.rule_ids:
                self.report(path + (key,), f"unknown rule '{value}'{did_you_mean(value, self.rule_ids)}")
            return RuleHolds(str(value), line)
        return self._test(key, value, path + (key,), lines.line(path + (key,)))

    def _test(self, subject_id, spec, path, line):
        if isinstance(spec, dict) and len(spec) == 1:
            ((op, value),) = spec.items()
        else:
            op, value = "eq", spec
        question = self.questions.get(subject_id)
        if question is not None:
            return self._question_test(question, op, value, path, line)
        if subject_id in self.derived_values:
            return self._derived_test(subject_id, op, value, path, line)
        names = list(self.questions) + list(self.derived_values)
        self.report(path, f"unknown question or derived fact '{subject_id}'{did_you_mean(subject_id, names)}")
        return Test(Ref("q", str(subject_id)), "eq", value, line)

    def _question_test(self, question, op, value, path, line):
        ref = Ref("q", question.id)
        qtype = question.type
        if op == "answered":
            return Test(ref, op, bool(value), line)
        if qtype == "many_of":
            if op not in _LIST_OPS:
                self.report(
                    path, f"'{question.id}' is a list of options: test it with contains, contains_any or contains_all"
                )
                return Test(ref, "contains_any", (), line)
        elif op in _LIST_OPS:
            self.report(path, f"'{op}' works only on list questions; '{question.id}' takes one answer")
        if op in _NUMBER_OPS and qtype != "number":
            self.report(path, f"'{op}' compares numbers; '{question.id}' is not a number question")
        values = value if op in _SET_OPS else [value]
        if op in _SET_OPS and not isinstance(value, list):
            self.report(path, f"'{op}' takes a list of values")
            values = [value]
        checked = tuple(self._check_value(question, v, path) for v in values)
        return Test(ref, op, checked if op in _SET_OPS else checked[0], line)

    def _check_value(self, question, value, path):
        qtype = question.type
        if qtype in ("one_of", "many_of"):
            ids = [o.id for o in question.options]
            if not isinstance(value, str):
                hint = " (quote it)" if str(value) in ids else ""
                self.report(path, f"'{question.id}' options are text; got {value!r}{hint}")
                return str(value)
            if value not in ids:
                self.report(path, f"'{value}' is not an option of '{question.id}'{did_you_mean(value, ids)}")
            return value
        if qtype == "bool":
            problem = yes_no_problem(question, value)
            if problem:
                self.report(path, f"'{question.id}': {problem}")
            return value
        if qtype == "number" and (isinstance(value, bool) or not isinstance(value, (int, float))):
            self.report(path, f"'{question.id}' is a number; got {value!r}")
        if qtype == "text" and not isinstance(value, str):
            self.report(path, f"'{question.id}' is text; got {value!r} (quote it)")
            return str(value)
        return value

    def _derived_test(self, derived_id, op, value, path, line):
        ref = Ref("d", derived_id)
        if op not in _SCALAR_OPS:
            self.report(path, f"derived fact '{derived_id}' can be tested with eq, ne, in or not_in, not '{op}'")
        values = value if isinstance(value, list) else [value]
        possible = self.derived_values.get(derived_id)
        if possible is not None:
            for v in values:
                if v not in possible:
                    shown = sorted(map(str, possible))
                    self.report(path, f"derived fact '{derived_id}' never has the value {v!r}{did_you_mean(v, shown)}")
        return Test(ref, op, tuple(values) if op in _SET_OPS else value, line)


def references(condition):
    """The rule ids and derived-fact ids a condition reads: ``(rules, derived)``."""
    from rules.ir import walk

    rules, derived = set(), set()
    for node in walk(condition):
        if isinstance(node, RuleHolds):
            rules.add(node.rule_id)
        elif isinstance(node, Test) and node.subject.space == "d":
            derived.add(node.subject.id)
    return rules, derived
