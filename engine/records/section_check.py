"""One section of the officer's account of a record, checked input by input against the pack's requirements.

What a record must hold is the pack's (``record.yaml``, read into ``RecordRequirements``): whether an input is
required, or must be left empty, in this case, and what to tell the officer if not. ``Section`` asks those
questions of the facts of the case (the answers and the record's decision) for one section's inputs.
"""

from __future__ import annotations

from typing import Any

from engine.records import fields
from engine.records.errors import RecordError
from engine.records.requirements import RecordRequirements, Requirement

EMPTY: tuple[Any, ...] = (None, "", [], (), {})


class Section:
    """One section of the officer's account, checked input by input against the pack's requirements."""

    def __init__(self, checked: dict[str, Any], section: str, requirements: RecordRequirements, values: dict):
        self.checked = checked
        self.section = section
        self.requirements = requirements
        self.facts = values

    def requirement(self, name: str) -> Requirement:
        return self.requirements.get(name)

    def needed(self, name: str) -> bool:
        return self.requirement(name).is_required(self.facts)

    def missing(self, name: str) -> RecordError:
        return RecordError(f"{self.section}.{name}", self.requirement(name).problem(self.facts))

    def text(self, name: str, limit: int = fields.LONG_TEXT) -> str | None:
        value = self.checked.get(name)
        if self.needed(name) and (value is None or (isinstance(value, str) and not value.strip())):
            raise self.missing(name)
        text = fields.text(value, f"{self.section}.{name}", required=False, limit=limit)
        if text and self.requirement(name).must_be_empty(self.facts):
            raise RecordError(f"{self.section}.{name}", self.requirement(name).problem(self.facts, empty=True))
        return text

    def present(self, name: str) -> Any:
        """A non-text input's value, refused when it is required and absent or empty."""
        value = self.checked.get(name)
        if self.needed(name) and value in EMPTY:
            raise self.missing(name)
        if value not in EMPTY and self.requirement(name).must_be_empty(self.facts):
            raise RecordError(f"{self.section}.{name}", self.requirement(name).problem(self.facts, empty=True))
        return value
