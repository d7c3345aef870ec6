"""JSON Schema validation of policy and scenario files, reported at the line of the offending value.

The schemas ship with the pack (`policies/schema/`) so that editors can validate as legal staff type; the
engine runs the same schemas and maps each error's path back to a line through `yamlsafe.LineMap`.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache

import jsonschema

from engine.pack.location import bundled_schema_dir
from engine.problems import did_you_mean

_BUNDLED = bundled_schema_dir()


@lru_cache(maxsize=8)
def _validator(path: str):
    with open(path, encoding="utf-8") as handle:
        schema = json.load(handle)
    return jsonschema.Draft7Validator(schema)


def schema_path(pack_root: str, name: str) -> str:
    """The pack's own schema file if it has one, else the bundled schema."""
    own = os.path.join(pack_root, "schema", name)
    return own if os.path.exists(own) else os.path.join(_BUNDLED, name)


def _leaf_errors(error):
    """The most specific errors: for if/then and oneOf failures, the sub-errors say what is actually wrong."""
    if error.context:
        best = [e for e in error.context if e.validator not in ("if",)]
        if best:
            deepest = max(len(e.absolute_path) for e in best)
            for sub in best:
                if len(sub.absolute_path) == deepest:
                    yield from _leaf_errors(sub)
            return
    yield error


def _message(error) -> str:
    """What is wrong, without the location (the caller names it)."""
    if error.validator == "type" and error.validator_value == "string" and isinstance(error.instance, (int, float)):
        return f"{error.instance!r} must be text: put it in quotes"
    if error.validator == "pattern":
        return f"{error.instance!r} does not have the expected form ({error.validator_value})"
    return error.message


def _unexpected_keys(error):
    """For an additionalProperties error: the unexpected keys, each with its nearest allowed key."""
    import re as _re

    allowed = list(error.schema.get("properties", {}))
    patterns = list(error.schema.get("patternProperties", {}))
    extras = [k for k in error.instance if k not in allowed and not any(_re.search(p, k) for p in patterns)]
    return [(key, did_you_mean(key, allowed)) for key in extras]


def errors(data, path: str) -> list:
    """Every error of `data` against the schema at `path`, as ``(location, where, message)``: the path of
    the offending value or key (a tuple, to find its line), the path the message is about (the object, for
    an unknown key) and what is wrong. Callers that have no file, such as a web form, name `where` as a field.
    """
    out = []
    for error in _validator(path).iter_errors(data):
        for leaf in _leaf_errors(error):
            where = tuple(leaf.absolute_path)
            if leaf.validator == "additionalProperties" and isinstance(leaf.instance, dict):
                out += [(where + (key,), where, f"unknown key '{key}'{hint}") for key, hint in _unexpected_keys(leaf)]
                continue
            out.append((where, where, _message(leaf)))
    return out


def validate(data, lines, path: str):
    """Validate `data` against the schema at `path`. Returns ``[(line, message), ...]``."""
    return sorted(
        {
            (lines.line(location), f"{'.'.join(str(p) for p in where) or 'file'}: {message}")
            for location, where, message in errors(data, path)
        }
    )
