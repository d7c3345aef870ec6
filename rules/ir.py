"""The compiled form of policy conditions, shared by the durable_rules compiler and the engine's explainer.

Both sides evaluate the *same* objects, which is what makes their agreement check meaningful: the
explainer walks these trees in Python with three-valued logic, and `rules.compiler` turns them into
durable_rules patterns. This module is plain data with no dependency on `durable` or on `engine`.

Subjects are named by a `Ref`:
  - ``Ref("q", id)``: an answer to a question;
  - ``Ref("d", id)``: a derived fact;
  - rule references use `RuleHolds`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

TRUE = "T"
FALSE = "F"
UNKNOWN = "U"


@dataclass(frozen=True)
class Ref:
    """A subject a test reads: an answer (`space` "q") or a derived fact (`space` "d")."""

    space: str
    id: str

    @property
    def field(self) -> str:
        """The field name used for this subject in a durable_rules fact."""
        return f"{self.space}_{self.id}"


@dataclass(frozen=True)
class Test:
    """One comparison of a subject with a value.

    `op` is one of: eq, ne, in, not_in, contains, contains_any, contains_all, lt, le, gt, ge, answered.
    `value` is already typed (a tuple for set operators). `line` locates the test in its YAML file.
    """

    subject: Ref
    op: str
    value: Any
    line: int = 0


@dataclass(frozen=True)
class RuleHolds:
    """True when the conditions of another rule hold."""

    rule_id: str
    line: int = 0


@dataclass(frozen=True)
class All:
    items: tuple
    line: int = 0


@dataclass(frozen=True)
class Any_:
    items: tuple
    line: int = 0


@dataclass(frozen=True)
class Not:
    item: Any
    line: int = 0


Condition = Test | RuleHolds | All | Any_ | Not

# -- unit keys: the one place they are spelled ------------------------------------------------------------
_RULE_PREFIX = "rule:"
_CASE_PREFIX = "case:"


def rule_key(rule_id: str) -> str:
    """The unit key of a rule: both evaluators report a rule's status under it."""
    return _RULE_PREFIX + rule_id


def rule_id_of(key: str) -> str | None:
    """The rule id of a rule's unit key, or None for any other unit (a derived-fact case)."""
    return key[len(_RULE_PREFIX) :] if key.startswith(_RULE_PREFIX) else None


def case_key(derived_id: str, index: int) -> str:
    """The unit key of one case of a derived fact."""
    return f"{_CASE_PREFIX}{derived_id}:{index}"


def is_case_key(key: str) -> bool:
    return key.startswith(_CASE_PREFIX)


@dataclass(frozen=True)
class Unit:
    """Something whose condition both evaluators compute: a rule, or one case of a derived fact.

    `key` is `rule_key(id)` or `case_key(derived id, index)`. `need_false` asks the compiler to also compile the
    negated form, because a later stratum reads this unit's three-valued status.
    """

    key: str
    condition: Condition
    stratum: int = 0
    need_false: bool = False


@dataclass(frozen=True)
class DerivedSpec:
    """How a derived fact's value follows from its cases: the first case that holds wins."""

    id: str
    case_keys: tuple
    case_values: tuple  # each either ("value", v) or ("from", question id)
    default: Any = None
    has_default: bool = False
    stratum: int = 0


@dataclass
class Program:
    """Everything needed to evaluate one pack: units by stratum, derived facts, and value domains.

    `domains` maps a subject field (e.g. "q_recipient") to the finite set of values it can take, when known;
    the compiler uses it to express "not one of" as "one of the others", which durable_rules handles best.
    `list_fields` names the subjects that hold lists.
    """

    units: list = field(default_factory=list)
    derived: list = field(default_factory=list)
    domains: dict = field(default_factory=dict)
    list_fields: frozenset = frozenset()
    number_fields: frozenset = frozenset()
    referenced_rules: frozenset = frozenset()  # unit keys of rules other units read

    def strata(self) -> list:
        """Units grouped by stratum, lowest first."""
        top = max((u.stratum for u in self.units), default=-1)
        return [[u for u in self.units if u.stratum == s] for s in range(top + 1)]


def encode_scalar(value: Any) -> Any:
    """The representation of an answer value inside a durable_rules fact.

    Booleans become the strings "true"/"false" so that a field never mixes types (durable_rules compares a
    string with a boolean in surprising ways); numbers stay numbers; everything else is a string.
    """
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (int, float)):
        return value
    return str(value)


def walk(condition: Condition):
    """Yield every node of a condition tree, depth first."""
    yield condition
    if isinstance(condition, (All, Any_)):
        for item in condition.items:
            yield from walk(item)
    elif isinstance(condition, Not):
        yield from walk(condition.item)
