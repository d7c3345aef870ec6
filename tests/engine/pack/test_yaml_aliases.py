"""Aliases may repeat a value, but not expand a small file into millions of values ("billion laughs")."""

import time

import pytest

from engine.pack import yamlsafe


def test_an_alias_repeats_its_value():
    data, _lines, problems = yamlsafe.load("a: &x [1, 2]\nb: *x\n")
    assert data == {"a": [1, 2], "b": [1, 2]} and problems == []


def test_nested_aliases_are_refused_quickly():
    lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, 9)]
    started = time.monotonic()
    with pytest.raises(yamlsafe.YamlProblem) as caught:
        yamlsafe.load("\n".join(lines))
    assert time.monotonic() - started < 5
    assert "aliases (*name) repeat more than 10,000 values" in caught.value.message
