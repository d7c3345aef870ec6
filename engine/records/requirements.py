"""What a justification record must hold, and when: the pack's record requirements applied to one record.

The law decides what an officer must write down: the requester when the information was asked for, the
identity check when sharing in reply, an authoriser when sharing against the advice, consent notes when
sharing without consent, the rationale when sharing. Those rules are the policy pack's
(``policies/record.yaml``, each field's ``inputs`` with ``required_when`` and ``empty_when`` conditions);
this module holds them as plain data and applies them. It never reads a pack: the engine builds a
``RecordRequirements`` from the pack (``engine.pack.record``, exposed as ``Pack.record_requirements``) and
the caller passes it to ``build_record``.

A requirement's conditions are the pack's condition trees (``rules.ir``) over the record's *facts*: every
answer, by question id, and ``final_decision``, ``advised_decision`` and ``accepted``. They are two-valued:
an answer the record does not have is no value, so ``eq``, ``in``, ``contains`` and the number tests do not
hold for it and ``ne`` and ``not_in`` do; ``answered`` says whether there is one.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from engine.decide.plan import compare
from engine.decide.wording import fill
from engine.vocabulary import DECISIONS, FINAL_DECISIONS
from rules.ir import All, Any_, Not, Test

# What the officer writes into a record (an input), by id: the dotted field a RecordError names.
INPUTS: dict[str, str] = {
    "override_reason": "decision.override_reason",
    **{
        name: f"sharing.{name}"
        for name in (
            "necessity_rationale",
            "proportionality_rationale",
            "what_was_shared",
            "redactions_applied",
            "method",
            "requester",
            "identity_verification",
            "data_subjects",
            "authoriser",
            "consent_notes",
            "review_date",
            "recipient_detail",
            "purpose_detail",
            "shared_at",
        )
    },
}

# The record's own facts a condition may test besides the answers, with the values each can take.
FACTS: dict[str, tuple] = {
    "final_decision": FINAL_DECISIONS,
    "advised_decision": DECISIONS,
    "accepted": (True, False),
}

REQUIRED = "is required"
EMPTY = "must be empty"


@dataclasses.dataclass(frozen=True)
class Requirement:
    """When one input is required (always, or when `required_when` holds) and when it must be empty.

    Attributes:
        input: an id of `INPUTS`.
        field: the Part D2 field (``record.fields[].id``) the input fills.
        required: required in every record.
        required_when: a condition over the facts (a ``rules.ir`` tree), or None.
        empty_when: a condition under which the input must be left empty, or None.
        message, empty_message: what is wrong, with ``{final_decision}``, ``{advised_decision}`` or
            ``{accepted}`` filled in.
        where: ``file:line`` of the requirement in the pack.
    """

    input: str
    field: str = ""
    required: bool = False
    required_when: Any = None
    empty_when: Any = None
    message: str = REQUIRED
    empty_message: str = EMPTY
    where: str = ""

    def is_required(self, facts: Mapping[str, Any]) -> bool:
        return self.required or (self.required_when is not None and holds(self.required_when, facts))

    def must_be_empty(self, facts: Mapping[str, Any]) -> bool:
        return self.empty_when is not None and holds(self.empty_when, facts)

    def problem(self, facts: Mapping[str, Any], *, empty: bool = False) -> str:
        """The message for a missing (or, with `empty`, a wrongly filled) input, its placeholders filled."""
        values = {name: _text(facts.get(name)) for name in FACTS}
        return fill(self.empty_message if empty else self.message, **values)


@dataclasses.dataclass(frozen=True)
class RecordRequirements:
    """Every input's requirement; an input the pack does not name is optional."""

    requirements: tuple[Requirement, ...] = ()

    def get(self, input_id: str) -> Requirement:
        for requirement in self.requirements:
            if requirement.input == input_id:
                return requirement
        return Requirement(input_id)

    def required(self, input_id: str, facts: Mapping[str, Any]) -> bool:
        return self.get(input_id).is_required(facts)

    def required_by_decision(self, input_id: str, answers: Mapping[str, Any], advised: str) -> dict[str, bool]:
        """For each final decision the officer could take on this advice (accepting it, or overriding it to
        another), whether the input would be required: what a form can say before the officer decides."""
        requirement = self.get(input_id)
        out = {}
        for final in FINAL_DECISIONS:
            accepted = final == advised
            out[final] = requirement.is_required(facts(answers, advised, accepted, final))
        return out


def facts(answers: Mapping[str, Any], advised: str, accepted: bool, final: str | None) -> dict[str, Any]:
    """The facts a requirement is tested against: the answers and the record's decision."""
    return {**answers, "final_decision": final, "advised_decision": advised, "accepted": accepted}


def holds(condition: Any, values: Mapping[str, Any]) -> bool:
    """Whether a condition holds over the facts (two-valued; see the module docstring)."""
    if isinstance(condition, Test):
        if condition.subject.space != "q":
            raise ValueError(f"a record requirement cannot test {condition.subject.id}")
        present = values.get(condition.subject.id) is not None
        if condition.op == "answered":
            return present == bool(condition.value)
        return compare(condition.op, values.get(condition.subject.id), condition.value)
    if isinstance(condition, All):
        return all(holds(item, values) for item in condition.items)
    if isinstance(condition, Any_):
        return any(holds(item, values) for item in condition.items)
    if isinstance(condition, Not):
        return not holds(condition.item, values)
    raise ValueError(f"a record requirement cannot test {condition!r}")


def _text(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    return "" if value is None else str(value)
