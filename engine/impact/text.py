"""The impact report as text a lawyer can read: the counts, the less restrictive changes first, the changes
by the rules that caused them, then what changed in the pack itself.

Long lists are cut (the JSON report always holds every case); each cut says how many were left out.
"""

from __future__ import annotations

import json

from engine.impact.canonical import as_text
from engine.impact.cases import SCENARIO
from engine.impact.report import REFUSED_GROUP, UNEXPLAINED_GROUP

LESS_SHOWN = 50
PER_GROUP_SHOWN = 20
_LISTS = (
    ("lawful_bases", "grounds and bases cited"),
    ("redactions", "redactions"),
    ("conditions", "conditions"),
    ("refer_to", "referred to"),
    ("missing", "questions still asked"),
)


def render(report: dict) -> str:
    out: list = []
    draft, live = report["draft"], report["against"]
    out.append(f"Impact of the draft {draft['name']} {draft['version']} ({draft['path']})")
    out.append(f"against {live['name']} {live['version']} ({live['path']}).")
    out.append(
        f"Every case decided as at {report['as_at']}."
        if report["as_at"]
        else "Each case decided as at its own date (the scenario's, or the date the past decision was advised for)."
    )
    out += ["", report["summary"]["headline"]]
    if not report["changed"]:
        out += ["", "Nothing changes: the two packs give the same advice and define the same rules and questions."]
        return "\n".join(out) + "\n"
    groups = report["groups"]
    less = [case for group in groups for case in group["cases"] if case["less_restrictive"]]
    if less:
        _heading(out, "Less restrictive changes: check these first")
        out.append("A change is less restrictive when the decision or any item moves towards sharing.")
        for case in less[:LESS_SHOWN]:
            _case(out, case, with_causes=True)
        _cut(out, len(less), LESS_SHOWN)
    if groups:
        _heading(out, "Changes by the rules that caused them")
        changed_rules = {entry["id"]: entry for entry in report["rules"]["changed"]}
        for group in groups:
            _group(out, group, changed_rules)
    _definitions(out, report)
    return "\n".join(out) + "\n"


def _heading(out: list, title: str) -> None:
    out += ["", title, "-" * len(title)]


def _cut(out: list, total: int, shown: int) -> None:
    if total > shown:
        out.append(f"  ... and {total - shown:,} more (--format json lists every case).")


def _words(value) -> str:
    return "(none)" if value is None else str(value).replace("_", " ")


def _case(out: list, case: dict, with_causes: bool) -> None:
    if case["source"] == SCENARIO:
        where = case["where"] + ("" if case["in"] == "both" else f", only in the {case['in']} pack")
        out.append(f'  * Scenario "{case["name"]}" ({where}), as at {case["as_at"]}')
    else:
        out.append(f"  * Past decision {case['id']} (record {case['seq']}), as at {case['as_at']}")
    changes = case["changes"]
    refused = changes.get("refused")
    if refused:
        for side, label in (("before", "the live pack"), ("after", "the draft")):
            if refused[side]:
                out.append(f"      {label} refuses these answers: {refused[side]}")
        out.append(f"      decision: {_words(case['decision']['before'])} -> {_words(case['decision']['after'])}")
        return
    decision = changes.get("decision")
    if decision:
        out.append(f"      decision: {_words(decision['before'])} -> {_words(decision['after'])}")
    else:
        out.append(f"      decision unchanged: {_words(case['decision']['after'])}")
    for category, item in changes.get("items", {}).items():
        out.append(f"      {category}: {_words(item['before'])} -> {_words(item['after'])}")
    for key, label in _LISTS:
        if key in changes:
            parts = [f"+ {x}" for x in changes[key]["added"]] + [f"- {x}" for x in changes[key]["removed"]]
            out.append(f"      {label}: {', '.join(parts)}")
    if "regime" in changes:
        out.append(f"      regime: {changes['regime']['before']} -> {changes['regime']['after']}")
    if with_causes and case["caused_by"]:
        out.append("      caused by: " + "; ".join(_cause(c) for c in case["caused_by"]))


