"""Read a policy pack folder into `PackData`, collecting every problem before giving up.

Order of work: strict YAML (`yamlsafe`), the JSON Schema (`schema`), then building the model and checking
meaning (`semantics`). Problems from every file are gathered and raised together as one `PackError`; nothing
of a pack with any problem is returned, so a pack is never half-loaded.
"""

from __future__ import annotations

import os

from engine.pack import schema, semantics
from engine.pack.conditions import ConditionParser
from engine.pack.files import canonical_sha256, pack_files, parse_in_force, read_yaml_file
from engine.pack.location import bundled_pack_dir
from engine.pack.model import (
    ALWAYS_IN_FORCE,
    NO_DEFAULT,
    Derived,
    DerivedCase,
    Headline,
    NextStep,
    Option,
    OptionGroup,
    PackData,
    Question,
    Rule,
    Source,
)
from engine.pack.record import read_record
from engine.problems import PackError, Problem
from engine.vocabulary import DEFAULT_LAYER
from rules.ir import All


class _Builder:
    """Turns validated YAML documents into model objects, reporting problems with file and line."""

    def __init__(self, root: str, documents: dict, problems: list, failed_rule_ids=frozenset()):
        self.failed_rule_ids = set(failed_rule_ids)
        self.root = root
        self.documents = documents  # relpath -> (data, lines)
        self.problems = problems

    def entries(self, section):
        for relpath, (data, lines) in self.documents.items():
            for index, raw in enumerate(data.get(section) or []):
                yield relpath, lines, (section, index), raw

    def report_at(self, relpath, lines):
        def report(path, message):
            self.problems.append(Problem(relpath, lines.line(path), message))

        return report

    def build(self) -> PackData:
        meta = self._meta()
        questions = self._questions()
        question_map = {q.id: q for q in questions}
        derived_raw = list(self.entries("derived"))
        derived_values = semantics.derived_value_sets(derived_raw, question_map)
        # Rules in files that failed the schema still count as known, so one bad file does not cascade.
        rule_ids = {raw.get("id") for _, _, _, raw in self.entries("rules")} | self.failed_rule_ids
        derived = []
        for relpath, lines, path, raw in derived_raw:
            parser = ConditionParser(question_map, derived_values, rule_ids, self.report_at(relpath, lines))
            cases = []
            for ci, case in enumerate(raw["cases"]):
                condition = parser.parse(case["when"], path + ("cases", ci, "when"), lines)
                source_q = case.get("value_from")
                if source_q is not None and source_q not in question_map:
                    self.report_at(relpath, lines)(path + ("cases", ci, "value_from"), f"unknown question '{source_q}'")
                cases.append(DerivedCase(condition, case.get("value"), source_q))
            derived.append(
                Derived(
                    raw["id"],
                    raw["title"],
                    tuple(cases),
                    raw["default"],
                    raw.get("note", ""),
                    Source(relpath, lines.line(path)),
                )
            )
        # Questions' relevance conditions may read derived facts, so parse them once derived facts are known.
        for relpath, lines, path, raw in self.entries("questions"):
            if "ask_when" in raw and raw["id"] in question_map:
                parser = ConditionParser(question_map, derived_values, rule_ids, self.report_at(relpath, lines))
                condition = parser.parse(raw["ask_when"], path + ("ask_when",), lines)
                q = question_map[raw["id"]]
                object.__setattr__(q, "ask_when", condition)
        rules = [
            self._rule(relpath, lines, path, raw, question_map, derived_values, rule_ids)
            for relpath, lines, path, raw in self.entries("rules")
        ]
        record_fields, record_requirements = read_record(self.documents, question_map, self.problems)
        return PackData(
            root=self.root,
            name=meta.get("name", ""),
            version=meta.get("version", ""),
            owner=meta.get("owner", ""),
            description=meta.get("description", ""),
            in_force=meta.get("_in_force", ALWAYS_IN_FORCE),
            summaries=meta.get("summaries", {}),
            identity_alone_fact=meta.get("identifying_details_alone_useful_when", ""),
            wording=self._single_section("wording", "the words around the law: layers, reasons, explanations"),
            questions=questions,
            derived=derived,
            rules=rules,
            record_fields=record_fields,
            record_requirements=record_requirements,
            sha256=canonical_sha256({p: d for p, (d, _) in self.documents.items()}),
        )

    def _meta(self) -> dict:
        found = [(relpath, lines, data["pack"]) for relpath, (data, lines) in self.documents.items() if "pack" in data]
        if not found:
            first = next(iter(self.documents), "pack.yaml")
            self.problems.append(
                Problem(first, 1, "the pack has no 'pack:' section (name, version, owner, in_force, summaries)")
            )
            return {}
        for relpath, lines, _ in found[1:]:
            self.problems.append(
                Problem(relpath, lines.line(("pack",)), f"a second 'pack:' section (the first is in {found[0][0]})")
            )
        relpath, lines, meta = found[0]
        meta = dict(meta)
        meta["_in_force"] = parse_in_force(meta.get("in_force"), relpath, ("pack", "in_force"), lines, self.problems)
        return meta

    def _single_section(self, section: str, what: str) -> dict:
        """A section the pack must have exactly once (e.g. `wording`); problems name both places."""
        found = [
            (relpath, lines, data[section]) for relpath, (data, lines) in self.documents.items() if section in data
        ]
        if not found:
            first = next(iter(self.documents), "pack.yaml")
            self.problems.append(Problem(first, 1, f"the pack has no '{section}:' section ({what})"))
            return {}
        for relpath, lines, _ in found[1:]:
            self.problems.append(
                Problem(
                    relpath, lines.line((section,)), f"a second '{section}:' section (the first is in {found[0][0]})"
                )
            )
        return found[0][2]

    def _questions(self) -> list:
        out: list = []
        seen: dict = {}
        for relpath, lines, path, raw in self.entries("questions"):
            qid = raw["id"]
            if qid in seen:
                self.problems.append(
                    Problem(
                        relpath, lines.line(path + ("id",)), f"question '{qid}' is defined twice (also at {seen[qid]})"
                    )
                )
                continue
            seen[qid] = Source(relpath, lines.line(path))
            options = []
            option_seen = set()
            for oi, opt in enumerate(raw.get("options") or []):
                if opt["id"] in option_seen:
                    self.problems.append(
                        Problem(
                            relpath,
                            lines.line(path + ("options", oi, "id")),
                            f"option '{opt['id']}' of '{qid}' is listed twice",
                        )
                    )
                option_seen.add(opt["id"])
                options.append(
                    Option(
                        opt["id"],
                        opt["label"],
                        opt.get("hint", ""),
                        dict(opt.get("details") or {}),
                        parse_in_force(
                            opt.get("in_force"), relpath, path + ("options", oi, "in_force"), lines, self.problems
                        ),
                        bool(opt.get("identifies_only", False)),
                        opt.get("in_sentence", ""),
                        opt.get("group", ""),
                    )
                )
            if raw["type"] in ("bool", "text", "number") and raw.get("options"):
                self.problems.append(
                    Problem(
                        relpath,
                        lines.line(path + ("options",)),
                        f"'{qid}' is a {raw['type']} question and takes no options",
                    )
                )
            out.append(
                Question(
                    unsure_reason=raw.get("unsure_reason", ""),
                    default=raw.get("default", NO_DEFAULT),
                    default_reading=raw.get("default_reading", ""),
                    next_steps=tuple(
                        NextStep(step["answer"], step["text"], tuple(step.get("from", ())))
                        for step in raw.get("next_steps", ())
                    ),
                    depends_on=tuple(raw.get("depends_on", ())),
                    error=raw.get("error", ""),
                    format_error=raw.get("format_error", ""),
                    groups=tuple(OptionGroup(g["id"], g["label"], g.get("hint", "")) for g in raw.get("groups", ())),
                    id=qid,
                    type=raw["type"],
                    wording=raw["wording"],
                    hint=raw["hint"],
                    why=raw["why"],
                    unsure=bool(raw.get("unsure", False)),
                    unsure_reading=raw.get("unsure_reading", ""),
                    pattern=raw.get("pattern", ""),
                    options=tuple(options),
                    in_force=parse_in_force(raw.get("in_force"), relpath, path + ("in_force",), lines, self.problems),
                    source=seen[qid],
                )
            )
        return out

    def _rule(self, relpath, lines, path, raw, question_map, derived_values, rule_ids) -> Rule:
        report = self.report_at(relpath, lines)
        parser = ConditionParser(question_map, derived_values, rule_ids, report)
        condition = parser.parse(raw["when"], path + ("when",), lines)
        scope = parser.parse(raw["scope"], path + ("scope",), lines) if "scope" in raw else None
        if scope is not None:
            condition = All((scope, condition), lines.line(path + ("scope",)))
        kind = raw["kind"]
        categories = (
            {o.id for o in question_map["data_categories"].options} if "data_categories" in question_map else None
        )

        def category_list(key):
            value = raw.get(key)
            if value is None or value == "all":
                return None
            if categories is not None:
                for i, cat in enumerate(value):
                    if cat not in categories:
                        report(path + (key, i), f"unknown data category '{cat}'{semantics.suggest(cat, categories)}")
            return tuple(value)

        citation = raw["citation"]
        return Rule(
            id=raw["id"],
            title=raw["title"],
            kind=kind,
            basis=raw.get("basis", kind),
            layer=raw.get("layer", DEFAULT_LAYER.get(kind, 4)),
            citation=f"{citation['instrument']}, {citation['provision']}",
            url=raw["url"],
            in_force=parse_in_force(raw["in_force"], relpath, path + ("in_force",), lines, self.problems),
            note=raw["note"],
            condition=condition,
            conservative=raw.get("conservative", ""),
            covers=category_list("covers") if "covers" in raw else None,
            effect=raw.get("effect", ""),
            applies_to=category_list("applies_to"),
            blocks=tuple(raw.get("blocks", ())),
            refer_to=raw.get("refer_to"),
            order=raw.get("order", 0),
            instruction=raw.get("instruction", ""),
            text=raw.get("text", ""),
            role=raw.get("role", ""),
            reason=raw.get("reason", ""),
            decides=bool(raw.get("decides", False)),
            sets=dict(raw.get("sets", {})),
            priority=raw.get("priority", 100),
            source=Source(relpath, lines.line(path)),
            absolute=bool(raw.get("absolute", False)),
            when_not_sharing=bool(raw.get("when_not_sharing", False)),
            headline=Headline(raw["headline"]["decision"], raw["headline"]["text"]) if "headline" in raw else None,
            scope=scope,
        )


