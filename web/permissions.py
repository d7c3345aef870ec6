"""Roles and what each may do, in one place, and the decorator every page uses to check them.

A page names the permission it needs (``@requires("record:create")``), never a role, so that giving a
role a new duty is a one-line change here and the role-by-endpoint test matrix shows its effect.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from flask import abort, g, redirect, request, url_for
from flask.typing import ResponseReturnValue

ROLES = ("officer", "supervisor", "legal", "trainer", "admin", "auditor")

PERMISSIONS = {
    # Officers ask, read the advice and keep justification records of their own decisions. They prepare
    # meetings (a check per agenda subject, one meeting pack) and read the agreements register. They are also
    # the trainees: they play the exercises open to their cohorts, and see only their own attempts
    # (practice is kept apart from records; README, Training).
    "officer": {
        "advice:ask",
        "record:create",
        "record:read_own",
        "api:decide",
        "meeting:prepare",
        "agreements:view",
        "training:play",
    },
    # Supervisors do the same, search every record of their force, and review and countersign them.
    "supervisor": {
        "advice:ask",
        "record:create",
        "record:read_own",
        "record:read_force",
        "record:review",
        "api:decide",
        "meeting:prepare",
        "agreements:view",
        "training:play",
    },
    # Legal services try the advice (and the API) to check the policy pack, browse the pack in use and try
    # draft packs against it; they keep no records. They also
    # keep the register of information sharing agreements (with information governance): the register is
    # YAML beside the pack, changed through the same reviewed path, so in the web they read it and see
    # what needs review (`agreements:review`).
    "legal": {"advice:ask", "legal:view", "legal:drafts", "api:decide", "agreements:view", "agreements:review"},
    # Trainers manage exercises, cohorts and the scenarios they write, and see debriefs; they keep no records.
    "trainer": {"advice:ask", "training:manage"},
    # Administrators manage accounts only: they see no advice and no records.
    "admin": {"admin:users"},
    # Auditors read the security audit log only. Not administrators: the log records what administrators
    # do to accounts, so whoever holds them to account should not be one of them (separation of duties),
    # and it shows which records officers opened, which administrators, who see no records, need not know.
    "auditor": {"audit:read"},
}

# Any signed-in user (home page, sign out, their own account page).
SIGNED_IN = "signed-in"

View = Callable[..., ResponseReturnValue]
AnyView = TypeVar("AnyView", bound=Callable[..., Any])


def mark_permission(view: AnyView, permission: str | None) -> AnyView:
    """Leave the permission a view needs on it (``required_permission``; None: open to anyone), so that
    a test can prove that no page was registered without a check."""
    view.__dict__["required_permission"] = permission
    return view


def can(user: Mapping[str, Any] | None, permission: str) -> bool:
    """Whether a user (a row from web.accounts, or None) holds a permission."""
    if user is None:
        return False
    if permission == SIGNED_IN:
        return user["role"] in PERMISSIONS
    return permission in PERMISSIONS.get(user["role"], set())


def requires(permission: str) -> Callable[[View], View]:
    """Guard a view: sign-in page if signed out, 403 if the role lacks the permission.

    The permission is also left on the view function (``required_permission``) so that a test can
    prove that no page was registered without a check.
    """

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapped(**kwargs: Any) -> ResponseReturnValue:
            if g.user is None:
                return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
            if not can(g.user, permission):
                abort(403)
            return view(**kwargs)

        return mark_permission(wrapped, permission)

    return decorator


def public(view: AnyView) -> AnyView:
    """Mark a view as deliberately open to anyone (sign-in page, stylesheet)."""
    return mark_permission(view, None)
