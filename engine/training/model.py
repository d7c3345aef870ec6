"""The model answer: the pack's advice on the brief's own answers, read for marking.

Marking needs more than the advice's outcomes: each piece of feedback cites the rules that decide the
model's answer. The advice names those rules in its `explanation` (id, kind, outcome, title, citation, url,
note) and its `lawful_bases`; its `items` carry only reasons and citations. An item's rules are found as the
applied rules whose citation is among the item's citations and whose title ends one of its reasons (the
advice words each reason "<what>: <rule title>."). Effects of bars (withhold, refer, stop) and whether a
referral decides are read from the pack's rules in force on the brief's date.
"""

from __future__ import annotations

import datetime as dt

from engine.decide.program import rules_in_force
from engine.vocabulary import (
    APPLIED,
    DO_NOT_SHARE,
    ITEM_REDACTED,
    ITEM_REFER,
    ITEM_SHARE,
    ITEM_SHARED,
    ITEM_WITHHOLD,
    REFER,
    SHARE,
    SHARE_WITH_CONDITIONS,
)
from rules.ir import Test, walk

# For each outcome of an item, the kinds of rule that make it that outcome, most telling first.
DECIDING_KINDS = {
    ITEM_SHARE: ("ground",),
    ITEM_REDACTED: ("redaction", "ground"),
    ITEM_REFER: ("bar",),
    ITEM_WITHHOLD: ("bar",),
}
HARD_STOP_EFFECTS = ("withhold", "stop")
SAFEGUARD = "safeguard"  # the kind of the engine's own explanation entries (unsure guard, self-check)


class ModelAnswer:
    """The pack's advice for a brief, with the rules behind each of its parts."""

    def __init__(self, pack, advice: dict, as_at: dt.date):
        self.advice = advice
        self.decision: str = advice["decision"]
        self.items = {item["category"]: item for item in advice["items"]}
        self.outcomes = {category: item["outcome"] for category, item in self.items.items()}
        self.rules = {rule.id: rule for rule in rules_in_force(pack, as_at)}
        self.entries = {entry["rule_id"]: entry for entry in advice["explanation"]}
        self.applied = [entry for entry in advice["explanation"] if entry["outcome"] == APPLIED]

    # -- what the model shares -------------------------------------------------------------------------
    @property
    def powers(self) -> list:
        """The applied powers (the grounds among the lawful bases), as their explanation entries."""
        return [self.entries[b["id"]] for b in self.advice["lawful_bases"] if self._kind(b["id"]) == "ground"]

    def shares_anything(self) -> bool:
        return any(outcome in ITEM_SHARED for outcome in self.outcomes.values())

    # -- the rules behind it ---------------------------------------------------------------------------
    def item_rules(self, category: str) -> list:
        """The applied rules named in the item's reasons and citations, in the advice's order."""
        item = self.items.get(category)
        if item is None:
            return []
        citations, reasons = set(item["citations"]), item["reasons"]
        return [
            entry
            for entry in self.applied
            if entry["citation"] in citations and any(r.endswith(f": {entry.get('title')}.") for r in reasons)
        ]

    def deciding_item_rules(self, category: str) -> list:
        """The rules that make the item's outcome what it is: the bars that withhold it or send it for
        referral, the redactions (then the powers) for a redacted item, the powers for a shared one. An
        item withheld because no applied power covers it cites those powers (their `covers` leave it out);
        one withheld because no power applies at all cites nothing (the advice's reasons say so)."""
        outcome = self.outcomes.get(category)
        behind = self.item_rules(category)
        kinds = DECIDING_KINDS.get(outcome or "", ())
        found = [entry for kind in kinds for entry in behind if entry["kind"] == kind]
        if outcome == ITEM_WITHHOLD and not found:  # withheld for want of a power: the powers that do not cover it
            found = [p for p in self.powers if category not in (self.rules[p["rule_id"]].covers or (category,))]
        return found

    def hard_stops(self, category: str) -> list:
        """The applied bars with effect withhold or stop that withhold this item (empty unless it is
        withheld because of one)."""
        if self.outcomes.get(category) != ITEM_WITHHOLD:
            return []
        return [e for e in self.deciding_item_rules(category) if self._effect(e["rule_id"]) in HARD_STOP_EFFECTS]

    def stop_bars(self) -> list:
        """The applied bars whose effect is stop (nothing may be shared)."""
        return [e for e in self.applied if e["kind"] == "bar" and self._effect(e["rule_id"]) == "stop"]

    def decision_rules(self) -> list:
        """The rules that make the decision what it is.

        do_not_share: the stop bars, else the rules that withhold each item; refer: the referrals that
        decide, the bars sending items for referral and the engine's safeguards; share_with_conditions:
        the powers, the conditions and whatever limits an item; share: the powers."""
        found: list = []
        if self.decision == DO_NOT_SHARE:
            found = self.stop_bars() or self._limiting_item_rules()
        elif self.decision == REFER:
            found = [
                e
                for e in self.applied
                if (e["kind"] == "referral" and self._decides(e["rule_id"])) or e["kind"] == SAFEGUARD
            ]
            found += self._limiting_item_rules(only=(ITEM_REFER,))
        elif self.decision == SHARE_WITH_CONDITIONS:
            conditions = [e for e in self.applied if e["kind"] == "condition"]
            found = self.powers + conditions + self._limiting_item_rules()
        elif self.decision == SHARE:
            found = self.powers
        return _unique(found)

    def rules_reading(self, question_id: str) -> list:
        """The applied rules whose own condition tests the answer to `question_id` (not through another
        rule or a derived fact), e.g. the rules that apply because life is at risk."""
        out = []
        for entry in self.applied:
            rule = self.rules.get(entry["rule_id"])
            if rule is not None and any(
                isinstance(node, Test) and node.subject.space == "q" and node.subject.id == question_id
                for node in walk(rule.condition)
            ):
                out.append(entry)
        return out

    # -- helpers -----------------------------------------------------------------------------------------
    def _limiting_item_rules(self, only=(ITEM_WITHHOLD, ITEM_REFER, ITEM_REDACTED)) -> list:
        found = []
        for category, outcome in self.outcomes.items():
            if outcome in only:
                found += [e for e in self.deciding_item_rules(category) if e["kind"] != "ground"]
        return found

    def _kind(self, rule_id: str) -> str:
        rule = self.rules.get(rule_id)
        return rule.kind if rule is not None else ""

    def _effect(self, rule_id: str) -> str:
        rule = self.rules.get(rule_id)
        return rule.effect if rule is not None else ""

    def _decides(self, rule_id: str) -> bool:
        rule = self.rules.get(rule_id)
        return bool(rule is not None and rule.decides)


def _unique(entries: list) -> list:
    seen, out = set(), []
    for entry in entries:
        key = entry["rule_id"]
        if key not in seen:
            seen.add(key)
            out.append(entry)
    return out
