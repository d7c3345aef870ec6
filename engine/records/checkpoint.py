"""Signed checkpoints of the records chain: the head, signed with Ed25519, kept where an insider cannot reach.

The hash chain shows any change to a record, but not a chain cut short (the newest records removed) or
rewritten whole by someone who recomputes every hash. A checkpoint closes that gap: it states the chain's
head (``seq`` and ``hash``) at a moment, signed with a private key kept outside the database. Verifying
the store against the checkpoints kept elsewhere then proves the store still extends every one of them:
the record at each checkpoint's ``seq`` still has the checkpoint's hash, and nothing before it changed.
A truncated store, a rewritten chain and a forged or altered checkpoint are each refused.

The signature (``cryptography``'s Ed25519) is over the canonical JSON of every other field. The key is a
PKCS#8 PEM file (``generate_key`` makes one, readable only by its owner, with the public key beside it as
``<key>.pub``); verifying needs only the public key. See docs/records.md, "Signed checkpoints".
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import json
import os
import pathlib
from collections.abc import Mapping
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from engine.records.canonical import GENESIS_HASH, canonical_json
from engine.records.errors import RecordError

FORMAT = 1
FIELDS = ("checkpoint_format", "seq", "hash", "record_id", "signed_at", "key_id", "signature")


def generate_key(path: str | os.PathLike[str]) -> pathlib.Path:
    """Write a new private key to ``path`` (0600, refusing to overwrite) and its public key to ``<path>.pub``."""
    target = pathlib.Path(path)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise RecordError("--key", f"{target} already exists; a key is never overwritten") from None
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(pem)
    public = public_key_path(target)
    public.write_bytes(_public_pem(key.public_key()))
    return public


def public_key_path(private: str | os.PathLike[str]) -> pathlib.Path:
    """Where ``generate_key`` puts the public key of the private key at ``private``."""
    return pathlib.Path(f"{private}.pub")


def _public_pem(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def _read(path: str | os.PathLike[str], option: str) -> bytes:
    try:
        return pathlib.Path(path).read_bytes()
    except OSError as error:
        raise RecordError(option, f"cannot read {path}: {error.strerror}") from None


def load_private_key(path: str | os.PathLike[str]) -> Ed25519PrivateKey:
    """The Ed25519 private key in a PEM file; RecordError naming ``--key`` otherwise."""
    try:
        key = serialization.load_pem_private_key(_read(path, "--key"), password=None)
    except (ValueError, TypeError):
        raise RecordError("--key", f"{path} is not an unencrypted PEM private key") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise RecordError("--key", f"{path} is not an Ed25519 key")
    return key


def load_public_key(path: str | os.PathLike[str]) -> Ed25519PublicKey:
    """The Ed25519 public key in a PEM file (a private key's file will do: its public half is used)."""
    data = _read(path, "--public-key")
    try:
        key: Any = serialization.load_pem_public_key(data)
    except (ValueError, TypeError):
        try:
            key = serialization.load_pem_private_key(data, password=None).public_key()
        except (ValueError, TypeError):
            raise RecordError("--public-key", f"{path} is not a PEM public key") from None
    if not isinstance(key, Ed25519PublicKey):
        raise RecordError("--public-key", f"{path} is not an Ed25519 key")
    return key


def key_id(key: Ed25519PublicKey) -> str:
    """A short name for a public key: the first 16 hex digits of the SHA-256 of its raw bytes."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def _signed_text(checkpoint: Mapping[str, Any]) -> bytes:
    return canonical_json({name: checkpoint[name] for name in FIELDS if name != "signature"}).encode("utf-8")


def make(
    head: Mapping[str, Any] | None, key: Ed25519PrivateKey, now: datetime.datetime | None = None
) -> dict[str, Any]:
    """A signed checkpoint of ``head`` (``Store.head()``; None for an empty store, checkpointed at seq 0)."""
    moment = (now or datetime.datetime.now(datetime.UTC)).astimezone(datetime.UTC)
    checkpoint: dict[str, Any] = {
        "checkpoint_format": FORMAT,
        "seq": head["seq"] if head else 0,
        "hash": head["hash"] if head else GENESIS_HASH,
        "record_id": head["id"] if head else None,
        "signed_at": moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "key_id": key_id(key.public_key()),
    }
    checkpoint["signature"] = base64.b64encode(key.sign(_signed_text({**checkpoint, "signature": ""}))).decode("ascii")
    return checkpoint


def problem(checkpoint: Any, key: Ed25519PublicKey) -> str | None:
    """Why a checkpoint cannot be trusted with this public key (malformed, another key, forged), or None."""
    if not isinstance(checkpoint, dict) or set(checkpoint) != set(FIELDS):
        return "it is not a checkpoint (its fields are not " + ", ".join(FIELDS) + ")"
    if checkpoint["checkpoint_format"] != FORMAT:
        return f"its format {checkpoint['checkpoint_format']!r} is not {FORMAT}"
    seq = checkpoint["seq"]
    if isinstance(seq, bool) or not isinstance(seq, int) or seq < 0 or not isinstance(checkpoint["hash"], str):
        return "its seq or hash is malformed"
    if checkpoint["key_id"] != key_id(key):
        return f"it was signed with key {checkpoint['key_id']!r}, not the public key given ({key_id(key)})"
    try:
        key.verify(base64.b64decode(str(checkpoint["signature"]), validate=True), _signed_text(checkpoint))
    except (InvalidSignature, ValueError):
        return "its signature does not verify: it was forged or altered after signing"
    return None


def dumps(checkpoint: Mapping[str, Any]) -> str:
    """A checkpoint as one line of JSON (keys sorted), as written to files and to standard output."""
    return json.dumps(dict(checkpoint), sort_keys=True, separators=(",", ":"))


def file_name(checkpoint: Mapping[str, Any]) -> str:
    """``checkpoint-<seq>-<signed_at>.json``: names sort in the order the checkpoints were taken."""
    stamp = checkpoint["signed_at"].replace("-", "").replace(":", "").replace(".", "")
    return f"checkpoint-{checkpoint['seq']:012d}-{stamp}.json"


def write(checkpoint: Mapping[str, Any], folder: str | os.PathLike[str]) -> pathlib.Path:
    """Write a checkpoint into ``folder`` (made if missing) under ``file_name``; returns the file's path."""
    target = pathlib.Path(folder)
    target.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = target / file_name(checkpoint)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(dumps(checkpoint) + "\n")
    return path


def read_folder(folder: str | os.PathLike[str]) -> list[tuple[str, Any]]:
    """Every ``*.json`` file in ``folder`` as ``(name, parsed JSON or None when unreadable)``, by name."""
    path = pathlib.Path(folder)
    if not path.is_dir():
        raise RecordError("--checkpoints", f"{folder} is not a folder")
    found = []
    for file in sorted(path.glob("*.json")):
        try:
            found.append((file.name, json.loads(file.read_text(encoding="utf-8"))))
        except (OSError, UnicodeDecodeError, ValueError):
            found.append((file.name, None))
    return found


def anchors_from(folder: str | os.PathLike[str], key: Ed25519PublicKey) -> tuple[dict[int, str], list[str]]:
    """``({seq: hash}, problems)`` from a folder of checkpoints, each one's signature checked with ``key``.

    A problem is a file that is not a genuine checkpoint of this key, two genuine ones that disagree, or
    a folder with none at all (they were removed, or none was ever taken).
    """
    anchors: dict[int, str] = {}
    problems = []
    found = read_folder(folder)
    if not found:
        problems.append(f"no checkpoint files (*.json) in {folder}: they were removed, or none was ever taken")
    for name, data in found:
        trouble = "it is not valid JSON" if data is None else problem(data, key)
        if trouble is None and anchors.get(data["seq"], data["hash"]) != data["hash"]:
            trouble = f"another signed checkpoint gives seq {data['seq']} a different hash"
        if trouble is not None:
            problems.append(f"checkpoint {name}: {trouble}")
        else:
            anchors[data["seq"]] = data["hash"]
    return anchors, problems


def take(
    store: Any, key: Ed25519PrivateKey, folder: str | os.PathLike[str] | None
) -> tuple[dict[str, Any] | None, list[str]]:
    """``(checkpoint, [])`` of the store's head once the chain verifies (against the checkpoints already in
    ``folder``, if any), else ``(None, problems)``: a chain that fails is never signed."""
    anchors: dict[int, str] = {}
    if folder is not None and pathlib.Path(folder).is_dir() and any(pathlib.Path(folder).glob("*.json")):
        anchors, problems = anchors_from(folder, key.public_key())
        if problems:
            return None, problems
    result = store.verify(anchors=anchors)
    if not result.ok:
        return None, [result.describe()]
    return make(result.head, key), []
