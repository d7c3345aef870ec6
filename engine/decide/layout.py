"""What the advice needs of one compiled program that does not change between decisions.

Built once per program (when `engine.policy` compiles it), so that a decision only looks things up: each
rule's hash-consed condition, the fixed part of its explanation entry, the rules by kind and layer, and
the describer that words conditions.
"""

from __future__ import annotations

from engine.decide.describe import Describer
from engine.decide.plan import compare
from engine.decide.wording import Wording
from engine.vocabulary import LAYERS, PERMISSIVE_KINDS, RESTRICTIVE_KINDS, UNSURE
from rules.ir import RuleHolds, Test, rule_key, walk


class AdviceLayout:
    """What the advice needs of one compiled program that does not change between decisions: each rule's
    (hash-consed) condition, the fixed part of its explanation entry, and the describer that words it."""

    def __init__(self, pack, index):
        self.rules = index.rules
        self.conditions = {rule.id: index.conditions[rule_key(rule.id)] for rule in index.rules}
        # (rule id, the fixed part of its explanation entry, its condition), in pack order
        self.explained = tuple(
            (
                rule.id,
                {
                    "rule_id": rule.id,
                    "title": rule.title,
                    "kind": rule.kind,
                    "outcome": None,
                    "because": None,
                    "citation": rule.citation,
                    "url": rule.url,
                    "note": rule.note,
                },
                self.conditions[rule.id],
            )
            for rule in index.rules
        )
        self.by_id = {rule.id: rule for rule in index.rules}
        self.position = {rule.id: i for i, rule in enumerate(index.rules)}
        self.permissive_ids = frozenset(r.id for r in index.rules if r.kind in PERMISSIVE_KINDS)
        self.restrictive_ids = frozenset(r.id for r in index.rules if r.kind in RESTRICTIVE_KINDS)
        self.bars = [r for r in index.rules if r.kind == "bar"]
        self.layers = {
            number: (
                tuple(r for r in index.rules if r.layer == number),
                frozenset(r.id for r in index.rules if r.layer == number),
            )
            for number in LAYERS
        }
        self.questions = {q.id: q for q in pack.questions}
        self.question_order = {q.id: i for i, q in enumerate(pack.questions)}
        self.ask_when = index.ask_when
        self.wording = Wording(pack.wording)
        self.describer = Describer(
            self.questions, {d.id: d for d in pack.derived}, {r.id: r for r in index.rules}, self.wording
        )
        self.unsure_questions = _unsure_questions(index)
        self.questions_behind = _questions_behind(index)
        self.permissive_questions = frozenset().union(
            *(self.questions_behind[r.id] for r in index.rules if r.kind in PERMISSIVE_KINDS)
        )
        # rules that act only on the items they name: bars that withhold or refer them (and set nothing
        # aside, decide nothing), and redactions
        self.item_scoped = {
            r.id: frozenset(r.applies_to)
            for r in index.rules
            if r.applies_to is not None
            and (r.kind == "redaction" or (r.kind == "bar" and r.effect != "stop" and not r.decides and not r.blocks))
        }
        self.defaulted = tuple(q for q in pack.questions if q.has_default)
        self.scopes = index.scopes
        # question id -> the rules that read it (directly, or through derived facts and other rules)
        readers: dict = {}
        for rule_id, questions in self.questions_behind.items():
            for question_id in questions:
                readers.setdefault(question_id, set()).add(rule_id)
        self.readers = {question_id: frozenset(ids) for question_id, ids in readers.items()}
        self.actionable = tuple(q for q in pack.questions if q.next_steps)
        categories = self.questions.get("data_categories")
        self.identifying = (
            frozenset(o.id for o in categories.options if o.identifies_only) if categories else frozenset()
        )
        self.identity_alone_fact = pack.identity_alone_fact


def _questions_behind(index) -> dict:
    """Rule id -> every question its condition reads, directly or through derived facts and the rules it
    refers to: the answers that could change whether it applies (the next-steps search tries only these)."""
    memo: dict = {}

    def reads(key) -> frozenset:
        found = memo.get(key)
        if found is None:
            memo[key] = frozenset()  # the pack's checks refuse cycles; this only stops a repeat visit
            out: set = set()
            for node in walk(index.conditions[key]):
                if isinstance(node, Test) and node.subject.space == "q":
                    out.add(node.subject.id)
                elif isinstance(node, Test):
                    spec = index.derived[node.subject.id]
                    for case, (how, what) in zip(spec.case_keys, spec.case_values):
                        out |= reads(case)
                        if how == "from":
                            out.add(what)
                elif isinstance(node, RuleHolds):
                    out |= reads(rule_key(node.rule_id))
            found = memo[key] = frozenset(out)
        return found

    return {rule.id: reads(rule_key(rule.id)) for rule in index.rules}


def _unsure_questions(index) -> dict:
    """Rule id -> the questions whose answer "unsure" makes one of the rule's own tests true (so that, when
    the rule applies and the answer was "unsure", the advice can say that this is why). Only the rule's own
    tests count: a rule it refers to, or a derived fact, may read the answer for other reasons."""
    out = {}
    for rule in index.rules:
        found = set()
        for node in walk(index.conditions[rule_key(rule.id)]):
            own_test = isinstance(node, Test) and node.subject.space == "q" and node.op != "answered"
            if own_test and compare(node.op, UNSURE, node.value):
                found.add(node.subject.id)
        out[rule.id] = frozenset(found)
    return out


def prepare(pack, index) -> None:
    """Lay out a compiled program for advice now (`engine.policy` does it when it builds the program, so the
    layout is frozen with the pack and the first decision does not pay for it)."""
    layout_for(pack, index)


def layout_for(pack, index) -> AdviceLayout:
    layout = index.advice
    if layout is None:  # one per compiled program, so its memory of rule texts is reused
        layout = index.advice = AdviceLayout(pack, index)
    return layout
