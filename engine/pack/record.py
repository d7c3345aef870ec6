"""The pack's `record:` section: what a justification record holds and what the officer must write, when.

Each field (Part D2 of the legal catalogue) may list the `inputs` that fill it, the things the officer
writes (``sharing.requester``, ``decision.override_reason`` ...), each with ``required: true`` or a
``required_when`` condition, an optional ``empty_when`` condition and the messages to show. Conditions
use the pack's syntax over the answers and the record's own facts (``final_decision``,
``advised_decision``, ``accepted``; see ``engine.records.requirements``). This module turns the section
into model fields and a ``RecordRequirements`` for ``engine.records``, reporting every problem at its line.
"""

from __future__ import annotations

from engine.decide.wording import placeholders
from engine.pack.conditions import ConditionParser
from engine.pack.model import Option, Question, RecordField, Source
from engine.problems import Problem, did_you_mean
from engine.records.requirements import EMPTY, FACTS, INPUTS, REQUIRED, RecordRequirements, Requirement

_HINT = "; a record requirement tests answers and final_decision, advised_decision or accepted"


def fact_questions() -> dict[str, Question]:
    """The record's facts as questions, so that conditions on them are checked like any other."""
    out = {}
    for fact_id, values in FACTS.items():
        if all(isinstance(v, bool) for v in values):
            out[fact_id] = Question(fact_id, "bool", fact_id, "", "")
        else:
            options = tuple(Option(value, value.replace("_", " ")) for value in values)
            out[fact_id] = Question(fact_id, "one_of", fact_id, "", "", options=options)
    return out


def read_record(documents: dict, questions: dict, problems: list) -> tuple[list, RecordRequirements]:
    """The record fields and the record requirements of a pack's documents (``relpath -> (data, lines)``)."""
    known = {**questions, **fact_questions()}
    fields: list = []
    requirements: list = []
    seen: dict = {}
    for relpath, (data, lines) in documents.items():
        section = data.get("record") or {}
        for index, raw in enumerate(section.get("fields", [])):
            path = ("record", "fields", index)
            inputs = []
            for position, entry in enumerate(raw.get("inputs", [])):
                where = path + ("inputs", position)
                requirement = _requirement(relpath, lines, where, raw["id"], entry, known, problems)
                if requirement is None:
                    continue
                if requirement.input in seen:
                    problems.append(
                        Problem(
                            relpath,
                            lines.line(where + ("id",)),
                            f"input '{requirement.input}' is listed twice (also at {seen[requirement.input]})",
                        )
                    )
                    continue
                seen[requirement.input] = requirement.where
                inputs.append(requirement)
            requirements += inputs
            fields.append(
                RecordField(
                    raw["id"],
                    raw["label"],
                    raw["content"],
                    raw.get("hook", ""),
                    raw["required"],
                    tuple(r.input for r in inputs),
                    Source(relpath, lines.line(path)),
                )
            )
    for fact_id in FACTS:
        if fact_id in questions:
            source = questions[fact_id].source
            problems.append(
                Problem(source.file, source.line, f"question id '{fact_id}' is reserved for the justification record")
            )
    return fields, RecordRequirements(tuple(requirements))


def _requirement(relpath, lines, path, field_id, entry, known, problems) -> Requirement | None:
    def report(at, message):
        problems.append(Problem(relpath, lines.line(at), message))

    input_id = entry["id"]
    if input_id not in INPUTS:
        report(path + ("id",), f"unknown record input '{input_id}'{did_you_mean(input_id, list(INPUTS))}")
        return None
    if entry.get("required") and "required_when" in entry:
        report(path + ("required_when",), "give either 'required: true' or 'required_when', not both")

    def hinted(at, message):
        report(at, message + _HINT if message.startswith("unknown") else message)

    parser = ConditionParser(known, {}, set(), hinted)
    conditions = {
        key: parser.parse(entry[key], path + (key,), lines) if key in entry else None
        for key in ("required_when", "empty_when")
    }
    for key in ("message", "empty_message"):
        unknown = sorted(placeholders(entry.get(key, "")) - set(FACTS))
        if unknown:
            report(
                path + (key,),
                f"unknown placeholder '{{{unknown[0]}}}': a message may use " + ", ".join(f"{{{f}}}" for f in FACTS),
            )
    return Requirement(
        input=input_id,
        field=field_id,
        required=bool(entry.get("required", False)),
        required_when=conditions["required_when"],
        empty_when=conditions["empty_when"],
        message=entry.get("message", REQUIRED),
        empty_message=entry.get("empty_message", EMPTY),
        where=f"{relpath}:{lines.line(path)}",
    )
