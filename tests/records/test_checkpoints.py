"""Signed checkpoints (issue 13): a truncated store, a rewritten chain and a forged checkpoint are each caught.

Without a checkpoint, `verify` cannot see the newest records removed, nor a chain rewritten by someone who
recomputes every hash: the first two tests show that gap, the rest that `verify --checkpoints` closes it.
"""

import json
import os
import stat

import pytest
import sqlalchemy as sa

from engine.records import checkpoint, open_store
from engine.records.canonical import canonical_json, sha256_hex
from engine.records.chain import row_hash
from tests.records.conftest import append_samples, tamper


@pytest.fixture
def key(tmp_path):
    path = tmp_path / "keys" / "checkpoint.pem"
    checkpoint.generate_key(path)
    return path


@pytest.fixture
def signed(store_url, key, tmp_path, records_cli):
    """Five records, a checkpoint of them in a folder, then two more records appended."""
    with open_store(store_url) as store:
        stored = append_samples(store, 5)
    folder = tmp_path / "checkpoints"
    status, out, err = records_cli("checkpoint", "--database", store_url, "--key", key, "--output", folder)
    assert status == 0, err
    assert out.strip().startswith(str(folder))
    with open_store(store_url) as store:
        stored += append_samples(store, 2)
    return store_url, stored, folder


def verify(records_cli, url, folder, key, *extra):
    return records_cli("verify", "--database", url, "--checkpoints", folder, "--public-key", f"{key}.pub", *extra)


def rewrite_from(url, seq):
    """Change the record at ``seq`` and recompute every hash from there on, as an insider would."""
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        rows = [
            dict(r) for r in connection.execute(sa.text("SELECT * FROM justification_records ORDER BY seq")).mappings()
        ]
    engine.dispose()
    previous = rows[seq - 2]["hash"] if seq > 1 else "0" * 64
    for row in rows[seq - 1 :]:
        if row["seq"] == seq:
            body = json.loads(row["body"])
            body["necessity"] = "rewritten after the event"
            row["body"] = canonical_json(body)
            row["body_sha256"] = sha256_hex(row["body"])
        row["prev_hash"] = previous
        row["hash"] = row_hash(row)
        previous = row["hash"]
        tamper(
            url,
            "UPDATE justification_records SET body = :body, body_sha256 = :sha, prev_hash = :prev, hash = :hash WHERE seq = :seq",
            body=row["body"],
            sha=row["body_sha256"],
            prev=row["prev_hash"],
            hash=row["hash"],
            seq=row["seq"],
        )


def test_without_checkpoints_a_truncated_store_still_verifies(signed, records_cli):
    url, _stored, _folder = signed
    tamper(url, "DELETE FROM justification_records WHERE seq > 3")
    assert records_cli("verify", "--database", url)[0] == 0  # the gap issue 13 describes


def test_without_checkpoints_a_rewritten_chain_still_verifies(signed, records_cli):
    url, _stored, _folder = signed
    rewrite_from(url, 2)
    assert records_cli("verify", "--database", url)[0] == 0  # the gap issue 13 describes


def test_the_store_extends_its_checkpoints(signed, records_cli, key):
    url, stored, folder = signed
    status, out, err = verify(records_cli, url, folder, key)
    assert status == 0, out + err
    assert out.strip() == (
        f"OK: 7 records verified; chain head seq 7 hash {stored[-1]['hash']}; extends 1 signed checkpoints (newest at seq 5)"
    )


def test_a_truncated_store_is_caught(signed, records_cli, key):
    url, _stored, folder = signed
    tamper(url, "DELETE FROM justification_records WHERE seq > 3")
    status, out, _err = verify(records_cli, url, folder, key)
    assert status == 1
    assert "the store ends at seq 3, but a signed checkpoint vouches for seq 5" in out
    assert "truncated" in out


def test_a_rewritten_chain_is_caught(signed, records_cli, key):
    url, stored, folder = signed
    rewrite_from(url, 2)
    status, out, _err = verify(records_cli, url, folder, key)
    assert status == 1
    assert out.startswith(f"FAIL: record {stored[4]['id']} (seq 5)")
    assert "rewritten" in out


