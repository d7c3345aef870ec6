"""Read and check the register of agreements (`<pack>/agreements/*.yaml`) against the pack it serves.

Each file is read as strictly as a pack file (`engine.pack.files`), checked against
`schema/agreements.schema.json`, then for meaning: the recipients, purposes, data categories and ways of
sharing are the pack's options and the lawful bases its ground or data-protection rules ("did you mean"), a
reference is defined once, its versions are in date order and do not overlap, and the dates make sense (a
review date inside the version's period, a change recorded no later than the day it took effect). Every
problem is reported as `file:line: message`; a register with any problem is refused whole, with its pack.
"""

from __future__ import annotations

import os

from engine.agreements.model import Agreement, Party, Register, Version
from engine.pack import schema
from engine.pack.files import canonical_sha256, parse_date, parse_in_force, read_yaml_file
from engine.pack.model import Source
from engine.problems import PackError, Problem, did_you_mean

FOLDER = "agreements"
# (key in a version, the pack question whose options it must use)
VOCABULARY = (
    ("purposes", "purpose"),
    ("data_categories", "data_categories"),
    ("formats", "sharing_format"),
)
# Questions the pack needs before a register can be used with it (docs/agreements.md).
NEEDED_QUESTIONS = ("recipient", "purpose", "data_categories", "sharing_format", "agreement_status")


def register_files(pack_root: str) -> list:
    """The register's YAML files, relative to the pack folder, in a stable order (none: no register)."""
    folder = os.path.join(pack_root, FOLDER)
    found = []
    for base, dirs, files in os.walk(folder):
        dirs.sort()
        found += [
            os.path.relpath(os.path.join(base, f), pack_root) for f in sorted(files) if f.endswith((".yaml", ".yml"))
        ]
    return sorted(found)


def read_register(pack) -> Register:
    """The register kept beside `pack` (a `PackData`), checked against it; an empty register if there is
    none. Raises `PackError` listing every problem."""
    files = register_files(pack.root)
    if not files:
        return Register()
    problems: list = []
    documents = {}
    path = schema.schema_path(pack.root, "agreements.schema.json")
    for relpath in files:
        data, lines = read_yaml_file(pack.root, relpath, problems)
        if data is None:
            if lines is not None:
                problems.append(Problem(relpath, 1, "the file is empty"))
            continue
        errors = schema.validate(data, lines, path)
        problems.extend(Problem(relpath, line, message) for line, message in errors)
        if not errors:
            documents[relpath] = (data, lines)
    register = _Checker(pack, problems).build(documents)
    if problems:
        raise PackError(problems)
    register.sha256 = canonical_sha256({p: d for p, (d, _) in documents.items()})
    return register


