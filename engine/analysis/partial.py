"""Three-valued evaluation of a pack's conditions over partly chosen answers, for static analysis.

The engine's evaluator (`engine.decide.evaluation`) takes a finished answer set: each question is answered
or not. Static analysis reasons about *every* answer set at once, so here a question can also be still
open (not yet chosen). Any test of an open question is unknown, even an `answered` test, and the
evaluation is monotone: a condition that is true (or false) while some questions are open stays true
(false) however they are answered. That is what makes "can never apply" claims sound.

Once every question a condition depends on is chosen, its value here is exactly the engine's (unknown
included, for a question left unanswered); `tests/engine/analysis/test_partial.py` checks that against the
engine on random answers. Claims that some answer set exists are in any case re-checked with the engine's
own evaluator (`engine.analysis.search.Space.verify`).

A choice is made per *variable*:
  - ``("q", id)`` for a question with one answer: one of its values, or `ABSENT` (left unanswered);
  - ``("answered", id)`` for a list question: whether it is answered at all;
  - ``("has", id, option)`` for a list question: whether the list holds an option that some test names.
Options of a list that no test names cannot change any condition, so they get no variable.
"""

from __future__ import annotations

from typing import Any

from engine.decide.plan import compare
from rules.ir import All, Any_, Not, RuleHolds, Test, rule_key

F, U, T = 0, 1, 2


class _Marker:
    """A named sentinel (shown in witnesses and debug output by its name)."""

    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return self.name


ABSENT = _Marker("unanswered")  # the question is left unanswered
OTHER = _Marker("other text")  # a text answer no condition names (equal to none of the named values)
OTHER_TEXT = "\x00other text"  # how OTHER reads when a derived fact copies it: equal to no text in a pack


class Partial:
    """Values of conditions under one partial choice of answers (``assignment``: variable -> choice).

    `space` is an `engine.analysis.search.Space`: it holds the program's hash-consed conditions, its
    derived facts and the questions. Values are memoised per node for this assignment.
    """

    def __init__(self, space, assignment: dict):
        self.space = space
        self.assignment = assignment
        self._memo: dict = {}
        self._derived: dict = {}

    # -- values -------------------------------------------------------------------------------------------
    def value(self, node) -> int:
        key = id(node)
        found = self._memo.get(key)
        if found is not None:
            return found
        kind = type(node)
        if kind is Test:
            value = self._test(node)
        elif kind is RuleHolds:
            value = self.value(self.space.conditions[rule_key(node.rule_id)])
        elif kind is Not:
            value = T - self.value(node.item)
        elif kind is All:
            value = T
            for item in node.items:
                value = min(value, self.value(item))
                if value == F:
                    break
        elif kind is Any_:
            value = F
            for item in node.items:
                value = max(value, self.value(item))
                if value == T:
                    break
        else:
            raise TypeError(node)
        self._memo[key] = value
        return value

    def _test(self, test: Test) -> int:
        subject = test.subject
        if subject.space == "d":
            known, actual = self.derived(subject.id)
            if not known:
                return U
            return T if compare(test.op, actual, test.value) else F
        question = self.space.questions[subject.id]
        if question.type == "many_of":
            return self._list_test(question.id, test)
        state = self.assignment.get(("q", subject.id))
        if state is None:
            return U
        if test.op == "answered":
            return T if (state is not ABSENT) == bool(test.value) else F
        if state is ABSENT:
            return U
        if state is OTHER:  # a text nobody names: equal to none of them
            return T if test.op in ("ne", "not_in") else F
        return T if compare(test.op, state, test.value) else F

    def _list_test(self, question_id: str, test: Test) -> int:
        answered = self.assignment.get(("answered", question_id))
        if test.op == "answered":
            if answered is None:
                return U
            return T if answered == bool(test.value) else F
        if answered is not True:  # open, or left unanswered: a value test is unknown
            return U
        values = (test.value,) if test.op == "contains" else tuple(test.value)
        members = []
        for option in values:
            held = self.assignment.get(("has", question_id, option))
            members.append(U if held is None else (T if held else F))
        if test.op == "contains_all":
            return min(members, default=T)
        return max(members, default=F)  # contains, contains_any

    def derived(self, derived_id: str):
        """``(known, value)``: the first case that holds gives the value; unknown while an earlier case is."""
        found = self._derived.get(derived_id)
        if found is None:
            spec = self.space.derived[derived_id]
            known, value = True, spec.default
            for key, (how, what) in zip(spec.case_keys, spec.case_values):
                status = self.value(self.space.conditions[key])
                if status == U:
                    known, value = False, None
                    break
                if status == T:
                    if how == "from":
                        known, value = self._answer(what)
                    else:
                        value = what
                    break
            found = self._derived[derived_id] = (known, value)
        return found

    def _answer(self, question_id: str):
        """A copied answer as ``(known, value)``, exact for every answer the choice stands for: a text no
        condition names is copied as `OTHER_TEXT`, and a list as an empty list (a derived fact can only be
        compared with single values, and no list equals one)."""
        question = self.space.questions.get(question_id)
        if question is None:
            return False, None
        if question.type == "many_of":
            return (True, []) if self.assignment.get(("answered", question_id)) is True else (False, None)
        state = self.assignment.get(("q", question_id))
        if state is None or state is ABSENT:
            return False, None
        return True, (OTHER_TEXT if state is OTHER else state)

    # -- what is still open ---------------------------------------------------------------------------------
    def open_variable(self, node) -> Any:
        """A variable not yet chosen whose choice could decide an unknown `node`, or None when no choice can
        (the node is then unknown for good)."""
        if self.value(node) != U:
            return None
        kind = type(node)
        if kind is Test:
            return self._open_in_test(node)
        if kind is RuleHolds:
            return self.open_variable(self.space.conditions[rule_key(node.rule_id)])
        if kind is Not:
            return self.open_variable(node.item)
        for item in node.items:
            found = self.open_variable(item)
            if found is not None:
                return found
        return None

    def _open_in_test(self, test: Test):
        subject = test.subject
        if subject.space == "d":
            return self._open_in_derived(subject.id)
        if self.space.questions[subject.id].type != "many_of":
            variable = ("q", subject.id)
            return variable if variable not in self.assignment else None
        variable = ("answered", subject.id)
        if variable not in self.assignment:
            return variable
        if test.op == "answered" or self.assignment[variable] is not True:
            return None
        for option in (test.value,) if test.op == "contains" else test.value:
            member = ("has", subject.id, option)
            if member not in self.assignment:
                return member
        return None

    def _open_in_derived(self, derived_id: str):
        spec = self.space.derived[derived_id]
        for key, (how, what) in zip(spec.case_keys, spec.case_values):
            condition = self.space.conditions[key]
            status = self.value(condition)
            if status == U:
                return self.open_variable(condition)
            if status == T:
                question = self.space.questions.get(what) if how == "from" else None
                if question is None:
                    return None
                variable = ("answered", what) if question.type == "many_of" else ("q", what)
                return variable if variable not in self.assignment else None
        return None
