"""Helpers for writing scenarios (the web's scenario editor will use them): check one scenario exactly as
`sharewise test` checks a scenario file, and write scenarios as YAML that `sharewise test` reads back.

The YAML is written for the pack's strict reader (`engine.pack.yamlsafe`): plain data, block text for
narratives, and every string that could be read as something else (a date, a number, a yes/no word, an
empty value) quoted, so that what is written is what is read.
"""

from __future__ import annotations

import datetime as dt

import yaml

from engine.scenarios import Scenario, ScenarioProblem, check_scenario, schema_problems

SCHEMA_LINE = "# yaml-language-server: $schema=../schema/scenario.schema.json\n"
KEY_ORDER = ("name", "tags", "narrative", "as_at", "answers", "expect")
# Words YAML 1.1 or the pack's reader may take for something other than text, whatever their case.
_SPECIAL = {"true", "false", "yes", "no", "on", "off", "y", "n", "null", "~", ""}


def validate_scenario(pack, raw, taken_names=()) -> list:
    """Every problem with one scenario (a dict in the file's form), each naming its field: the schema
    (`policies/schema/scenario.schema.json`, or the pack's own), then a real date, answers that fit the
    questionnaire on it, and rules and categories in `expect` that exist. `taken_names` are the names of the
    pack's other scenarios (a name may be used once). Returns ``[ScenarioProblem, ...]``, empty when the
    scenario is good."""
    errors = [problem for _, problem in schema_problems(pack, {"scenarios": [raw]})]
    if errors:
        return errors
    problems = check_scenario(pack, raw)[2]
    if raw["name"] in set(taken_names):
        message = f"scenario name '{raw['name']}' is already used"
        problems.append(ScenarioProblem(("name",), "name", message, message))
    return problems


def scenario_dict(scenario: Scenario) -> dict:
    """A loaded scenario back in the file's form."""
    out: dict = {"name": scenario.name}
    if scenario.tags:
        out["tags"] = list(scenario.tags)
    out.update(
        narrative=scenario.narrative,
        as_at=scenario.as_at.isoformat(),
        answers=dict(scenario.answers),
        expect=dict(scenario.expect),
    )
    return out


def dump_scenarios(scenarios: list) -> str:
    """A scenario file's text: `scenarios` are dicts in the file's form (or loaded `Scenario`s), written in
    the usual key order, with the `$schema` line so that an editor checks the file as it is changed.
    Check each with `validate_scenario` first: this writes what it is given."""
    items = []
    for scenario in scenarios:
        raw = scenario_dict(scenario) if isinstance(scenario, Scenario) else dict(scenario)
        if isinstance(raw.get("as_at"), dt.date):
            raw["as_at"] = raw["as_at"].isoformat()
        ordered = {key: raw[key] for key in KEY_ORDER if key in raw}
        ordered.update((key, value) for key, value in raw.items() if key not in ordered)
        items.append(ordered)
    text = yaml.dump({"scenarios": items}, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    return SCHEMA_LINE + text


class _Dumper(yaml.SafeDumper):
    """SafeDumper with block text for multi-line strings and quotes for strings that might not read back
    as text."""


def _represent_str(dumper, value: str):
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    risky = value.lower() in _SPECIAL or value[:1] in "0123456789+-.~" or value != value.strip()
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="'" if risky else None)


_Dumper.add_representer(str, _represent_str)
