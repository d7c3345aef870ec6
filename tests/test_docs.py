"""Documentation tests (datasette style): every schema field and every command is documented, or a test fails."""

import json
import os
import re

import pytest

from tests.conftest import ROOT, run_cli


def read(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as handle:
        return handle.read()


def schema_fields(node, out):
    if isinstance(node, dict):
        for key, value in node.get("properties", {}).items():
            out.add(key)
            schema_fields(value, out)
        for key in ("definitions", "patternProperties"):
            for value in node.get(key, {}).values():
                schema_fields(value, out)
        for key in ("allOf", "oneOf", "anyOf"):
            for value in node.get(key, []):
                schema_fields(value, out)
        for key in ("items", "then", "if", "additionalProperties"):
            if isinstance(node.get(key), dict):
                schema_fields(node[key], out)
    return out


@pytest.mark.parametrize("schema", ["pack.schema.json", "scenario.schema.json"])
def test_every_schema_field_is_documented(schema):
    fields = schema_fields(json.loads(read(f"policies/schema/{schema}")), set())
    doc = read("docs/policy-format.md")
    undocumented = sorted(f for f in fields if not re.search(rf"`{re.escape(f)}`|\b{re.escape(f)}:", doc))
    assert undocumented == []


def test_every_command_is_documented_in_the_readme():
    readme = read("README.md")
    result = run_cli("--help")
    commands = re.findall(r"^    (\w+)\s{2,}", result.out, re.M)
    assert {"decide", "explain", "validate", "test", "bench"} <= set(commands)
    for command in commands:
        assert f"sharewise {command}" in readme, command
        assert run_cli(command, "--help").code == 0
