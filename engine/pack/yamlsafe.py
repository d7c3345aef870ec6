"""Strict YAML reading for policy files: plain data only, every value knows its line.

Legal staff edit these files by hand, so the loader refuses what YAML would otherwise quietly accept:
language tags (``!!python/object``), duplicate keys (the second silently wins in PyYAML), merge keys, and
YAML 1.1's habit of turning ``yes``/``no``/``on``/``off`` into booleans and ``2026-02-05`` into a date.
Here only ``true``/``false`` are booleans, dates stay text (the schema checks their form), and numbers
stay numbers, so that a version written ``1.10`` is reported rather than read as 1.1.

`load` returns plain Python data plus a `LineMap` from JSON-pointer-like paths to line numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:merge",
}
# Values a document may build through aliases (`*name` repeats the node `&name` marks). A policy file has
# no need of thousands of them; nested aliases ("billion laughs") would otherwise build billions.
ALIAS_LIMIT = 10_000
_INT = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$")


class YamlProblem(Exception):
    """A problem found while reading YAML, with the line it is on (1-based)."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class LineMap:
    """Line numbers of every value, keyed by path tuple; the nearest known ancestor answers for the rest."""

    lines: dict = field(default_factory=dict)

    def line(self, path) -> int:
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


# libyaml's parser when PyYAML was built with it (several times faster); nodes carry the same marks.
_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Composer(_LOADER):  # a base chosen at import time
    """A safe loader used only to compose nodes; construction is done by `_build` below."""


def _scalar(node: ScalarNode):
    value = node.value
    if node.style:  # quoted scalars are always text
        return value
    if node.tag not in _PLAIN_TAGS:
        raise YamlProblem(node.start_mark.line + 1, f"tag {node.tag} is not allowed in policy files")
    if value in ("true", "false"):
        return value == "true"
    if value in ("null", "~", ""):
        return None
    if _INT.match(value):
        return int(value)
    if _FLOAT.match(value):
        return float(value)
    return value


class _Aliases:
    """Counts the values built by repeating aliased nodes, and stops a document that builds too many."""

    def __init__(self):
        self.seen: set = set()
        self.built = 0

    def visit(self, node, repeated: bool) -> bool:
        """Whether `node` is built as part of a repeat (an alias); raises past `ALIAS_LIMIT`."""
        repeated = repeated or id(node) in self.seen
        self.seen.add(id(node))
        if repeated:
            self.built += 1
            if self.built > ALIAS_LIMIT:
                raise YamlProblem(
                    node.start_mark.line + 1,
                    f"aliases (*name) repeat more than {ALIAS_LIMIT:,} values; write the values out",
                )
        return repeated


def _build(node, path, lines: LineMap, problems: list, aliases: _Aliases | None = None, repeated: bool = False):
    aliases = aliases or _Aliases()
    repeated = aliases.visit(node, repeated)
    lines.lines[path] = node.start_mark.line + 1
    if node.tag not in _PLAIN_TAGS:
        # Recorded, not raised: the rest of the file is still read so that every problem is reported.
        problems.append(YamlProblem(node.start_mark.line + 1, f"tag {node.tag} is not allowed in policy files"))
        return None
    if isinstance(node, ScalarNode):
        return _scalar(node)
    if isinstance(node, SequenceNode):
        return [
            _build(item, path + (index,), lines, problems, aliases, repeated) for index, item in enumerate(node.value)
        ]
    if isinstance(node, MappingNode):
        result = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlProblem(line, "merge keys (<<) are not allowed in policy files; write the keys out")
            if not isinstance(key_node, ScalarNode):
                raise YamlProblem(line, "keys must be plain text")
            key = key_node.value if key_node.style else _scalar(key_node)
            if not isinstance(key, str):
                key = str(key_node.value)
            if key in result:
                problems.append(
                    YamlProblem(line, f"duplicate key '{key}' (first given on line {lines.lines[path + (key,)]})")
                )
                continue
            lines.lines[path + (key,)] = line
            result[key] = _build(value_node, path + (key,), lines, problems, aliases, repeated)
            lines.lines[path + (key,)] = line
        return result
    raise YamlProblem(node.start_mark.line + 1, "unsupported YAML node")


def load(text: str):
    """Parse one YAML document strictly. Returns ``(data, linemap, problems)``; raises `YamlProblem`
    for anything that stops reading (a syntax error or a forbidden tag)."""
    try:
        node = yaml.compose(text, Loader=_Composer)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlProblem(line, f"YAML syntax error: {error.problem or error}") from None
    except yaml.YAMLError as error:
        raise YamlProblem(1, f"YAML error: {error}") from None
    lines = LineMap()
    problems: list = []
    if node is None:
        return None, lines, problems
    data = _build(node, (), lines, problems)
    return data, lines, problems
