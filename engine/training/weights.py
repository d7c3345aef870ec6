"""The published weighting of a marking, in one place (docs/training.md shows the same table; a test
compares the two so that what trainees are told and what the code does cannot drift apart).

A marking has four parts. Each part scores the share of its questions the trainee got right, times its
weight; the total is rounded down, so 100 means every part is entirely right.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import floor

FACTS, DECISION, ITEMS, POWER = "facts", "decision", "items", "power"

# part -> points out of 100; the order is the order parts are shown in.
WEIGHTS = {FACTS: 30, DECISION: 30, ITEMS: 30, POWER: 10}


@dataclass(frozen=True)
class Part:
    """One part of a marking: how many of its questions were right, out of how many. A part with nothing
    to mark (`out_of` 0, e.g. no data categories in the brief) earns its whole weight."""

    name: str
    right: int
    out_of: int

    @property
    def weight(self) -> int:
        return WEIGHTS[self.name]

    @property
    def share(self) -> Fraction:
        return Fraction(self.right, self.out_of) if self.out_of else Fraction(1)

    @property
    def points(self) -> float:
        return round(float(self.weight * self.share), 1)

    def to_dict(self) -> dict:
        return {
            "part": self.name,
            "weight": self.weight,
            "points": self.points,
            "right": self.right,
            "out_of": self.out_of,
        }


def total(parts: list) -> int:
    """The score out of 100: the exact sum of the parts, rounded down (so only a perfect attempt gets 100)."""
    assert {p.name for p in parts} == set(WEIGHTS), "a marking has exactly the published parts"
    return floor(sum(p.weight * p.share for p in parts))
