"""The files of a policy pack: which YAML files belong to it, reading each strictly, dates and the fingerprint.

`engine.pack.loader` builds the model from what these return; keeping file handling apart lets the scenario
reader and the benchmark's generated packs use the same rules for what a pack file is.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os

from engine.pack import yamlsafe
from engine.pack.model import ALWAYS_IN_FORCE, InForce
from engine.problems import Problem


def pack_files(root: str) -> list:
    """Every policy YAML file of a pack (not scenarios, schemas or the agreements register), relative to `root`, in order."""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in ("scenarios", "schema", "agreements") and not d.startswith("."))
        for name in sorted(files):
            if name.endswith((".yaml", ".yml")):
                found.append(os.path.relpath(os.path.join(folder, name), root))
    return sorted(found)


def read_yaml_file(root: str, relpath: str, problems: list):
    """Strictly parse one file; returns ``(data, lines)`` or ``(None, None)`` after recording problems."""
    try:
        with open(os.path.join(root, relpath), encoding="utf-8") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError) as error:
        problems.append(Problem(relpath, 1, f"cannot read file: {error}"))
        return None, None
    try:
        data, lines, yaml_problems = yamlsafe.load(text)
    except yamlsafe.YamlProblem as error:
        problems.append(Problem(relpath, error.line, error.message))
        return None, None
    problems.extend(Problem(relpath, p.line, p.message) for p in yaml_problems)
    return data, lines


def parse_date(text, relpath, line, problems):
    try:
        return dt.date.fromisoformat(str(text))
    except ValueError:
        problems.append(Problem(relpath, line, f"{text!r} is not a real date (YYYY-MM-DD)"))
        return dt.date.min


def parse_in_force(raw, relpath, path, lines, problems) -> InForce:
    if not raw:
        return ALWAYS_IN_FORCE
    start = parse_date(raw["from"], relpath, lines.line(path + ("from",)), problems)
    end = raw.get("to")
    end = parse_date(end, relpath, lines.line(path + ("to",)), problems) if end is not None else None
    if end is not None and end < start:
        problems.append(
            Problem(relpath, lines.line(path + ("to",)), f"in force 'to' ({end}) is before 'from' ({start})")
        )
    return InForce(start, end)


def canonical_sha256(documents: dict) -> str:
    """sha256 of the pack's content as canonical JSON (sorted keys, compact), independent of formatting."""
    blob = json.dumps(documents, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()
