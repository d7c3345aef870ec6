"""Scenario files: cases written by legal services and trainers, run against a pack.

A scenario gives a narrative, an as-at date, answers and what the advice must say (decision, item outcomes,
rules that must be cited, redactions, referrals). The same files test the policies (`sharewise test`) and
drive training exercises. A rule is "exercised" when it applies (or is blocked) in at least one scenario.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field

from engine.pack import schema
from engine.pack.files import read_yaml_file
from engine.problems import AnswerError, PackError, Problem, did_you_mean


@dataclass
class Scenario:
    name: str
    narrative: str
    as_at: dt.date
    answers: dict
    expect: dict
    file: str
    line: int
    tags: list = field(default_factory=list)

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass
class Result:
    scenario: Scenario
    advice: dict
    failures: list  # (what, expected, actual)

    @property
    def passed(self) -> bool:
        return not self.failures


def scenario_files(root: str) -> list:
    folder = os.path.join(root, "scenarios")
    if not os.path.isdir(folder):
        return []
    out = []
    for base, dirs, files in os.walk(folder):
        dirs.sort()
        out += [os.path.relpath(os.path.join(base, f), root) for f in sorted(files) if f.endswith((".yaml", ".yml"))]
    return sorted(out)


@dataclass(frozen=True)
class ScenarioProblem:
    """One thing wrong with one scenario. `path` is where inside the scenario (to find its line in a file);
    `field` names it for a person (``as_at``, ``answers.recipient``, ``expect.cites.0``; ``scenario`` for the
    whole); `message` says what is wrong; `in_file` is the message as `sharewise test` prints it."""

    path: tuple
    field: str
    message: str
    in_file: str


def _problem(path: tuple, message: str, in_file: str | None = None, field: str | None = None) -> ScenarioProblem:
    field = field or ".".join(str(p) for p in path) or "scenario"
    return ScenarioProblem(path, field, message, message if in_file is None else in_file)


def schema_problems(pack, data) -> list:
    """A scenario file's data against the pack's scenario schema: ``[(location, problem), ...]`` where
    `location` is the path in the file and each problem's path is inside its scenario (or the file)."""
    out = []
    for location, where, message in schema.errors(data, schema.schema_path(pack.root, "scenario.schema.json")):
        in_file = f"{'.'.join(str(p) for p in where) or 'file'}: {message}"
        inside = where[2:] if where[:1] == ("scenarios",) and len(where) >= 2 else where
        out.append((location, _problem(inside, message, in_file)))
    return out


class _Vocabulary:
    """What a scenario's meaning is checked against: the pack's rule ids and data categories."""

    def __init__(self, pack):
        self.rule_ids = {r.id for r in pack.rules}
        question = pack.question("data_categories")
        self.categories = [o.id for o in question.options] if question else []


def check_scenario(pack, raw: dict, vocabulary=None) -> tuple:
    """The meaning checks of one schema-valid scenario: a real as-at date, answers that fit the pack's
    questionnaire on that date, and rules and categories in `expect` that exist. Returns
    ``(as_at or None, clean answers or None, [ScenarioProblem, ...])``."""
    vocabulary = vocabulary or _Vocabulary(pack)
    try:
        as_at = dt.date.fromisoformat(raw["as_at"])
    except ValueError:
        return None, None, [_problem(("as_at",), f"{raw['as_at']!r} is not a real date")]
    try:
        answers = pack.check(raw["answers"], as_at)
    except AnswerError as error:
        key = error.field.split("[")[0]
        in_file = f"answers: {error.field}: {error.message}"
        return as_at, None, [_problem(("answers", key), error.message, in_file, f"answers.{error.field}")]
    problems = []
    expect = raw["expect"]
    for key in ("cites", "redactions"):
        for i, rid in enumerate(expect.get(key, [])):
            if rid not in vocabulary.rule_ids:
                problems.append(
                    _problem(("expect", key, i), f"unknown rule '{rid}'{did_you_mean(rid, vocabulary.rule_ids)}")
                )
    for category in expect.get("items", {}):
        if category not in vocabulary.categories:
            message = f"unknown data category '{category}'{did_you_mean(category, vocabulary.categories)}"
            problems.append(_problem(("expect", "items", category), message))
    return as_at, answers, problems


