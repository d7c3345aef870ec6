"""Security headers: a per-request nonce Content-Security-Policy and the usual hardening headers.

Hand-written rather than Flask-Talisman (stalled since 2023) because twenty lines are easier to audit.
The only inline script on any page is the GOV.UK template's one-line ``js-enabled`` flag, which carries
the nonce; everything else is loaded from our own origin as a module. No inline styles are allowed.
"""

from __future__ import annotations

import secrets

from flask import Flask, Response, g, request

CSP = (
    "default-src 'self'; "
    "script-src 'self' 'nonce-{nonce}'; "
    "style-src 'self'; "
    "img-src 'self'; "
    "font-src 'self'; "
    "connect-src 'self'; "
    "object-src 'none'; "
    "base-uri 'none'; "
    "frame-ancestors 'none'; "
    "form-action 'self'"
)


def init_app(app: Flask) -> None:
    """Hook the nonce and the headers into every request and template."""
    app.before_request(_make_nonce)
    app.after_request(_set_headers)
    app.context_processor(lambda: {"cspNonce": csp_nonce()})


def csp_nonce() -> str:
    """This request's nonce (made on first use, e.g. when an error page renders early)."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(18)
    return g.csp_nonce


def _make_nonce() -> None:
    csp_nonce()


def _set_headers(response: Response) -> Response:
    """Add the CSP and hardening headers; pages are never cached (they hold case details)."""
    headers = response.headers
    headers["Content-Security-Policy"] = CSP.format(nonce=csp_nonce())
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    headers["Referrer-Policy"] = "no-referrer"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()"
    if not request.path.startswith("/static/"):
        headers["Cache-Control"] = "no-store"
    return response


def safe_next(target: str | None, default: str) -> str:
    """A local path to go to after sign-in, or the default: never another site (open redirect).

    Browsers drop tabs and newlines from a URL and read a backslash as a slash, so ``/%09/evil.example`` (a tab, decoded)
    is ``//evil.example`` to them; and a newline cannot go into a Location header at all. Anything but
    printable ASCII (other characters arrive percent-encoded from ``url_for``) is refused outright.
    """
    if (
        target
        and len(target) <= 2000
        and target.startswith("/")
        and all("!" <= c <= "~" for c in target)
        and not target.startswith("//")
        and "\\" not in target
    ):
        return target
    return default
