"""Security audit events as JSON lines: one object per line, structured fields only, never free text.

An event is ``{"at", "event", "outcome", ...}`` plus fields that are ids, codes, roles, scopes, dates and
addresses: no message a person wrote, no answers, no record content, no password or token. The web app
(``web.audit``) writes the same lines, and keeps each event in its database for the audit pages as well;
the ``sharewise records`` commands write theirs (exports, checkpoints) here.

Where the lines go: ``SHAREWISE_AUDIT_LOG`` (a file, appended to, created readable only by its owner; ``-``
for standard error, where a log shipper can collect it), else ``audit.log`` in the instance folder when
that folder exists. Every event also goes to the ``sharewise.audit`` logger at INFO.
"""

from __future__ import annotations

import datetime
import json
import logging
import os
import re
import sys
from collections.abc import Mapping
from typing import Any

from engine.records.config import instance_dir

log = logging.getLogger("sharewise.audit")

# A field value: a number, true/false, null, or short text of the characters ids, codes, dates and
# addresses use. Anything else is refused, so free text cannot slip into the log.
_SAFE_TEXT = re.compile(r"[\w.:/@+\-]{0,120}")


def default_path() -> str | None:
    """SHAREWISE_AUDIT_LOG, else instance/audit.log if the instance folder exists, else None."""
    configured = os.environ.get("SHAREWISE_AUDIT_LOG")
    if configured:
        return configured
    folder = instance_dir()
    return str(folder / "audit.log") if folder.is_dir() else None


def system_actor() -> str:
    """``cli:<system user>``: who ran a command, as the audit log names them."""
    import getpass

    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    return "cli:" + re.sub(r"[^\w.@+-]", "_", user)[:60]


def utc_now() -> str:
    """The time an event is stamped with: UTC, ``YYYY-MM-DDTHH:MM:SS.ffffffZ``."""
    return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def check_field(name: str, value: Any) -> None:
    """Refuse a field that is not structured (ValueError naming it): see ``_SAFE_TEXT``."""
    if not re.fullmatch(r"[a-z_]{1,40}", name):
        raise ValueError(f"audit field name {name!r} is not an identifier")
    if value is None or isinstance(value, (bool, int)):
        return
    if not isinstance(value, str) or not _SAFE_TEXT.fullmatch(value):
        raise ValueError(f"audit field {name!r} must be an id, code or date, not free text")


def entry(event: str, outcome: str = "ok", **fields: Any) -> dict[str, Any]:
    """An event as a dict, its fields checked."""
    record = {"at": utc_now(), "event": event, "outcome": outcome, **fields}
    for name, value in record.items():
        check_field(name, value)
    return record


def line(record: Mapping[str, Any]) -> str:
    """One JSON line (keys sorted, no spaces), without the newline."""
    return json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def append(path: str | None, record: Mapping[str, Any]) -> None:
    """Write one event to ``path`` (``-``: standard error; None: only the logger)."""
    text = line(record)
    log.info(text)
    if not path:
        return
    if path == "-":
        sys.stderr.write(text + "\n")
        sys.stderr.flush()
        return
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(descriptor, (text + "\n").encode("ascii"))  # one write: lines from several processes stay whole
    finally:
        os.close(descriptor)


def emit(event: str, outcome: str = "ok", **fields: Any) -> dict[str, Any]:
    """Stamp, check and write one event to the default place (see the module docstring); returns it."""
    record = entry(event, outcome, **{"actor": system_actor(), **fields})
    append(default_path(), record)
    return record
