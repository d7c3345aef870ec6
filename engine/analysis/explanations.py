"""The pack's own explanations of analysis findings: the optional `analysis:` section (docs/policy-format.md).

Some findings are deliberate: no power reaches a private investigator for a private purpose, and that is
the law, not an oversight. Legal services say so in the pack, next to the law, with a reason, so the
explanation is reviewed and versioned with the rules it explains:

    analysis:
      expected_gaps:
        - {recipient: private_investigator, purpose: any, reason: "..."}
      expected_shadowed:
        - {rule: R02-INTERCEPT, reason: "..."}
      expected_unused:
        - {question: subject_notified, reason: "..."}

The section never changes advice (the loader does not read it). The schema checks its shape; `check`
checks what it names (recipients, purposes, rules, questions, derived facts) and is run wherever a pack is
validated, so a misspelt id is a `file:line` problem like any other.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.pack.loader import pack_files, read_yaml_file
from engine.problems import PackError, Problem, did_you_mean

GAP, SHADOWED, UNUSED = "gap", "shadowed", "unused"
ANY = "any"


@dataclass(frozen=True)
class Explanation:
    """One explanation: `kind` (gap, shadowed, unused), what it names, its reason and where it is."""

    kind: str
    names: dict  # gap: {"recipient": ids or "any", "purpose": ...}; shadowed: {"rule"}; unused: {"question"|"derived"}
    reason: str
    file: str
    line: int

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"

    def covers_gap(self, recipient: str, purpose: str) -> bool:
        return (
            self.kind == GAP
            and _matches(self.names["recipient"], recipient)
            and _matches(self.names["purpose"], purpose)
        )


def _matches(named, value: str) -> bool:
    if named == ANY:
        return True
    return value == named if isinstance(named, str) else value in named


def read(pack) -> list:
    """Every explanation in the pack's files, in file order (the pack has passed its schema)."""
    out: list = []
    problems: list = []
    for relpath in pack_files(pack.root):
        data, lines = read_yaml_file(pack.root, relpath, problems)
        if not isinstance(data, dict) or not isinstance(data.get("analysis"), dict):
            continue
        section = data["analysis"]
        for key, kind in (("expected_gaps", GAP), ("expected_shadowed", SHADOWED), ("expected_unused", UNUSED)):
            for index, raw in enumerate(section.get(key) or []):
                names = {k: v for k, v in raw.items() if k != "reason"}
                line = lines.line(("analysis", key, index))
                out.append(Explanation(kind, names, raw["reason"], relpath, line))
    return out


def check(pack) -> None:
    """Raise `PackError` naming (with file and line) every recipient, purpose, rule, question or derived fact
    an explanation names that the pack does not have."""
    known: dict = {
        "rule": {rule.id for rule in pack.rules},
        "question": {q.id for q in pack.questions},
        "derived": {d.id for d in pack.data.derived},
    }
    for question_id in ("recipient", "purpose"):
        question = pack.question(question_id)
        known[question_id] = [o.id for o in question.options] if question is not None else []
    problems = [
        Problem(explanation.file, explanation.line, f"analysis: {message}")
        for explanation in read(pack)
        for message in _unknown_names(explanation, known)
    ]
    if problems:
        raise PackError(problems)


def _unknown_names(explanation: Explanation, known: dict) -> list:
    messages = []
    for key, named in explanation.names.items():
        if key in ("recipient", "purpose"):
            values = [] if named == ANY else ([named] if isinstance(named, str) else list(named))
            for value in values:
                if value not in known[key]:
                    messages.append(f"'{value}' is not an option of '{key}'{did_you_mean(value, known[key])}")
        elif named not in known[key]:
            what = "derived fact" if key == "derived" else key
            messages.append(f"unknown {what} '{named}'{did_you_mean(named, known[key])}")
    return messages
