"""`sharewise records verify|export|show`: results, exit codes and errors that name the field."""

import csv
import io
import json
import stat
from importlib import metadata

import pytest

from engine.records import open_store
from tests.records.conftest import append_samples


@pytest.fixture
def filled(store_url):
    """A store with three records; returns (url, records as stored)."""
    with open_store(store_url) as store:
        return store_url, append_samples(store, 3)


def assert_clean_error(status, out, err, field):
    assert status == 2
    assert out == ""
    assert field in err and "Traceback" not in err


def test_verify_ok(filled, records_cli):
    url, stored = filled
    status, out, err = records_cli("verify", "--database", url)
    assert status == 0 and err == ""
    assert out.strip() == f"OK: 3 records verified; chain head seq 3 hash {stored[-1]['hash']}"


def test_verify_json(filled, records_cli):
    url, stored = filled
    status, out, _ = records_cli("verify", "--database", url, "--format", "json")
    result = json.loads(out)
    assert status == 0 and result["ok"] is True and result["head"]["hash"] == stored[-1]["hash"]


def test_verify_with_anchor(filled, records_cli):
    url, stored = filled
    assert records_cli("verify", "--database", url, "--head", stored[1]["hash"].upper())[0] == 0
    assert records_cli("verify", "--database", url, "--head", "e" * 64)[0] == 1


def test_verify_bad_anchor_is_bad_input(filled, records_cli):
    assert_clean_error(*records_cli("verify", "--database", filled[0], "--head", "xyz"), "--head")


def test_missing_store_is_bad_input_and_not_created(tmp_path, records_cli):
    path = tmp_path / "nope.sqlite3"
    assert_clean_error(*records_cli("verify", "--database", f"sqlite:///{path}"), "--database")
    assert not path.exists()


def test_unsupported_database_is_bad_input(records_cli):
    assert_clean_error(*records_cli("show", "x", "--database", "mysql://h/db"), "--database")


def test_unreachable_database_fails_cleanly(records_cli):
    status, out, err = records_cli("verify", "--database", "postgresql://nobody:pw@127.0.0.1:1/none")
    assert status == 1 and out == "" and "Traceback" not in err and err.startswith("sharewise records: open:")


def test_export_json_in_chain_order(filled, records_cli):
    url, stored = filled
    status, out, _ = records_cli("export", "--database", url, "--format", "json")
    exported = json.loads(out)
    assert status == 0
    assert [r["id"] for r in exported["records"]] == [r["id"] for r in stored]
    assert exported["records"][0] == stored[0]
    assert exported["chain_head"]["hash"] == stored[-1]["hash"]
    assert exported["from"] is None and exported["to"] is None


def test_export_date_range(filled, records_cli):
    url, stored = filled
    today = stored[0]["created_at"][:10]
    _, out, _ = records_cli("export", "--database", url, "--format", "json", "--from", today, "--to", today)
    assert len(json.loads(out)["records"]) == 3
    _, out, _ = records_cli("export", "--database", url, "--format", "json", "--to", "2000-01-01")
    assert json.loads(out)["records"] == []


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--from", "2026-02-30"], "--from"),
        (["--to", "tomorrow"], "--to"),
        (["--from", "2026-03-02", "--to", "2026-03-01"], "--to"),
    ],
)
def test_export_bad_dates_name_the_option(filled, records_cli, args, field):
    assert_clean_error(*records_cli("export", "--database", filled[0], "--format", "csv", *args), field)


def test_export_needs_a_format(filled, records_cli):
    status, out, err = records_cli("export", "--database", filled[0])
    assert status == 2 and "--format" in err and "Traceback" not in err