def read_pack(root: str | None = None) -> PackData:
    """Read and check a pack folder; raise `PackError` listing every problem if anything is wrong."""
    root = os.path.abspath(root or bundled_pack_dir())
    problems: list = []
    if not os.path.isdir(root):
        raise PackError([Problem(root, 1, "no such policy folder")])
    files = pack_files(root)
    if not files:
        raise PackError([Problem(root, 1, "the folder holds no policy files (*.yaml)")])
    pack_schema = schema.schema_path(root, "pack.schema.json")
    documents = {}
    blocking, failed_rule_ids = False, set()
    for relpath in files:
        data, lines = read_yaml_file(root, relpath, problems)
        if data is None and lines is None:
            blocking = True  # unreadable: we cannot tell what it defines, so checking further would mislead
            continue
        if data is None:
            problems.append(Problem(relpath, 1, "the file is empty"))
            continue
        had_yaml_problems = any(p.file == relpath for p in problems)
        # A file with YAML problems (a tag, a duplicate key) is not schema-checked: its errors would only echo them.
        errors = [(1, "")] if had_yaml_problems else schema.validate(data, lines, pack_schema)
        problems.extend(Problem(relpath, line, message) for line, message in errors if message)
        if not errors:
            documents[relpath] = (data, lines)
        elif isinstance(data, dict) and any(k in data for k in ("pack", "questions", "derived")):
            blocking = True
        else:
            failed_rule_ids |= (
                {r.get("id") for r in (data.get("rules") or []) if isinstance(r, dict)}
                if isinstance(data, dict)
                else set()
            )
    if problems and blocking:
        raise PackError(problems)  # everything depends on these sections: checking further would mislead
    pack = _Builder(root, documents, problems, failed_rule_ids).build()
    problems.extend(semantics.check(pack))
    if problems:
        raise PackError(problems)
    return pack
