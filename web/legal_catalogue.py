"""The live pack as legal services browse it: rules grouped by kind and layer, each rule's versions with
its conditions in the pack's own words, where it is used, and a search.

Nothing here decides anything: the words come from the pack (titles, notes, citations, and
``wording.conditions`` through the engine's ``Describer``), and the catalogue is built once per loaded
pack, because a pack does not change while it is loaded.
"""

from __future__ import annotations

import dataclasses
import threading
from typing import Any

import engine
from engine.decide.describe import Describer
from engine.decide.wording import Wording
from engine.vocabulary import RULE_KINDS
from rules.ir import RuleHolds, walk

_LOCK = threading.Lock()
_CATALOGUES: dict[int, Catalogue] = {}
SEARCHED = ("id", "title", "citation", "note", "conservative")
_APOSTROPHES = str.maketrans("", "", "'\u2019\u2018")


@dataclasses.dataclass
class Catalogue:
    """What the legal pages show of one pack."""

    pack: engine.Pack
    versions: dict[str, list[Any]]  # rule id -> every version, earliest first
    groups: list[dict[str, Any]]  # [{kind, heading, layers: [{layer, name, rules: [latest version]}]}]
    used_by: dict[str, list[dict[str, str]]]  # rule id -> [{kind, id, title, how}]
    describer: Describer
    layers: dict[int, str]  # layer -> its name in the pack's wording

    def describe(self, condition: Any) -> str:
        """A condition in plain English, in the pack's words."""
        return self.describer.node(condition)

    def search(self, query: str) -> list[dict[str, Any]]:
        """Rules whose id, title, citation, note or conservative reading contain every word of `query`, in any
        case and with or without apostrophes (people type "Clares Law" and "Sarahs Law")."""
        words = _folded(query).split()
        found = []
        for versions in self.versions.values():
            matched = set()
            for word in words:
                fields = {f for rule in versions for f in SEARCHED if word in _folded(str(getattr(rule, f)))}
                if not fields:
                    break
                matched |= fields
            else:
                if words:
                    found.append({"rule": versions[-1], "matched": [f for f in SEARCHED if f in matched]})
        return found


def _folded(text: str) -> str:
    """Text as search compares it: lower case, apostrophes left out."""
    return text.lower().translate(_APOSTROPHES)


def catalogue(pack: engine.Pack) -> Catalogue:
    """The catalogue of a loaded pack, built on first use."""
    with _LOCK:
        found = _CATALOGUES.get(id(pack))
        if found is None or found.pack is not pack:
            found = _CATALOGUES[id(pack)] = _build(pack)
            while len(_CATALOGUES) > 4:
                del _CATALOGUES[next(iter(_CATALOGUES))]
        return found


def _build(pack: engine.Pack) -> Catalogue:
    versions: dict[str, list[Any]] = {}
    for rule in pack.rules:
        versions.setdefault(rule.id, []).append(rule)
    for rules in versions.values():
        rules.sort(key=lambda r: r.in_force.start)
    wording = Wording(pack.data.wording)
    groups = []
    for kind in RULE_KINDS:
        latest = [rules[-1] for rules in versions.values() if rules[-1].kind == kind]
        if not latest:
            continue
        layers = [
            {
                "layer": layer,
                "name": wording.layers.get(layer, str(layer)),
                "rules": [r for r in latest if r.layer == layer],
            }
            for layer in sorted({r.layer for r in latest})
        ]
        groups.append({"kind": kind, "layers": layers})
    describer = Describer(
        {q.id: q for q in pack.questions}, {d.id: d for d in pack.data.derived}, {r.id: r for r in pack.rules}, wording
    )
    return Catalogue(pack, versions, groups, _used_by(pack), describer, wording.layers)


def _used_by(pack: engine.Pack) -> dict[str, list[dict[str, str]]]:
    """Where each rule is used: rules and derived facts whose conditions read it, questions asked only
    when it holds, and bars that set it aside."""
    out: dict[str, list[dict[str, str]]] = {}

    def add(rule_id: str, entry: dict[str, str]) -> None:
        if entry not in out.setdefault(rule_id, []):
            out[rule_id].append(entry)

    for rule in pack.rules:
        for node in walk(rule.condition):
            if isinstance(node, RuleHolds):
                add(node.rule_id, {"kind": "rule", "id": rule.id, "title": rule.title, "how": "reads"})
        for blocked in rule.blocks:
            add(blocked, {"kind": "rule", "id": rule.id, "title": rule.title, "how": "blocks"})
    for derived in pack.data.derived:
        for case in derived.cases:
            for node in walk(case.condition):
                if isinstance(node, RuleHolds):
                    add(node.rule_id, {"kind": "derived", "id": derived.id, "title": derived.title, "how": "reads"})
    for question in pack.questions:
        if question.ask_when is not None:
            for node in walk(question.ask_when):
                if isinstance(node, RuleHolds):
                    add(node.rule_id, {"kind": "question", "id": question.id, "title": question.wording, "how": "asks"})
    return out
