"""Drafts made from copies of the bundled pack, and small records stores built from the bundled pack's advice."""

from __future__ import annotations

import datetime as dt
import pathlib
import shutil

import pytest

from engine.impact.bench import officer_response
from engine.records import build_record, open_store
from tests.conftest import POLICIES
from tests.records.samples import ANSWERS, OFFICER, SHARING

DAY = dt.date(2026, 6, 1)
INTERCEPT = {**ANSWERS, "data_categories": ["identity", "intercept_product"]}
PLAIN = dict(ANSWERS)


def edit(pack: pathlib.Path, relpath: str, rule_id: str, old: str, new: str) -> None:
    """Replace the first `old` after `- id: rule_id` in one file of a pack copy (one YAML value)."""
    path = pack / relpath
    text = path.read_text(encoding="utf-8")
    start = text.index(f"- id: {rule_id}\n")
    at = text.index(old, start)
    path.write_text(text[:at] + new + text[at + len(old) :], encoding="utf-8")


def response(advice: dict) -> tuple:
    """An officer's acceptance of whatever was advised: ``(decision, sharing)`` for build_record."""
    return officer_response(advice, SHARING)


def write_store(url: str, pack, answer_sets: list, day: dt.date = DAY) -> list:
    """Append one record per answer set, advised by `pack` as at `day`; returns the stored records."""
    stored = []
    with open_store(url) as store:
        for answers in answer_sets:
            advice = pack.decide(answers, day)
            stored.append(
                store.append(
                    build_record(answers, advice, OFFICER, *response(advice), requirements=pack.record_requirements)
                )
            )
    return stored


@pytest.fixture
def store_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'records.sqlite3'}"


@pytest.fixture
def draft(tmp_path) -> pathlib.Path:
    """A writable copy of the bundled pack, scenarios included (the draft under review)."""
    target = tmp_path / "draft"
    shutil.copytree(POLICIES, target)
    return target


@pytest.fixture
def intercept_draft(draft) -> pathlib.Path:
    """The bundled pack with one bar's effect changed: intercept product referred instead of withheld."""
    edit(draft, "rules/bars.yaml", "A-IPA16-INTERCEPT", "effect: withhold", "effect: refer")
    return draft