class _Checker:
    def __init__(self, pack, problems: list):
        self.problems = problems
        self.questions = {q.id: q for q in pack.questions}
        self.bases = {r.id for r in pack.rules if r.kind in ("ground", "data_protection")}

    def build(self, documents: dict) -> Register:
        register = Register()
        meta = [
            (relpath, lines, data["register"]) for relpath, (data, lines) in documents.items() if "register" in data
        ]
        for relpath, lines, _ in meta[1:]:
            self.problems.append(
                Problem(
                    relpath, lines.line(("register",)), f"a second 'register:' section (the first is in {meta[0][0]})"
                )
            )
        if meta:
            register.name, register.owner, register.version = (meta[0][2][k] for k in ("name", "owner", "version"))
        elif documents:
            first = next(iter(documents))
            self.problems.append(Problem(first, 1, "the register has no 'register:' section (name, owner, version)"))
        if documents:
            self._pack_questions(next(iter(documents)))
        for relpath, (data, lines) in documents.items():
            if "agreement" in data:
                agreement = self._agreement(relpath, lines, data["agreement"])
                earlier = register.agreements.get(agreement.reference)
                if earlier is not None:
                    self.problems.append(
                        Problem(
                            relpath,
                            lines.line(("agreement", "reference")),
                            f"agreement '{agreement.reference}' is defined twice (also at {earlier.source})",
                        )
                    )
                    continue
                register.agreements[agreement.reference] = agreement
        return register

    def _pack_questions(self, relpath: str) -> None:
        for qid in NEEDED_QUESTIONS:
            if qid not in self.questions:
                self.problems.append(
                    Problem(relpath, 1, f"the policy pack has no '{qid}' question, which the register needs")
                )

    def _agreement(self, relpath, lines, raw) -> Agreement:
        report = self._reporter(relpath, lines)
        versions = []
        for index, entry in enumerate(raw["versions"]):
            versions.append(self._version(relpath, lines, ("agreement", "versions", index), entry, report))
        seen: dict = {}
        for index, version in enumerate(versions):
            where = ("agreement", "versions", index)
            if version.version in seen:
                report(
                    where + ("version",),
                    f"version '{version.version}' is listed twice (also at line {seen[version.version]})",
                )
            seen.setdefault(version.version, version.source.line)
            if index and version.in_force.start <= versions[index - 1].in_force.start:
                report(where + ("in_force", "from"), "versions must be listed oldest first (by their 'from' date)")
            for other in versions[:index]:
                if version.in_force.overlaps(other.in_force):
                    report(
                        where + ("in_force",),
                        f"version '{version.version}' ({version.in_force.describe()}) overlaps version "
                        f"'{other.version}' ({other.in_force.describe()}): close the earlier one the day before",
                    )
        return Agreement(raw["reference"], raw["owner"], tuple(versions), Source(relpath, lines.line(("agreement",))))

    def _version(self, relpath, lines, where, raw, report) -> Version:
        in_force = parse_in_force(raw["in_force"], relpath, where + ("in_force",), lines, self.problems)
        review_by = parse_date(raw["review_by"], relpath, lines.line(where + ("review_by",)), self.problems)
        changed_at = parse_date(raw["changed_at"], relpath, lines.line(where + ("changed_at",)), self.problems)
        if review_by < in_force.start or (in_force.end is not None and review_by > in_force.end):
            report(
                where + ("review_by",),
                f"the review date {review_by} is outside the version's period ({in_force.describe()})",
            )
        if changed_at > in_force.start:
            report(
                where + ("changed_at",),
                f"changed_at ({changed_at}) is after the version came into force ({in_force.start}): "
                "record a change no later than the day it takes effect",
            )
        parties = []
        for index, party in enumerate(raw["parties"]):
            recipient = party.get("recipient")
            if recipient is not None:
                self._known("recipient", recipient, where + ("parties", index, "recipient"), report)
            parties.append(Party(party["name"], recipient))
        for key, question in VOCABULARY:
            for index, value in enumerate(raw[key]):
                self._known(question, value, where + (key, index), report)
        for index, basis in enumerate(raw["lawful_bases"]):
            if basis not in self.bases:
                report(
                    where + ("lawful_bases", index),
                    f"'{basis}' is not a ground or data-protection rule of the pack{did_you_mean(basis, self.bases)}",
                )
        return Version(
            version=raw["version"],
            title=raw["title"],
            in_force=in_force,
            review_by=review_by,
            parties=tuple(parties),
            purposes=tuple(raw["purposes"]),
            lawful_bases=tuple(raw["lawful_bases"]),
            data_categories=tuple(raw["data_categories"]),
            formats=tuple(raw["formats"]),
            conditions=dict(raw["conditions"]),
            document_url=raw["document"]["url"],
            document_sha256=raw["document"]["sha256"],
            changed_by=raw["changed_by"],
            changed_at=changed_at,
            change=raw["change"],
            dpia=raw.get("dpia"),
            source=Source(relpath, lines.line(where)),
        )

    def _known(self, question_id: str, value: str, path: tuple, report) -> None:
        question = self.questions.get(question_id)
        if question is None:
            return  # reported once by _pack_questions
        options = [o.id for o in question.options]
        if value not in options:
            report(path, f"'{value}' is not an option of '{question_id}'{did_you_mean(value, options)}")

    def _reporter(self, relpath, lines):
        def report(path, message):
            self.problems.append(Problem(relpath, lines.line(path), message))

        return report
