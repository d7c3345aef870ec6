"""The rest of the pack-level difference: questions (and their options), derived facts and the pack's own
metadata (name, version, dates, summaries, record fields and what a record requires).

Questions and derived facts have one definition per id, so they are compared by id. Conditions (`ask_when`,
the cases of a derived fact) are compared in canonical form, as rules' are.
"""

from __future__ import annotations

from engine.impact.canonical import canonical
from engine.impact.rules_diff import field_changes, in_force_json

QUESTION_FIELDS = ("type", "wording", "hint", "why", "unsure", "unsure_reading", "pattern", "ask_when", "in_force")
OPTION_FIELDS = ("label", "hint", "details", "in_force")
DERIVED_FIELDS = ("title", "note", "cases", "default")
PACK_FIELDS = (
    "name",
    "version",
    "owner",
    "description",
    "in_force",
    "summaries",
    "record_fields",
    "record_requirements",
)


def _question_values(question) -> dict:
    return {
        "type": question.type,
        "wording": question.wording,
        "hint": question.hint,
        "why": question.why,
        "unsure": question.unsure,
        "unsure_reading": question.unsure_reading,
        "pattern": question.pattern,
        "ask_when": canonical(question.ask_when),
        "in_force": in_force_json(question.in_force),
    }


def _option_values(option) -> dict:
    return {
        "label": option.label,
        "hint": option.hint,
        "details": option.details,
        "in_force": in_force_json(option.in_force),
    }


def _by_id(items) -> dict:
    return {item.id: item for item in items}


def diff_questions(before, after) -> dict:
    """``{added, removed, changed}``; a changed question lists its changed fields and its options added,
    removed and changed."""
    old, new = _by_id(before), _by_id(after)
    added = [{"id": q.id, "where": str(q.source)} for q in after if q.id not in old]
    removed = [{"id": q.id, "where": str(q.source)} for q in before if q.id not in new]
    changed = []
    for question in after:
        previous = old.get(question.id)
        if previous is None:
            continue
        fields = field_changes(_question_values(previous), _question_values(question), QUESTION_FIELDS)
        options = _diff_options(previous.options, question.options)
        if fields or any(options.values()):
            changed.append({"id": question.id, "where": str(question.source), "fields": fields, "options": options})
    return {"added": added, "removed": removed, "changed": changed}


def _diff_options(before, after) -> dict:
    old, new = _by_id(before), _by_id(after)
    changed = []
    for option in after:
        previous = old.get(option.id)
        if previous is not None:
            fields = field_changes(_option_values(previous), _option_values(option), OPTION_FIELDS)
            if fields:
                changed.append({"id": option.id, "fields": fields})
    return {
        "added": [o.id for o in after if o.id not in old],
        "removed": [o.id for o in before if o.id not in new],
        "changed": changed,
    }


def _derived_values(derived) -> dict:
    cases = []
    for case in derived.cases:
        entry = {"when": canonical(case.condition)}
        if case.value_from:
            entry["value_from"] = case.value_from
        else:
            entry["value"] = case.value
        cases.append(entry)
    return {"title": derived.title, "note": derived.note, "cases": cases, "default": derived.default}


def diff_derived(before, after) -> dict:
    """``{added, removed, changed}`` of derived facts, by id."""
    old, new = _by_id(before), _by_id(after)
    changed = []
    for derived in after:
        previous = old.get(derived.id)
        if previous is not None:
            fields = field_changes(_derived_values(previous), _derived_values(derived), DERIVED_FIELDS)
            if fields:
                changed.append({"id": derived.id, "where": str(derived.source), "fields": fields})
    return {
        "added": [{"id": d.id, "where": str(d.source)} for d in after if d.id not in old],
        "removed": [{"id": d.id, "where": str(d.source)} for d in before if d.id not in new],
        "changed": changed,
    }


def _pack_values(data) -> dict:
    return {
        "name": data.name,
        "version": data.version,
        "owner": data.owner,
        "description": data.description,
        "in_force": in_force_json(data.in_force),
        "summaries": data.summaries,
        "record_fields": [
            {"id": f.id, "label": f.label, "content": f.content, "hook": f.hook, "required": f.required}
            for f in data.record_fields
        ],
        "record_requirements": [
            {
                "input": r.input,
                "field": r.field,
                "required": r.required,
                "required_when": canonical(r.required_when),
                "empty_when": canonical(r.empty_when),
                "message": r.message,
                "empty_message": r.empty_message,
            }
            for r in (data.record_requirements.requirements if data.record_requirements else ())
        ],
    }


def diff_pack(before, after) -> list:
    """``[{field, before, after}]`` for the pack's own metadata (two `PackData`)."""
    return field_changes(_pack_values(before), _pack_values(after), PACK_FIELDS)
