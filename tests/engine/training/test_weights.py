"""The weighting trainees are told about (docs/training.md) is the weighting the code uses."""

from __future__ import annotations

import os
import re

from engine.training.weights import WEIGHTS, Part, total
from tests.conftest import ROOT


def published_weights() -> dict:
    """The `| part | weight |` table of docs/training.md, in its order."""
    with open(os.path.join(ROOT, "docs", "training.md"), encoding="utf-8") as handle:
        text = handle.read()
    table = text.split("| part | weight |", 1)[1].split("\n\n", 1)[0]
    return {name: int(weight) for name, weight in re.findall(r"^\| (\w+) \| (\d+) \|$", table, re.M)}


def test_the_published_table_is_the_code_weighting():
    assert list(published_weights().items()) == list(WEIGHTS.items())


def test_the_weights_add_up_to_100():
    assert sum(WEIGHTS.values()) == 100


def test_only_a_perfect_attempt_scores_100():
    perfect = [Part(name, 7, 7) for name in WEIGHTS]
    assert total(perfect) == 100
    one_slip = [Part(name, 299, 300) if name == "facts" else Part(name, 1, 1) for name in WEIGHTS]
    assert total(one_slip) == 99


def test_a_part_with_nothing_to_mark_earns_its_weight():
    parts = [Part(name, 0, 0) if name == "decision" else Part(name, 0, 1) for name in WEIGHTS]
    assert total(parts) == WEIGHTS["decision"]
    assert Part("decision", 0, 0).points == WEIGHTS["decision"]


def test_each_part_is_its_weight_times_the_share_right():
    parts = [Part("facts", 9, 12), Part("decision", 0, 1), Part("items", 2, 3), Part("power", 1, 1)]
    # 30 * 9/12 + 0 + 30 * 2/3 + 10 = 22.5 + 20 + 10 = 52.5, rounded down
    assert total(parts) == 52
    assert [p.points for p in parts] == [22.5, 0.0, 20.0, 10.0]
