"""App-wide pages and template helpers: the home page, the force's colours, navigation and errors."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask, Response, current_app, g, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError

from web import audit
from web.dates import uk_time
from web.drafts import unfinished_drafts
from web.permissions import SIGNED_IN, can, public, requires
from web.reviews import queue_count
from web.words import plain, template_words, words

# Navigation: (permission, endpoint); its words are in words/_words.html. Shown only to roles that may open it.
NAVIGATION = (
    ("advice:ask", "questionnaire.start"),
    ("meeting:prepare", "meetings.index"),
    ("record:read_own", "records.mine"),
    ("record:read_force", "records.force"),
    ("record:review", "reviews.queue"),
    ("legal:view", "legal.index"),
    ("agreements:view", "agreements.index"),
    ("training:manage", "training.index"),
    ("training:play", "practice.index"),
    ("admin:users", "admin.users"),
    ("audit:read", "audit_pages.index"),
)


def init_app(app: Flask) -> None:
    """Register the home page, the brand stylesheet, error pages and template globals."""
    app.add_url_rule("/", "index", index)
    app.add_url_rule("/brand.css", "brand_css", brand_css)
    app.context_processor(_template_globals)
    app.add_template_filter(uk_time, "uk_time")
    app.register_error_handler(CSRFError, _csrf_error)
    for code in (403, 404, 405, 413, 429, 500):
        app.register_error_handler(code, _error_page)


@requires(SIGNED_IN)
def index() -> ResponseReturnValue:
    """Home: what this role can do, and the officer's unfinished drafts to resume."""
    drafts = []
    if can(g.user, "advice:ask"):
        drafts = unfinished_drafts()
    to_review = None
    if can(g.user, "record:review"):
        to_review = queue_count()
    return render_template("index.html", drafts=drafts, to_review=to_review)


@public
def brand_css() -> ResponseReturnValue:
    """The force colour as CSS custom properties (config, checked at start-up; no inline styles)."""
    colour = current_app.config["FORCE_COLOUR"]
    css = f":root{{--app-force-colour:{colour};--govuk-brand-colour:{colour};}}\n"
    return Response(css, mimetype="text/css", headers={"Cache-Control": "max-age=300"})


def _template_globals() -> dict[str, Any]:
    """Service and force names, the navigation for this user and label tables for the templates."""
    items: list[dict[str, Any]] = []
    if g.get("user"):
        for permission, endpoint in NAVIGATION:
            if can(g.user, permission):
                items.append({"href": url_for(endpoint), "text": words().nav(endpoint), "active": False})
    # Only the closest match is the current page ("/records/force" is not also "/records/").
    current = [item for item in items if request.path.startswith(item["href"])]
    if current:
        max(current, key=lambda item: len(item["href"]))["active"] = True
    return {
        "service_name": current_app.config["SERVICE_NAME"],
        "force_name": current_app.config["FORCE_NAME"],
        "navigation": items,
        "words": template_words(),
        "error_items": _error_items,
        "paragraphs": paragraphs,
        "can": can,
    }


def paragraphs(text: str) -> list[str]:
    """A narrative as paragraphs: blank lines part them; a single line break (a scenario file's wrapping)
    is a space."""
    blocks = re.split(r"\n\s*\n", text.strip())
    return [" ".join(line.strip() for line in block.splitlines()) for block in blocks if block.strip()]


def _error_items(errors: dict[str, str]) -> list[dict[str, str]]:
    """Error summary entries linking to each field (``errors`` maps an element id to its message)."""
    return [{"text": message, "href": "#" + field} for field, message in errors.items()]


def _csrf_error(error: CSRFError) -> ResponseReturnValue:
    """A form posted without a valid CSRF token (expired page, or another site posting)."""
    return render_template("error.html", status=400, reason="csrf"), 400


def _error_page(error: Exception) -> ResponseReturnValue:
    """GOV.UK-style error pages for the browser; JSON for the API."""
    status = getattr(error, "code", 500) or 500
    if status == 403 and g.get("user"):
        audit.record("access.denied", "denied", endpoint=request.endpoint or "")
    if request.path.startswith("/api/"):
        return {"error": plain(words().error_title(status))}, status
    return render_template("error.html", status=status, reason=status), status
