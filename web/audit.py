"""The security audit log: each event a JSON line (``engine.audit``) and a row of ``web_audit_log``.

Events (``event``, with ``outcome`` ok, failed, refused or denied):

* sign-in: ``auth.sign_in`` (ok, failed, refused by the throttle), ``auth.sign_out``,
  ``auth.session_refused`` (a cookie whose session has ended: copied, idle, too old, account disabled),
  ``auth.sign_out_everywhere``, ``auth.password_changed``;
* access: ``access.denied`` (a page the role may not open), ``api.token_refused`` (a revoked or expired
  token, or a disabled account's), ``api.denied`` (role or scope), ``api.rate_limited``;
* records: ``record.created``, ``record.viewed``, ``record.printed`` (pages and the API);
  ``record.exported`` and ``records.checkpoint`` come from the ``sharewise records`` commands, as lines only;
* accounts and tokens: ``account.created``, ``account.disabled``, ``account.enabled``,
  ``account.role_changed``, ``account.password_set``, ``account.sessions_ended``, ``token.issued``,
  ``token.revoked``.

Fields are ids, codes and dates only (``engine.audit`` refuses anything else), never free text: who acted
(``actor_id``, ``actor``: the username then, or ``cli:<system user>``), on what (``subject_id``, ``token_id``,
``record_id``), from where (``address``) and structured ``details`` (a role, a scope, a reason code).
The table refuses UPDATE and DELETE (migration 0006_security). Lines go to AUDIT_LOG: a file (default
``audit.log`` in the instance folder), ``-`` for standard error, or empty for none.
"""

from __future__ import annotations

import datetime
import json
import os
import re
from typing import Any

from flask import current_app, g, has_request_context, request
from sqlalchemy import insert, select
from sqlalchemy.engine import Engine

from engine import audit as lines
from web.db import transaction
from web.schema import audit_log


def record(
    event: str,
    outcome: str = "ok",
    *,
    engine: Engine | None = None,
    path: str | None = None,
    actor: dict[str, Any] | str | None = None,
    subject_id: int | None = None,
    token_id: int | None = None,
    record_id: str | None = None,
    keep: bool = True,
    **details: Any,
) -> dict[str, Any]:
    """Write one event; in a request, the actor (the signed-in or API user) and address are filled in.

    Outside a request (the command line) pass ``engine``, ``path`` (the JSON lines' file) and ``actor``.
    ``keep=False`` writes the JSON line only, for events that may come in floods (a client over its rate
    limit), so that they cost no database write.
    """
    if has_request_context():
        engine = (engine or current_app.extensions["sharewise_db"]) if keep else None
        path = path if path is not None else log_path()
        if actor is None:
            actor = g.get("api_user") or g.get("user")
    columns: dict[str, Any] = {
        "actor_id": actor.get("id") if isinstance(actor, dict) else None,
        "actor": (actor.get("username", "") if isinstance(actor, dict) else actor or "")[:120],
        "subject_id": subject_id,
        "token_id": token_id,
        "record_id": record_id,
        "address": _address() if has_request_context() else "",
    }
    entry = lines.entry(event, outcome, **columns, **details)
    lines.append(path, entry)
    if engine is not None:
        with transaction(engine) as conn:
            conn.execute(
                insert(audit_log).values(
                    at=datetime.datetime.fromisoformat(entry["at"].rstrip("Z")),
                    event=event,
                    outcome=outcome,
                    details=json.dumps(details, sort_keys=True),
                    **columns,
                )
            )
    return entry


def _address() -> str:
    """The client's address, if it looks like one (behind a proxy it comes from a header anyone can write)."""
    address = (request.remote_addr or "")[:64]
    return address if re.fullmatch(r"[0-9A-Fa-f.:]*", address) else "not-an-address"


def log_path() -> str | None:
    """Where this app writes the JSON lines: AUDIT_LOG, else audit.log in the instance folder."""
    configured = current_app.config.get("AUDIT_LOG")
    if configured is None:
        return os.path.join(current_app.instance_path, "audit.log")
    return configured or None


def recent(engine: Engine, *, event: str | None = None, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    """Events newest first (optionally of one kind, or one family such as ``account.``), for the audit pages."""
    query = select(audit_log).order_by(audit_log.c.id.desc()).limit(limit).offset(offset)
    if event:
        query = query.where(audit_log.c.event.startswith(event, autoescape=True))
    with engine.connect() as conn:
        rows = [dict(row) for row in conn.execute(query).mappings()]
    for row in rows:
        row["details"] = json.loads(row["details"] or "{}")
    return rows