def read_scenario_file(pack, root: str, relpath: str, problems: list, vocabulary=None) -> list:
    """The scenarios of one file (`relpath` under `root`), checked; every problem is appended to `problems`
    as a `Problem` at its line. Scenarios with a problem are left out."""
    vocabulary = vocabulary or _Vocabulary(pack)
    data, lines = read_yaml_file(root, relpath, problems)
    if data is None:
        return []
    errors = schema_problems(pack, data)
    problems += [Problem(relpath, lines.line(location), p.in_file) for location, p in errors]
    if errors:
        return []
    scenarios = []
    for index, raw in enumerate(data["scenarios"]):
        path = ("scenarios", index)
        as_at, answers, found = check_scenario(pack, raw, vocabulary)
        problems += [Problem(relpath, lines.line(path + p.path), p.in_file) for p in found]
        if as_at is None or answers is None:
            continue
        scenarios.append(
            Scenario(
                raw["name"],
                raw["narrative"],
                as_at,
                answers,
                raw["expect"],
                relpath,
                lines.line(path),
                raw.get("tags", []),
            )
        )
    return scenarios


def load_scenario_file(pack, path: str) -> list:
    """Every scenario of one file, wherever it is (named as `path` in problems); raises `PackError`."""
    problems: list = []
    scenarios = read_scenario_file(pack, "", path, problems)
    _check_names(scenarios, problems)
    if problems:
        raise PackError(problems)
    return scenarios


def load_scenarios(pack) -> list:
    """Every scenario of the pack, checked; raises `PackError` listing every problem."""
    problems: list = []
    scenarios: list = []
    vocabulary = _Vocabulary(pack)
    for relpath in scenario_files(pack.root):
        scenarios += read_scenario_file(pack, pack.root, relpath, problems, vocabulary)
    _check_names(scenarios, problems)
    if problems:
        raise PackError(problems)
    return scenarios


def _check_names(scenarios: list, problems: list) -> None:
    names: dict = {}
    for s in scenarios:
        if s.name in names:
            problems.append(
                Problem(s.file, s.line, f"scenario name '{s.name}' is used twice (also at {names[s.name]})")
            )
        names[s.name] = s.where


def cited_ids(advice: dict) -> set:
    """Rules an advice cites: its lawful bases, plus every rule that applied or was blocked."""
    ids = {b["id"] for b in advice["lawful_bases"]}
    ids |= {e["rule_id"] for e in advice["explanation"] if e["outcome"] in ("applied", "blocked")}
    return ids


def run_scenario(pack, scenario: Scenario) -> Result:
    advice = pack.decide(scenario.answers, scenario.as_at)
    return Result(scenario, advice, compare(scenario.expect, advice))


def compare(expect: dict, advice: dict) -> list:
    """Differences between what a scenario expects and the advice: ``[(what, expected, actual), ...]``."""
    failures = []
    if advice["decision"] != expect["decision"]:
        failures.append(("decision", expect["decision"], advice["decision"]))
    outcomes = {item["category"]: item["outcome"] for item in advice["items"]}
    for category, wanted in expect.get("items", {}).items():
        if outcomes.get(category) != wanted:
            failures.append((f"item {category}", wanted, outcomes.get(category, "(not in advice)")))
    cited = cited_ids(advice)
    for rid in expect.get("cites", []):
        if rid not in cited:
            failures.append(("cites", rid, "not cited"))
    redactions = {r["id"] for r in advice["redactions"]}
    for rid in expect.get("redactions", []):
        if rid not in redactions:
            failures.append(("redaction", rid, "not listed"))
    roles = " | ".join(r["role"].lower() for r in advice["refer_to"])
    for role in expect.get("refer_to", []):
        if role.lower() not in roles:
            failures.append(("refer to", role, roles or "nobody"))
    if "missing" in expect and advice["missing"] != expect["missing"]:
        failures.append(("missing", expect["missing"], advice["missing"]))
    if "regime" in expect and advice["regime"] != expect["regime"]:
        failures.append(("regime", expect["regime"], advice["regime"]))
    return failures


def coverage(pack, results) -> list:
    """Rules (by id) that no scenario exercised, in pack order."""
    exercised = set()
    for result in results:
        exercised |= {e["rule_id"] for e in result.advice["explanation"] if e["outcome"] in ("applied", "blocked")}
    seen, out = set(), []
    for rule in pack.rules:
        if rule.id not in exercised and rule.id not in seen:
            seen.add(rule.id)
            out.append(rule)
    return out
