"""Fixture packs for the analysis tests: the bundled metadata and questionnaire plus one fixture file each."""

from __future__ import annotations

import os

import pytest

from tests.conftest import FIXTURES, make_constructs_pack

ANALYSIS_FIXTURES = os.path.join(FIXTURES, "analysis")


def make_fixture_pack(target, name: str, extra: str | None = None) -> str:
    """A pack of the bundled questionnaire and the rules of one analysis fixture (and an optional extra file)."""
    root = make_constructs_pack(target)
    os.remove(os.path.join(root, "constructs.yaml"))
    # The fixtures have no derived fact for identifying details alone, so the pack names none.
    pack_yaml = os.path.join(root, "pack.yaml")
    with open(pack_yaml, encoding="utf-8") as handle:
        lines = [line for line in handle if "identifying_details_alone_useful_when:" not in line]
    with open(pack_yaml, "w", encoding="utf-8") as handle:
        handle.writelines(lines)
    with open(os.path.join(ANALYSIS_FIXTURES, name), encoding="utf-8") as handle:
        text = handle.read()
    with open(os.path.join(root, name), "w", encoding="utf-8") as handle:
        handle.write(text)
    if extra is not None:
        with open(os.path.join(root, "explanations.yaml"), "w", encoding="utf-8") as handle:
            handle.write(extra)
    return root


@pytest.fixture
def fixture_pack(tmp_path):
    """Load a fixture pack by file name: ``fixture_pack("gap.yaml", extra=None)``."""
    import engine

    loaded = []

    def load(name: str, extra: str | None = None):
        pack = engine.load_pack(make_fixture_pack(tmp_path / name.split(".")[0], name, extra))
        loaded.append(pack)
        return pack

    yield load
    for pack in loaded:
        pack.close()
