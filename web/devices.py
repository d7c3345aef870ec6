"""Device cookies: a browser that has signed in to an account before is known to that account's throttle.

After a successful sign-in the browser gets a signed, HttpOnly cookie naming the account and a random device
id (the OWASP "device cookie" defence against lockout). When it tries to sign in to that account again, its
attempts are throttled on their own, per account and device, instead of by the account's backoff and the
address's limit (``web.throttle``): so a crowd of addresses guessing at an account, or a busy address shared
by many (one NAT, one unconfigured proxy), cannot keep the account's owner out.

The cookie grants nothing but that: it is not a session and signs no one in.
"""

from __future__ import annotations

import secrets

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.wrappers import Response

COOKIE = "sharewise_device"
MAX_AGE_DAYS = 90
_SALT = "sharewise.device"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def device_for(user_id: int | None) -> str | None:
    """The id of this browser's device cookie if it was issued for this account (and is genuine), else None."""
    value = request.cookies.get(COOKIE)
    if user_id is None or not value:
        return None
    try:
        data = _serializer().loads(value, max_age=MAX_AGE_DAYS * 86400)
    except BadSignature:
        return None
    if not isinstance(data, dict) or data.get("u") != user_id or not isinstance(data.get("d"), str):
        return None
    return data["d"][:32]


def remember(response: Response, user_id: int, device: str | None) -> None:
    """Give the browser a device cookie for this account (renewing its lifetime)."""
    value = _serializer().dumps({"u": user_id, "d": device or secrets.token_hex(16)})
    response.set_cookie(
        COOKIE,
        value,
        max_age=MAX_AGE_DAYS * 86400,
        path="/auth/",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Lax",
    )
