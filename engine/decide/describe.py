"""Plain-English descriptions of conditions, for the "because" of every explanation entry.

The joining words ("is one of", "and", "not ...") come from the pack's `wording.conditions`.
"""

from __future__ import annotations

from engine.decide.wording import Wording
from rules.ir import All, Not, RuleHolds, Test


class Describer:
    """Knows the pack's questions, derived facts and rules, so that ids read as words."""

    def __init__(self, questions: dict, derived: dict, rules: dict, wording: Wording):
        self.questions = questions
        self.derived = derived
        self.rules = rules
        self.words = wording.condition
        self._nodes: dict = {}
        self._tests: dict = {}

    def subject(self, test: Test) -> str:
        if test.subject.space == "d":
            derived = self.derived.get(test.subject.id)
            return derived.title if derived else test.subject.id
        return test.subject.id.replace("_", " ")

    def value(self, test: Test, value) -> str:
        if isinstance(value, (list, tuple)):
            return ", ".join(self.value(test, v) for v in value)
        question = self.questions.get(test.subject.id) if test.subject.space == "q" else None
        if question is not None:
            return question.label_for(value)
        if value is True:
            return self.words("yes")
        if value is False:
            return self.words("no")
        return str(value)

    def test(self, test: Test, actual=None, answered: bool = False) -> str:
        """One test in words, with the actual answer when `answered`; memoised (answers repeat a lot).

        For list answers (the data categories) the failing test already says what is missing or present,
        so the whole list is not repeated.
        """
        if isinstance(actual, list):
            actual, answered = None, False
        key = (id(test), answered, actual)
        text = self._tests.get(key)
        if text is None:
            if len(self._tests) > 50_000:
                self._tests.clear()
            text = self._tests[key] = self._test(test, actual, answered)
        return text

    def _test(self, test: Test, actual, answered: bool) -> str:
        if test.op == "answered":
            text = f"{self.subject(test)} {self.words('answered' if test.value else 'not_answered')}"
        else:
            text = f"{self.subject(test)} {self.words(test.op)} {self.value(test, test.value)}"
        if answered:
            text += " " + self.words("actual", answer=self.value(test, actual))
        return text

    def node(self, node) -> str:
        """The whole condition in words; memoised, since a rule's conditions do not change."""
        key = id(node)
        text = self._nodes.get(key)
        if text is None:
            text = self._nodes[key] = self._node(node)
        return text

    def _node(self, node) -> str:
        if isinstance(node, Test):
            return self.test(node)
        if isinstance(node, RuleHolds):
            rule = self.rules.get(node.rule_id)
            return self.words("rule_applies", rule=node.rule_id, title=rule.title if rule else node.rule_id)
        if isinstance(node, Not):
            return self.words("negation", condition=self.node(node.item))
        joiner = f" {self.words('and' if isinstance(node, All) else 'or')} "
        parts = [self.node(item) for item in node.items]
        if not parts:
            return self.words("always" if isinstance(node, All) else "never")
        return joiner.join(parts) if len(parts) == 1 else "(" + joiner.join(parts) + ")"
