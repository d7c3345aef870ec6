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
from engine.pack.loader import read_yaml_file
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


def load_scenarios(pack) -> list:
    """Every scenario of the pack, checked; raises `PackError` listing every problem."""
    problems, scenarios = [], []
    rule_ids = {r.id for r in pack.rules}
    categories = [o.id for o in pack.question("data_categories").options] if pack.question("data_categories") else []
    for relpath in scenario_files(pack.root):
        data, lines = read_yaml_file(pack.root, relpath, problems)
        if data is None:
            continue
        errors = schema.validate(data, lines, schema.schema_path(pack.root, "scenario.schema.json"))
        problems += [Problem(relpath, line, message) for line, message in errors]
        if errors:
            continue
        for index, raw in enumerate(data["scenarios"]):
            path = ("scenarios", index)
            line = lines.line(path)
            try:
                as_at = dt.date.fromisoformat(raw["as_at"])
            except ValueError:
                problems.append(Problem(relpath, lines.line(path + ("as_at",)), f"{raw['as_at']!r} is not a real date"))
                continue
            try:
                answers = pack.check(raw["answers"], as_at)
            except AnswerError as error:
                key = error.field.split("[")[0]
                problems.append(
                    Problem(relpath, lines.line(path + ("answers", key)), f"answers: {error.field}: {error.message}")
                )
                continue
            expect = raw["expect"]
            for key in ("cites", "redactions"):
                for i, rid in enumerate(expect.get(key, [])):
                    if rid not in rule_ids:
                        problems.append(
                            Problem(
                                relpath,
                                lines.line(path + ("expect", key, i)),
                                f"unknown rule '{rid}'{did_you_mean(rid, rule_ids)}",
                            )
                        )
            for category in expect.get("items", {}):
                if category not in categories:
                    problems.append(
                        Problem(
                            relpath,
                            lines.line(path + ("expect", "items", category)),
                            f"unknown data category '{category}'{did_you_mean(category, categories)}",
                        )
                    )
            scenarios.append(
                Scenario(raw["name"], raw["narrative"], as_at, answers, expect, relpath, line, raw.get("tags", []))
            )
    names = {}
    for s in scenarios:
        if s.name in names:
            problems.append(
                Problem(s.file, s.line, f"scenario name '{s.name}' is used twice (also at {names[s.name]})")
            )
        names[s.name] = s.where
    if problems:
        raise PackError(problems)
    return scenarios


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
