"""The security audit log, for auditors: the newest events first, filtered by kind, a page at a time.

Auditors hold their own role (``audit:read``), apart from administrators: see ``web.permissions``.
"""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue

from web import accounts, audit, db
from web.permissions import requires

bp = Blueprint("audit_pages", __name__, url_prefix="/audit")

PAGE_SIZE = 50
# The families of events the filter offers, by the prefix of their names ("" for all); words.audit_family words them.
FAMILIES = ("", "auth.", "access.", "api.", "record.", "account.", "token.")


@bp.route("/")
@requires("audit:read")
def index() -> ResponseReturnValue:
    """The audit log's newest events (``?event=`` a family such as ``account.``; ``?page=N``)."""
    family = request.args.get("event", "")
    if family not in FAMILIES:
        family = ""
    try:
        page = max(1, min(int(request.args.get("page", "1")), 10_000))
    except ValueError:
        page = 1
    engine = db.get_engine()
    rows = audit.recent(engine, event=family or None, limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE)
    names = {user["id"]: user["username"] for user in accounts.list_users(engine)}
    return render_template(
        "audit/index.html",
        rows=rows[:PAGE_SIZE],
        more=len(rows) > PAGE_SIZE,
        page=page,
        family=family,
        families=FAMILIES,
        names=names,
    )