def test_a_forged_checkpoint_is_refused(signed, records_cli, key, tmp_path):
    url, stored, folder = signed
    (path,) = folder.glob("*.json")
    genuine = json.loads(path.read_text())
    # An insider who rewrote the chain forges a checkpoint of the new head: without the key, the
    # signature does not verify.
    forged = dict(genuine, seq=7, hash=stored[-1]["hash"], record_id=stored[-1]["id"])
    (folder / "checkpoint-forged.json").write_text(json.dumps(forged))
    status, out, _err = verify(records_cli, url, folder, key)
    assert status == 1
    assert "FAIL: checkpoint checkpoint-forged.json: its signature does not verify" in out


def test_a_checkpoint_signed_with_another_key_is_refused(signed, records_cli, key, tmp_path):
    url, _stored, folder = signed
    other = tmp_path / "other.pem"
    checkpoint.generate_key(other)
    with open_store(url) as store:
        head = store.head()
    (folder / "checkpoint-other.json").write_text(
        checkpoint.dumps(checkpoint.make(head, checkpoint.load_private_key(other)))
    )
    status, out, _err = verify(records_cli, url, folder, key)
    assert status == 1 and "signed with key" in out


def test_removing_every_checkpoint_is_noticed(signed, records_cli, key):
    url, _stored, folder = signed
    for path in folder.glob("*.json"):
        path.unlink()
    status, out, _err = verify(records_cli, url, folder, key)
    assert status == 1 and "no checkpoint files" in out


def test_checkpoint_refuses_to_sign_a_chain_that_no_longer_extends_the_last(signed, records_cli, key):
    url, _stored, folder = signed
    tamper(url, "DELETE FROM justification_records WHERE seq > 3")
    status, out, err = records_cli("checkpoint", "--database", url, "--key", key, "--output", folder)
    assert status == 1 and out == ""
    assert "truncated" in err and "no checkpoint taken" in err
    assert len(list(folder.glob("*.json"))) == 1


def test_checkpoint_to_standard_output_and_json_verify(signed, records_cli, key, tmp_path):
    url, stored, folder = signed
    status, out, _err = records_cli("checkpoint", "--database", url, "--key", key, "--output", "-")
    assert status == 0
    line = json.loads(out)
    assert (line["seq"], line["hash"], line["record_id"]) == (7, stored[-1]["hash"], stored[-1]["id"])
    assert checkpoint.problem(line, checkpoint.load_public_key(f"{key}.pub")) is None
    status, out, _err = verify(records_cli, url, folder, key, "--format", "json")
    result = json.loads(out)
    assert status == 0 and result["ok"] and result["checkpoints"] == 1 and result["checkpoint_problems"] == []


def test_an_empty_store_can_be_checkpointed(store_url, key, tmp_path, records_cli):
    open_store(store_url).close()
    folder = tmp_path / "empty"
    assert records_cli("checkpoint", "--database", store_url, "--key", key, "--output", folder)[0] == 0
    assert verify(records_cli, store_url, folder, key)[0] == 0


def test_keys_are_private_and_never_overwritten(key, records_cli):
    assert stat.S_IMODE(os.stat(key).st_mode) == 0o600
    assert b"PUBLIC KEY" in checkpoint.public_key_path(key).read_bytes()
    status, _out, err = records_cli("keygen", "--key", key)
    assert status == 2 and "already exists" in err


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["checkpoint"], "--key"),
        (["checkpoint", "--key", "/nonexistent/key.pem"], "--key"),
        (["verify", "--checkpoints", "/nonexistent"], "--public-key"),
    ],
)
def test_missing_keys_and_folders_are_named(sqlite_url, records_cli, monkeypatch, args, field):
    for name in ("SHAREWISE_CHECKPOINT_KEY", "SHAREWISE_CHECKPOINT_PUBLIC_KEY", "SHAREWISE_CHECKPOINT_DIR"):
        monkeypatch.delenv(name, raising=False)
    open_store(sqlite_url).close()
    status, out, err = records_cli(*args, "--database", sqlite_url)
    assert status == 2 and out == ""
    assert err.startswith(f"sharewise records: {field}")


def test_the_key_and_folder_come_from_the_environment(signed, records_cli, key, monkeypatch):
    url, _stored, folder = signed
    monkeypatch.setenv("SHAREWISE_CHECKPOINT_KEY", str(key))
    monkeypatch.setenv("SHAREWISE_CHECKPOINT_DIR", str(folder))
    assert records_cli("checkpoint", "--database", url)[0] == 0
    assert len(list(folder.glob("*.json"))) == 2
    status, out, _err = records_cli("verify", "--database", url, "--checkpoints", folder)
    assert status == 0 and "extends 2 signed checkpoints (newest at seq 7)" in out
