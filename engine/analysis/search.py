"""Searching the answer sets of a pack: find one that meets some constraints, or prove that none does.

A `Space` is a pack bound to an as-at date, with the finite choices each question offers to its conditions:
its options in force (or yes, no and unsure), the texts and numbers the conditions name plus one
representative of everything else, and "left unanswered". Every answer set behaves, for every condition,
like one of these choices, so a search over them is a search over every answer set.

`Search` is a depth-first search with three-valued pruning (`engine.analysis.partial`): it chooses only
questions that an undecided constraint still depends on, and abandons a branch as soon as a constraint is
definitely broken. It has a budget; a search that runs out of budget proves nothing, and the callers
then make no claim.

Two uses:
  - *proofs* ("no answer set makes this rule hold while that bar does not"): the search is exhaustive, and
    once every question a condition depends on is chosen the evaluation is exactly the engine's, so a
    search that finds nothing (within its budget) proves the claim;
  - *witnesses* ("these two grounds can both apply"): a found answer set is made concrete and also checked
    with the engine's own evaluator (`Space.verify`) before anything is claimed.
"""

from __future__ import annotations

import datetime as dt
import re

from engine.analysis.partial import ABSENT, OTHER, Partial, U
from engine.decide.evaluation import Evaluation
from engine.decide.program import build_index, rules_in_force
from engine.problems import AnswerError
from engine.sampling import value_space
from rules.ir import RuleHolds, Test, rule_key, walk

DEFAULT_BUDGET = 20_000  # search nodes; far more than any search on the bundled pack needs


class Space:
    """A pack on one as-at date, with the choices each question offers to the pack's conditions."""

    def __init__(self, pack, as_at: dt.date):
        self.pack = pack
        self.as_at = as_at
        self.rules = rules_in_force(pack.data, as_at)
        self.index = build_index(pack.data, self.rules)
        self.conditions = self.index.conditions
        self.derived = self.index.derived
        self.questions = {q.id: q for q in pack.questions}
        self.in_force = {q.id for q in pack.questions if q.in_force.covers(as_at)}
        self._named: dict = {}  # question id (or "" for derived facts) -> values the conditions name
        for condition in list(self.conditions.values()) + list(self.index.ask_when.values()):
            for node in walk(condition):
                if type(node) is Test and node.op != "answered":
                    values = node.value if isinstance(node.value, tuple) else (node.value,)
                    key = node.subject.id if node.subject.space == "q" else ""
                    self._named.setdefault(key, set()).update(values)
        self._domains: dict = {}

    def condition(self, rule_id: str):
        return self.conditions[rule_key(rule_id)]

    def may_be_moot(self, condition) -> bool:
        """Whether a condition reads, directly or through derived facts and other rules, a question that has
        an `ask_when`. Only such a rule can be left undecided by a question that is not asked, which the
        engine then treats as not applying (`engine.decide.missing.moot_rules`)."""
        seen: set = set()
        pending = [condition]
        while pending:
            for node in walk(pending.pop()):
                if type(node) is RuleHolds:
                    key = rule_key(node.rule_id)
                    if key not in seen:
                        seen.add(key)
                        pending.append(self.conditions[key])
                elif type(node) is Test and node.subject.space == "d" and node.subject.id not in seen:
                    seen.add(node.subject.id)
                    spec = self.derived[node.subject.id]
                    pending += [self.conditions[key] for key in spec.case_keys]
                    for how, what in spec.case_values:
                        question = self.questions.get(what) if how == "from" else None
                        if question is not None and question.ask_when is not None:
                            return True
                elif type(node) is Test and node.subject.space == "q":
                    question = self.questions.get(node.subject.id)
                    if question is not None and question.ask_when is not None:
                        return True
        return False

    def domain(self, variable) -> list:
        """Every choice a variable offers, "left unanswered" first."""
        found = self._domains.get(variable)
        if found is None:
            found = self._domains[variable] = self._domain(variable)
        return found

    def _domain(self, variable) -> list:
        question = self.questions[variable[1]]
        if question.id not in self.in_force:
            return [ABSENT] if variable[0] == "q" else [False]
        if variable[0] == "answered":
            return [False, True]
        if variable[0] == "has":
            option = question.option(variable[2])
            return [False, True] if option is not None and option.in_force.covers(self.as_at) else [False]
        # A text or number may be copied into a derived fact, so the values derived facts are compared with
        # count as named too: every value outside the named ones then behaves alike everywhere.
        named = self._named.get(question.id, set()) | self._named.get("", set())
        if question.type == "text":
            texts = sorted(v for v in named if isinstance(v, str))
            return [ABSENT] + [v for v in texts if re.fullmatch(question.pattern, v)] + [OTHER]
        if question.type == "number":
            return [ABSENT] + _number_representatives(named)
        return [ABSENT] + value_space(question, self.as_at)

    # -- concrete answer sets and the engine's verdict ---------------------------------------------------------
    def answers(self, assignment: dict) -> dict | None:
        """A concrete answer set for a (partial) assignment: open questions are left unanswered. None when the
        assignment cannot be written as answers (a list with nothing in it, a text with no example)."""
        out: dict = {}
        for question_id in sorted(self.in_force):
            question = self.questions[question_id]
            if question.type == "many_of":
                if assignment.get(("answered", question_id)) is not True:
                    continue
                held = [
                    o.id
                    for o in question.options
                    if assignment.get(("has", question_id, o.id)) is True and o.in_force.covers(self.as_at)
                ]
                if not held:
                    spare = [
                        o.id
                        for o in question.options
                        if o.in_force.covers(self.as_at) and ("has", question_id, o.id) not in assignment
                    ]
                    if not spare:
                        return None
                    held = [spare[0]]
                out[question_id] = held
                continue
            state = assignment.get(("q", question_id))
            if state is None or state is ABSENT:
                continue
            if state is OTHER:
                named = self._named.get(question_id, set()) | self._named.get("", set())
                examples = [v for v in value_space(question, self.as_at) if v not in named]
                if not examples:
                    return None
                state = examples[0]
            out[question_id] = state
        return out

    def evaluation(self, answers: dict) -> Evaluation | None:
        """The engine's own evaluation of an answer set, after dropping answers to questions that would not
        be asked (as the questionnaire does); None if the engine refuses the answers."""
        try:
            clean = self.pack.check(answers, self.as_at)
            relevant = self.pack.relevant_answers(clean, self.as_at)
        except AnswerError:
            return None
        return Evaluation(self.index, relevant)

    def verify(self, answers: dict, statuses: dict) -> bool:
        """Whether the engine gives each rule (by id) the wanted status ("T", "F" or "U")."""
        evaluation = self.evaluation(answers)
        return evaluation is not None and all(evaluation.rule(r) == s for r, s in statuses.items())


