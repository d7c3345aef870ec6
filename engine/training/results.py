"""What a marking is made of: the differences between an attempt and the model answer, the dangerous
errors, and the marking itself. Plain data, so that the command line prints it as JSON and the web shows
it as pages; every piece of law in it (titles, citations, notes, wording) was copied from the pack."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass


def citation(entry: dict) -> dict:
    """The rule behind a piece of feedback, as the trainee sees it: id, title, citation, url and the pack's
    plain-English note. `entry` is an explanation entry of the advice (the engine's own safeguards have no
    title, url or note)."""
    rule_id = entry["rule_id"]
    return {
        "rule_id": rule_id,
        "title": entry.get("title") or rule_id,
        "citation": entry.get("citation", ""),
        "url": entry.get("url", ""),
        "note": entry.get("note", ""),
    }


@dataclass(frozen=True)
class Difference:
    """One way the attempt differs from the model answer.

    `part` is the scored part it counts against; `field` names what differs (``consent``,
    ``decision``, ``items.intercept_product``, ``power``); `yours` and `model` are the two values (ids, as
    in the attempt); `message` says it for a person; `rules` are the citations of the rules that decide the
    model's answer; `why` is the pack's "why we ask this" for a question of fact."""

    part: str
    field: str
    yours: object
    model: object
    message: str
    rules: list = dataclasses.field(default_factory=list)
    why: str = ""

    def to_dict(self) -> dict:
        out = {
            "part": self.part,
            "field": self.field,
            "yours": self.yours,
            "model": self.model,
            "message": self.message,
            "rules": self.rules,
        }
        if self.why:
            out["why"] = self.why
        return out


@dataclass(frozen=True)
class Danger:
    """A dangerous error (docs/training.md defines each `kind`): flagged whatever the score."""

    kind: str
    field: str
    message: str
    rules: list = dataclasses.field(default_factory=list)

    def to_dict(self) -> dict:
        return {"kind": self.kind, "field": self.field, "message": self.message, "rules": self.rules}


@dataclass
class Marking:
    """The marking of one attempt at one exercise."""

    exercise: dict  # {name, file, as_at}
    score: int
    parts: list  # weights.Part, in the published order
    differences: list  # Difference
    dangerous: list  # Danger
    model: dict  # {decision, summary, items, powers}
    pack_problems: list  # sentences: where the scenario's `expect` and the pack's advice disagree

    def to_dict(self) -> dict:
        return {
            "exercise": self.exercise,
            "score": self.score,
            "parts": [p.to_dict() for p in self.parts],
            "dangerous": [d.to_dict() for d in self.dangerous],
            "differences": [d.to_dict() for d in self.differences],
            "model": self.model,
            "pack_problems": self.pack_problems,
        }
