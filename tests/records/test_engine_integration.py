"""Records written from the engine's real advice, then read back through the installed `sharewise` command."""

import csv
import io
import json
import pathlib
import subprocess
import sys

import pytest

from engine import default_pack
from engine.impact.bench import officer_response
from engine.records import build_record, open_store
from tests.records.samples import ANSWERS, OFFICER, SHARING

SHAREWISE = pathlib.Path(sys.executable).with_name("sharewise")


def decision_and_sharing(advice):
    """A valid officer response to whatever the current pack advises."""
    return officer_response(advice, SHARING)


@pytest.fixture
def engine_record(sqlite_url):
    """One record built from the bundled pack's advice on the sample answers.

    SQLite only: what differs between databases is covered by the store tests; this is about the
    engine's advice going through the records commands.
    """
    advice = default_pack().decide(dict(ANSWERS))
    decision, sharing = decision_and_sharing(advice)
    with open_store(sqlite_url) as store:
        stored = store.append(
            build_record(ANSWERS, advice, OFFICER, decision, sharing, requirements=default_pack().record_requirements)
        )
    return sqlite_url, advice, stored


def sharewise(*args):
    assert SHAREWISE.exists(), "the sharewise console script is not installed: run make install"
    return subprocess.run([str(SHAREWISE), "records", *map(str, args)], capture_output=True, text=True, timeout=120)


def test_record_keeps_the_engine_advice_in_full(engine_record):
    _, advice, stored = engine_record
    assert stored["advice"] == advice
    assert stored["policy_pack"] == {key: advice["policy_pack"][key] for key in ("name", "version", "sha256", "as_at")}


def test_export_and_show_through_the_installed_command(engine_record, records_cli):
    url, advice, stored = engine_record
    exported = sharewise("export", "--database", url, "--format", "json")
    assert exported.returncode == 0, exported.stderr
    assert json.loads(exported.stdout)["records"][0]["advice"] == advice
    shown = sharewise("show", stored["id"], "--database", url, "--format", "html")
    assert shown.returncode == 0 and stored["hash"] in shown.stdout and advice["policy_pack"]["sha256"] in shown.stdout

    _, out, _ = records_cli("export", "--database", url, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["id"] == stored["id"] and rows[0]["advised_decision"] == advice["decision"]
    assert rows[0]["pack_sha256"] == advice["policy_pack"]["sha256"]
    _, out, _ = records_cli("show", stored["id"], "--database", url)
    assert f"decision.advised: {advice['decision']}" in out
    status, out, _ = records_cli("verify", "--database", url)
    assert status == 0 and out.startswith("OK: 1 records")


def test_bad_input_through_the_installed_command_exits_2_without_traceback(engine_record):
    url = engine_record[0]
    result = sharewise("export", "--database", url, "--format", "json", "--from", "21/11/2026")
    assert result.returncode == 2 and result.stdout == ""
    assert "--from" in result.stderr and "Traceback" not in result.stderr
