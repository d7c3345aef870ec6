"""`sharewise impact` through the installed command: exit codes, the documented JSON structure, the text
report, and refusing an invalid pack exactly as `sharewise validate` does."""

import json
import os
import re
import shutil

import pytest

from tests.conftest import FIXTURES, ROOT, run_cli
from tests.engine.impact.conftest import INTERCEPT, PLAIN, write_store


def documented_keys(title: str) -> set:
    """The keys in the first column of the table that follows `title` in docs/impact.md."""
    with open(os.path.join(ROOT, "docs", "impact.md"), encoding="utf-8") as handle:
        text = handle.read()
    rows = text.split(title, 1)[1].split("\n\n", 2)[1]
    keys = set()
    for row in rows.splitlines()[2:]:
        keys |= set(re.findall(r"`(\w+)`", row.split("|")[1]))
    return keys


@pytest.fixture
def flipped(intercept_draft, store_url, bundled_pack):
    write_store(store_url, bundled_pack, [INTERCEPT, PLAIN])
    return intercept_draft, store_url


def test_json_report_has_exactly_the_documented_keys(flipped):
    draft, url = flipped
    result = run_cli("impact", str(draft), "--database-url", url, "--format", "json")
    assert result.code == 1, result.err
    report = json.loads(result.out)
    assert set(report) == documented_keys("Top-level keys:")
    assert set(report["summary"]) == documented_keys("`summary`:")
    group = report["groups"][0]
    assert set(group) == documented_keys("Each entry of `groups`:")
    case_keys = documented_keys("Each case:")
    sources = set()
    for case in group["cases"]:
        sources.add(case["source"])
        assert set(case) <= case_keys
        assert {"source", "as_at", "decision", "changes", "less_restrictive", "more_restrictive", "caused_by"} <= set(
            case
        )
    assert sources == {"scenario", "record"}
    assert report["summary"]["records"]["changed"] == 1 and report["summary"]["records"]["total"] == 2


def test_text_report_gives_counts_then_less_restrictive_changes_first(flipped):
    draft, url = flipped
    result = run_cli("impact", str(draft), "--records", "--database-url", url)
    assert result.code == 1, result.err
    lines = result.out.splitlines()
    assert re.fullmatch(
        r"\d+ of \d+ scenarios and 1 of 2 past decisions change; \d+ become less restrictive and \d+ more restrictive\.",
        lines[4],
    ), lines[4]
    less = result.out.index("Less restrictive changes: check these first")
    assert (
        less
        < result.out.index("Changes by the rules that caused them")
        < result.out.index("Rules changed in the draft")
    )
    assert "intercept_product: withhold -> refer" in result.out
    assert "effect: withhold -> refer" in result.out


def test_a_draft_identical_to_the_live_pack_exits_0(draft, store_url, bundled_pack):
    write_store(store_url, bundled_pack, [PLAIN])
    result = run_cli("impact", str(draft), "--database-url", store_url)
    assert result.code == 0, result.out + result.err
    assert "Nothing changes" in result.out
    assert "0 of 1 past decisions change" in result.out


def test_an_invalid_draft_is_refused_exactly_as_validate_refuses_it(draft):
    shutil.copy(os.path.join(FIXTURES, "bad", "undefined_option.yaml"), draft / "undefined_option.yaml")
    impact = run_cli("impact", str(draft))
    validate = run_cli("validate", str(draft))
    assert impact.code == 3 and validate.code == 3
    assert impact.out == ""
    assert "undefined_option.yaml:12: " in impact.err
    assert impact.err == validate.err


def test_an_invalid_against_pack_exits_3(draft, pack_copy):
    shutil.copy(os.path.join(FIXTURES, "bad", "duplicate_key.yaml"), pack_copy / "duplicate_key.yaml")
    result = run_cli("impact", str(draft), "--against", str(pack_copy))
    assert result.code == 3 and result.out == ""
    assert "duplicate_key.yaml:10: " in result.err


@pytest.mark.parametrize(
    ("arguments", "option"),
    [
        (["--as-at", "2026-13-01"], "--as-at"),
        (["--as-at", "1990-01-01"], "--as-at"),
        (["--database-url", "sqlite:////nonexistent/records.sqlite3"], "--database-url"),
        (["--database-url", "mysql://somewhere/db"], "--database-url"),
    ],
)
def test_bad_arguments_exit_2_with_one_line_naming_the_option(draft, arguments, option):
    result = run_cli("impact", str(draft), *arguments)
    assert result.code == 2 and result.out == ""
    assert result.err.count("\n") == 1 and option in result.err and "Traceback" not in result.err


def test_records_without_a_store_exits_2(draft, tmp_path, monkeypatch):
    monkeypatch.delenv("SHAREWISE_DATABASE_URL", raising=False)
    monkeypatch.setenv("SHAREWISE_INSTANCE_DIR", str(tmp_path / "instance"))
    result = run_cli("impact", str(draft), "--records")
    assert result.code == 2 and "--database-url: no records store at" in result.err
    assert not (tmp_path / "instance").exists()  # the command never creates a store