def _cause(cause: dict) -> str:
    text = cause["rule"]
    if cause["before"] != cause["after"]:
        text += f" ({cause['before']} -> {cause['after']})"
    if cause.get("fields"):
        text += f" ({', '.join(cause['fields'])} changed)"
    return text


def _group(out: list, group: dict, changed_rules: dict) -> None:
    rules = group["rules"]
    counts = []
    if group["scenarios"]:
        counts.append(f"{group['scenarios']:,} scenario{'s' if group['scenarios'] != 1 else ''}")
    if group["records"]:
        counts.append(f"{group['records']:,} past decision{'s' if group['records'] != 1 else ''}")
    label = rules[0] if rules[0] in (REFUSED_GROUP, UNEXPLAINED_GROUP) else ", ".join(rules)
    out += [
        "",
        (
            f"{label}: {' and '.join(counts)} "
            f"({group['less_restrictive']:,} less restrictive, {group['more_restrictive']:,} more restrictive)"
        ),
    ]
    for rule_id in rules:
        entry = changed_rules.get(rule_id)
        if entry is not None:
            parts = []
            for change in entry["fields"]:
                before, after = _value(change["field"], change["before"]), _value(change["field"], change["after"])
                short = len(before) + len(after) < 60
                parts.append(f"{change['field']}: {before} -> {after}" if short else f"{change['field']} changed")
            out.append(f"  {rule_id} in the draft: " + "; ".join(parts))
    for case in group["cases"][:PER_GROUP_SHOWN]:
        _case(out, case, with_causes=len(rules) > 1)
    _cut(out, len(group["cases"]), PER_GROUP_SHOWN)


def _value(field: str, value) -> str:
    if field in ("condition", "ask_when"):
        return as_text(value)
    if field == "cases" and isinstance(value, list):
        return "; ".join(
            f"when {as_text(c['when'])} then "
            + (f"the answer to {c['value_from']}" if "value_from" in c else json.dumps(c.get("value")))
            for c in value
        )
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return "(none)" if value in (None, "") else str(value)


def _fields(out: list, fields: list, indent: str = "      ") -> None:
    for change in fields:
        before, after = _value(change["field"], change["before"]), _value(change["field"], change["after"])
        if len(before) + len(after) < 80:
            out.append(f"{indent}{change['field']}: {before} -> {after}")
        else:
            out += [f"{indent}{change['field']}:", f"{indent}  was: {before}", f"{indent}  now: {after}"]


def _version(entry: dict) -> str:
    version = entry.get("version")
    if not version:
        return ""
    return f" (in force {version['from']} to {version['to'] or 'date'})"


def _definitions(out: list, report: dict) -> None:
    rules = report["rules"]
    if any(rules.values()):
        _heading(out, "Rules changed in the draft")
        for entry in rules["added"]:
            out.append(f"  added    {entry['id']}{_version(entry)}, {entry['where']}: {entry['title']}")
        for entry in rules["removed"]:
            out.append(f"  removed  {entry['id']}{_version(entry)}, was {entry['where']}: {entry['title']}")
        for entry in rules["changed"]:
            out.append(f"  changed  {entry['id']}{_version(entry)}, {entry['where']}")
            _fields(out, entry["fields"])
    for key, title in (
        ("questions", "Questions changed in the draft"),
        ("derived", "Derived facts changed in the draft"),
    ):
        section = report[key]
        if not any(section.values()):
            continue
        _heading(out, title)
        for entry in section["added"]:
            out.append(f"  added    {entry['id']}, {entry['where']}")
        for entry in section["removed"]:
            out.append(f"  removed  {entry['id']}, was {entry['where']}")
        for entry in section["changed"]:
            out.append(f"  changed  {entry['id']}, {entry['where']}")
            _fields(out, entry["fields"])
            options = entry.get("options") or {}
            for option in options.get("added", []):
                out.append(f"      option added: {option}")
            for option in options.get("removed", []):
                out.append(f"      option removed: {option}")
            for option in options.get("changed", []):
                out.append(f"      option {option['id']} changed:")
                _fields(out, option["fields"], indent="        ")
    if report["pack"]:
        _heading(out, "Pack details changed in the draft")
        _fields(out, report["pack"], indent="  ")
