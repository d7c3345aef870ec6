"""Canonical JSON: the one byte string a record hashes to, wherever and whenever it is hashed.

The chain is only as good as the determinism of these bytes: keys sorted, no insignificant whitespace,
UTF-8 with non-ASCII characters kept as themselves (so the stored text is readable and the same on
SQLite and PostgreSQL), and no NaN or infinity (not JSON, and not equal to themselves).
"""

from __future__ import annotations

import hashlib
import json
import math
from typing import Any

from engine.records.errors import RecordError

GENESIS_HASH = "0" * 64


def canonical_json(value: Any) -> str:
    """Return ``value`` as canonical JSON text (a ``str``).

    ``value`` must already be plain JSON data; call ``check_json`` first to get an error naming the field.
    """
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def sha256_hex(text: str) -> str:
    """Return the SHA-256 of ``text`` encoded as UTF-8, as 64 lower-case hex digits."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def check_json(value: object, path: str) -> None:
    """Raise ``RecordError`` naming the first part of ``value`` that is not plain, storable JSON.

    Plain JSON is dict (string keys), list, str, int, finite float, bool and None. Strings must be
    encodable as UTF-8 (no lone surrogates), because the hash is taken over the UTF-8 bytes.
    """
    if value is None or isinstance(value, bool | int):
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            raise RecordError(path, "must be a finite number")
        return
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise RecordError(path, "contains characters that are not valid Unicode text") from None
        return
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            check_json(item, f"{path}[{index}]")
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise RecordError(path, f"has a key that is not text: {type(key).__name__}")
            check_json(key, f"{path} (a key)")
            check_json(item, f"{path}.{key}")
        return
    raise RecordError(path, f"must be JSON data, not {type(value).__name__}")
