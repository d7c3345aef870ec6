"""Tampering: any change to a stored value makes `records verify` fail and name the record.

The guards (triggers, revoked privileges) stop accidents; these tests play an attacker who gets around
them, and show the chain still gives the change away.
"""

import pathlib
import string
import tempfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.records import open_store
from engine.records.chain import HASHED_COLUMNS
from tests.records.conftest import append_samples, tamper

TARGET_SEQ = 3
COLUMNS = HASHED_COLUMNS + ("body", "hash")


def flip(text, position):
    """``text`` with one character changed (a hex digit stays a hex digit)."""
    old = text[position]
    new = "0" if old != "0" else "1"
    if not old.isalnum():
        new = "x"
    return text[:position] + new + text[position + 1 :]


def changed_value(column, value):
    if column == "seq":
        return 1000
    if column == "amends":
        return "11111111-1111-4111-8111-111111111111"
    if column == "body":
        return value.replace("Zebedee", "Zebedea", 1)
    return flip(value, len(value) // 2)


@pytest.mark.parametrize("column", COLUMNS)
def test_changing_any_column_makes_verify_name_the_record(store_url, records_cli, column):
    with open_store(store_url) as store:
        stored = append_samples(store, 5)
    target = stored[TARGET_SEQ - 1]
    original = {
        "seq": target["seq"],
        "id": target["id"],
        "hash": target["hash"],
        "prev_hash": target["prev_hash"],
        "body_sha256": target["body_sha256"],
    }
    with open_store(store_url) as store, store._engine.connect() as connection:
        row = connection.exec_driver_sql(
            f"SELECT {column} FROM justification_records WHERE seq = {TARGET_SEQ}"
        ).scalar_one()
    tamper(
        store_url,
        f"UPDATE justification_records SET {column} = :value WHERE seq = :seq",
        value=changed_value(column, row),
        seq=TARGET_SEQ,
    )

    status, out, err = records_cli("verify", "--database", store_url)

    assert status == 1, (out, err)
    assert out.startswith("FAIL: record ")
    named = out.split("FAIL: record ", 1)[1]
    assert named.startswith(original["id"]) or f"(seq {original['seq']})" in named, out
    assert "Zebedee" not in out + err


def test_deleting_a_record_is_detected(store_url, records_cli):
    with open_store(store_url) as store:
        stored = append_samples(store, 5)
    tamper(store_url, "DELETE FROM justification_records WHERE seq = 3")
    status, out, _ = records_cli("verify", "--database", store_url)
    assert status == 1
    assert stored[3]["id"] in out and "seq 3" in out and "missing" in out


def test_removing_the_tail_is_detected_with_an_anchored_head(store_url, records_cli):
    with open_store(store_url) as store:
        stored = append_samples(store, 5)
    anchor = stored[-1]["hash"]
    assert records_cli("verify", "--database", store_url, "--head", anchor)[0] == 0
    tamper(store_url, "DELETE FROM justification_records WHERE seq >= 4")
    assert records_cli("verify", "--database", store_url)[0] == 0  # without the anchor, a shorter chain is valid
    status, out, _ = records_cli("verify", "--database", store_url, "--head", anchor)
    assert status == 1 and "anchored head" in out


def test_verify_json_output(store_url, records_cli):
    with open_store(store_url) as store:
        append_samples(store, 2)
    tamper(store_url, "UPDATE justification_records SET force = 'Other' WHERE seq = 2")
    status, out, _ = records_cli("verify", "--database", store_url, "--format", "json")
    assert status == 1 and '"first_bad_seq": 2' in out and '"ok": false' in out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_single_character_change_is_named(data):
    """Property: change one character of any stored value of any record; verify names that record."""
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{pathlib.Path(folder) / 'records.sqlite3'}"
        with open_store(url) as store:
            stored = append_samples(store, 4)
            seq = data.draw(st.integers(1, 4), label="seq")
            column = data.draw(st.sampled_from([c for c in COLUMNS if c not in ("seq", "amends")]), label="column")
            with store._engine.connect() as connection:
                value = connection.exec_driver_sql(
                    f"SELECT {column} FROM justification_records WHERE seq = {seq}"
                ).scalar_one()
            position = data.draw(st.integers(0, len(value) - 1), label="position")
            replacement = data.draw(st.sampled_from(string.ascii_letters + string.digits + ' {}":,'), label="char")
            if value[position] == replacement:
                return
            tamper(
                url,
                f"UPDATE justification_records SET {column} = :value WHERE seq = :seq",
                value=value[:position] + replacement + value[position + 1 :],
                seq=seq,
            )
            result = store.verify()
            assert not result.ok
            assert result.first_bad_seq == seq or result.first_bad == stored[seq - 1]["id"], result


def test_flipping_a_byte_of_the_database_file_is_named(sqlite_url, records_cli):
    """The crudest attack: edit the SQLite file itself, outside any database software."""
    with open_store(sqlite_url) as store:
        stored = [
            append_samples(store, 1, sharing={"data_subjects": [f"Subject {n:04d} unique"]})[0] for n in range(1, 6)
        ]
    path = pathlib.Path(sqlite_url.removeprefix("sqlite:///"))
    assert not path.with_name(path.name + "-wal").exists() or path.with_name(path.name + "-wal").stat().st_size == 0
    content = bytearray(path.read_bytes())
    offset = content.index(b"Subject 0004 unique")
    content[offset + 8] ^= 0x01  # 'u' -> 't'
    path.write_bytes(bytes(content))
    status, out, _ = records_cli("verify", "--database", sqlite_url)
    assert status == 1 and stored[3]["id"] in out and "(seq 4)" in out
