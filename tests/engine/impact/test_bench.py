"""`sharewise bench --impact`'s measurement runs end to end on a few records (the timing itself is not tested)."""

import datetime as dt

from engine.impact.bench import measure_impact, write_draft
from tests.conftest import POLICIES


def test_the_impact_benchmark_replays_every_record_it_wrote(bundled_pack):
    result = measure_impact(bundled_pack, POLICIES, 12, 1, dt.date(2026, 6, 1))
    assert result["records"] == 12
    assert result["draft_change"] == "A-IPA16-INTERCEPT: effect withhold -> refer"
    assert set(result) == {
        "records",
        "changed",
        "draft_change",
        "seconds",
        "per_record_ms",
        "setup_seconds",
        "target_seconds",
        "meets_target",
    }


def test_the_benchmark_draft_changes_one_value(tmp_path):
    assert write_draft(POLICIES, str(tmp_path / "draft")) == "A-IPA16-INTERCEPT"
    changed = (tmp_path / "draft" / "rules" / "bars.yaml").read_text()
    with open(f"{POLICIES}/rules/bars.yaml", encoding="utf-8") as handle:
        lines = handle.read().split("\n")
    diff = [(a, b) for a, b in zip(lines, changed.split("\n")) if a != b]
    assert diff == [("    effect: withhold", "    effect: refer")]
