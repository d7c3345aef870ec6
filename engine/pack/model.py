"""The loaded form of a policy pack: frozen records of questions, options, derived facts and rules.

Everything here has already passed the schema and meaning checks; each object keeps the file and line it
came from so that later messages (coverage, explanations, compile limits) can point back to the YAML.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any


@dataclass(frozen=True)
class InForce:
    """A period in force; `end` is inclusive and None while the item is still in force."""

    start: dt.date
    end: dt.date | None = None

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    def overlaps(self, other: InForce) -> bool:
        far = dt.date.max
        return self.start <= (other.end or far) and other.start <= (self.end or far)

    def describe(self) -> str:
        return f"{self.start.isoformat()} to {self.end.isoformat() if self.end else 'date'}"


ALWAYS_IN_FORCE = InForce(dt.date.min)


@dataclass(frozen=True)
class Source:
    """Where something was defined: file (relative to the pack) and line."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class Option:
    id: str
    label: str
    hint: str = ""
    details: dict = field(default_factory=dict)
    in_force: InForce = ALWAYS_IN_FORCE
    identifies_only: bool = False  # a data category that says who, not what: alone it is not useful to share
    in_sentence: str = ""  # how the option reads inside a sentence ("the member of the public")
    group: str = ""  # the id of the question's option group it is shown under (long lists of choices)


@dataclass(frozen=True)
class OptionGroup:
    """A heading a long list of choices is grouped under ("Councils, health and education")."""

    id: str
    label: str
    hint: str = ""


class _NoDefault:
    """The marker for a question without a default (None could be a default's value in a later format)."""

    def __repr__(self) -> str:
        return "NO_DEFAULT"


NO_DEFAULT = _NoDefault()


@dataclass(frozen=True)
class NextStep:
    """An answer the officer can bring about, and how: "verify the recipient by calling back"."""

    answer: Any
    text: str
    start_from: tuple = ()  # offered only when the answer now is one of these (empty: from any answer)


@dataclass(frozen=True)
class Headline:
    """A rule's own one-sentence summary for a decision, used instead of the pack's when the rule applies."""

    decision: str
    text: str


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    wording: str
    hint: str
    why: str
    unsure: bool = False
    unsure_reading: str = ""
    unsure_reason: str = ""  # how an "unsure" answer reads as a reason ("you are not sure the recipient ...")
    pattern: str = ""
    options: tuple = ()
    ask_when: Any = None  # a rules.ir condition, or None for always relevant
    in_force: InForce = ALWAYS_IN_FORCE
    source: Source = Source("", 0)
    # Questions legal services add carry a conservative default, applied (and said) when not answered, so
    # that an answer set using only the contract's questions still gets a complete decision.
    default: Any = NO_DEFAULT
    default_reading: str = ""
    next_steps: tuple = ()  # NextStep: what the officer can do so that the answer becomes `answer`
    depends_on: tuple = ()  # question ids this answer is about: it is dropped when one of them changes
    error: str = ""  # the error message when the question is not answered ("Select who ...")
    format_error: str = ""  # for text and number questions: the message when the answer has the wrong form
    groups: tuple = ()  # OptionGroup: headings the options are shown under, in order

    @property
    def has_default(self) -> bool:
        return self.default is not NO_DEFAULT

    @cached_property
    def _options_by_id(self) -> dict:
        return {option.id: option for option in self.options}

    def option(self, option_id: str) -> Option | None:
        return self._options_by_id.get(option_id)

    def label_for(self, value) -> str:
        """How an answer reads to an officer: the option label, Yes/No/Unsure, or the text itself."""
        if isinstance(value, list):
            return ", ".join(self.label_for(v) for v in value)
        if value is True:
            return "Yes"
        if value is False:
            return "No"
        if value == "unsure" and self.unsure:
            return "Unsure"
        option = self.option(value) if isinstance(value, str) else None
        return option.label if option else str(value)


@dataclass(frozen=True)
class DerivedCase:
    condition: Any
    value: Any = None
    value_from: str | None = None


@dataclass(frozen=True)
class Derived:
    id: str
    title: str
    cases: tuple
    default: Any
    note: str = ""
    source: Source = Source("", 0)


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    kind: str
    basis: str
    layer: int
    citation: str
    url: str
    in_force: InForce
    note: str
    condition: Any
    conservative: str = ""
    covers: tuple | None = None
    effect: str = ""
    applies_to: tuple | None = None  # None means all categories
    blocks: tuple = ()
    refer_to: dict | None = None
    order: int = 0
    instruction: str = ""
    text: str = ""
    role: str = ""
    reason: str = ""
    decides: bool = False
    sets: dict = field(default_factory=dict)
    priority: int = 100
    source: Source = Source("", 0)
    absolute: bool = False  # a bar that holds even where life is at immediate risk
    when_not_sharing: bool = False  # a condition that still applies when nothing is shared
    headline: Headline | None = None
    # where the rule belongs (a condition, or None): outside it the rule is not considered at all, so it is
    # left out of the explanation as a rule not in force is; `condition` already includes it
    scope: Any = None

    def applies_to_category(self, category: str) -> bool:
        return self.applies_to is None or category in self.applies_to


@dataclass(frozen=True)
class RecordField:
    id: str
    label: str
    content: str
    hook: str
    required: bool
    inputs: tuple = ()  # ids of the officer's inputs that fill it (engine.records.requirements.INPUTS)
    source: Source = Source("", 0)


@dataclass
class PackData:
    """Everything read from a pack folder, before it is bound to a date."""

    root: str
    name: str
    version: str
    owner: str
    description: str
    in_force: InForce
    summaries: dict
    wording: dict
    identity_alone_fact: str
    questions: list
    derived: list
    rules: list
    record_fields: list
    sha256: str
    record_requirements: Any = None  # engine.records.requirements.RecordRequirements