def _number_representatives(named) -> list:
    """One number for each stretch between (and at) the thresholds the conditions name."""
    points = sorted({v for v in named if isinstance(v, (int, float)) and not isinstance(v, bool)})
    if not points:
        return [0]
    out = [points[0] - 1]
    for low, high in zip(points, points[1:]):
        out += [low, (low + high) / 2]
    return out + [points[-1], points[-1] + 1]


class Search:
    """Depth-first search for assignments under which every constraint's value is allowed.

    `constraints` is a list of ``(condition, allowed values)`` (values 0 false, 1 unknown, 2 true); `fixed`
    presets some variables. `leaves()` yields assignments under which no constraint can change any more;
    `over_budget` tells a caller that stopped seeing leaves whether the search was cut short.
    """

    def __init__(self, space: Space, constraints: list, fixed: dict | None = None, budget: int = DEFAULT_BUDGET):
        self.space = space
        self.constraints = constraints
        self.fixed = dict(fixed or {})
        self.budget = budget
        self.nodes = 0
        self.over_budget = False

    def leaves(self):
        yield from self._walk(self.fixed)

    def _walk(self, assignment: dict):
        self.nodes += 1
        if self.nodes > self.budget:
            self.over_budget = True
            return
        partial = Partial(self.space, assignment)
        branch_on = None
        for condition, allowed in self.constraints:
            value = partial.value(condition)
            if value != U:
                if value not in allowed:
                    return
                continue
            variable = partial.open_variable(condition)
            if variable is None:
                if U not in allowed:
                    return
            elif branch_on is None:
                branch_on = variable
        if branch_on is None:
            yield assignment
            return
        for choice in self.space.domain(branch_on):
            yield from self._walk({**assignment, branch_on: choice})
            if self.over_budget:
                return


def proves_none(space: Space, constraints: list, fixed: dict | None = None) -> bool:
    """True only when the search is complete and no assignment meets the constraints."""
    search = Search(space, constraints, fixed)
    return next(search.leaves(), None) is None and not search.over_budget


def find_witness(space: Space, constraints: list, statuses: dict, fixed: dict | None = None, tries: int = 50):
    """A concrete answer set meeting the constraints, confirmed by the engine (each rule of `statuses` has
    the wanted status), or None."""
    search = Search(space, constraints, fixed)
    for n, assignment in enumerate(search.leaves()):
        if n >= tries:
            return None
        answers = space.answers(assignment)
        if answers is not None and space.verify(answers, statuses):
            return answers
    return None