def test_export_csv(filled, records_cli):
    url, stored = filled
    status, out, _ = records_cli("export", "--database", url, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert status == 0 and len(rows) == 3
    assert rows[0]["id"] == stored[0]["id"] and rows[0]["seq"] == "1"
    assert rows[0]["decision_maker"] == "PC Ada Example" and rows[0]["final_decision"] == "share_with_conditions"
    assert rows[0]["legal_power"] == "Children Act 2004, s.11"
    assert rows[2]["hash"] == stored[2]["hash"] and rows[0]["accepted"] == "true"


def test_export_csv_cannot_smuggle_a_formula(store_url, records_cli):
    with open_store(store_url) as store:
        append_samples(store, 1, sharing={"what_was_shared": '=HYPERLINK("http://evil.example","click")'})
    _, out, _ = records_cli("export", "--database", store_url, "--format", "csv")
    row = next(csv.DictReader(io.StringIO(out)))
    assert row["what_was_shared"].startswith("'=HYPERLINK")


def test_export_to_a_private_file(filled, records_cli, tmp_path):
    target = tmp_path / "export.json"
    status, out, _ = records_cli("export", "--database", filled[0], "--format", "json", "--output", target)
    assert status == 0 and out == ""
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert len(json.loads(target.read_text(encoding="utf-8"))["records"]) == 3


def test_export_to_an_unwritable_place_is_bad_input(filled, records_cli, tmp_path):
    target = tmp_path / "no" / "such" / "dir.json"
    assert_clean_error(
        *records_cli("export", "--database", filled[0], "--format", "json", "--output", target), "--output"
    )


def test_show_text(filled, records_cli):
    url, stored = filled
    status, out, _ = records_cli("show", stored[1]["id"], "--database", url)
    assert status == 0
    assert out.startswith(f"id: {stored[1]['id']}\n")
    assert "decision_maker.name: PC Ada Example\n" in out
    assert f"chain_head: seq 3 hash {stored[2]['hash']}" in out


def test_show_json(filled, records_cli):
    url, stored = filled
    _, out, _ = records_cli("show", stored[0]["id"], "--database", url, "--format", "json")
    assert json.loads(out) == {**stored[0], "amended_by": [], "reviewed_by": []}


def test_show_html(filled, records_cli, tmp_path):
    url, stored = filled
    target = tmp_path / "record.html"
    status, _, _ = records_cli("show", stored[0]["id"], "--database", url, "--format", "html", "--output", target)
    html = target.read_text(encoding="utf-8")
    assert status == 0 and html.startswith("<!DOCTYPE html>")
    assert stored[0]["hash"] in html and stored[2]["hash"] in html  # the record's hash and the chain head


def test_show_unknown_id_is_bad_input(filled, records_cli):
    assert_clean_error(*records_cli("show", "no-such-id", "--database", filled[0]), "ID")


def test_database_defaults_to_the_environment(filled, records_cli, monkeypatch):
    monkeypatch.setenv("SHAREWISE_DATABASE_URL", filled[0])
    assert records_cli("verify")[0] == 0


def test_database_defaults_to_the_instance_folder(records_cli, monkeypatch, tmp_path):
    monkeypatch.delenv("SHAREWISE_INSTANCE_DIR")
    monkeypatch.chdir(tmp_path)
    with open_store() as store:
        append_samples(store, 1)
    assert (tmp_path / "instance" / "sharewise.sqlite3").is_file()
    assert records_cli("verify")[1].startswith("OK: 1 records")


def test_records_without_an_action_shows_help(records_cli):
    status, out, err = records_cli()
    assert status == 2 and out == "" and "verify" in err


def test_registered_as_a_sharewise_command():
    names = {entry.name: entry.value for entry in metadata.entry_points(group="sharewise.commands")}
    assert names.get("records") == "engine.records.cli:register", "re-run: pip install -e . (make install)"


def test_a_file_that_is_not_a_database_fails_cleanly(tmp_path, records_cli):
    path = tmp_path / "garbage.sqlite3"
    path.write_text("not a database at all " * 50)
    status, out, err = records_cli("verify", "--database", f"sqlite:///{path}")
    assert status == 1 and out == "" and "Traceback" not in err and "not a database" in err
