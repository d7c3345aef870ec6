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

ROLES = ("officer", "supervisor", "legal", "trainer", "admin")

PERMISSIONS = {
    # Officers ask, read the advice and keep justification records of their own decisions.
    "officer": {"advice:ask", "record:create", "record:read_own", "api:decide"},
    # Supervisors do the same and can search every record of their force.
    "supervisor": {"advice:ask", "record:create", "record:read_own", "record:read_force", "api:decide"},
    # Legal services try the advice (and the API) to check the policy pack, browse the pack in use and
    # try draft packs against it; they keep no records.
    "legal": {"advice:ask", "legal:view", "legal:drafts", "api:decide"},
    # Trainers walk through the questionnaire with students; they keep no records.
    "trainer": {"advice:ask", "training:view"},
    # Administrators manage accounts only: they see no advice and no records.
    "admin": {"admin:users"},
}

# Any signed-in user (home page, sign out).
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
