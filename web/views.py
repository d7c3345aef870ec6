"""App-wide pages and template helpers: the home page, the force's colours, navigation and errors."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask, Response, current_app, g, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError

from web.drafts import unfinished_drafts
from web.pack import DECISIONS
from web.permissions import SIGNED_IN, can, public, requires

# Navigation: (permission, endpoint, text). Shown only to roles that may open the page.
NAVIGATION = (
    ("advice:ask", "questionnaire.start", "Check before sharing"),
    ("record:read_own", "records.mine", "My records"),
    ("record:read_force", "records.force", "Force records"),
    ("legal:view", "legal.index", "Legal"),
    ("training:manage", "training.index", "Training"),
    ("training:play", "practice.index", "Practice"),
    ("admin:users", "admin.users", "Users"),
)


def init_app(app: Flask) -> None:
    """Register the home page, the brand stylesheet, error pages and template globals."""
    app.add_url_rule("/", "index", index)
    app.add_url_rule("/brand.css", "brand_css", brand_css)
    app.context_processor(_template_globals)
    app.register_error_handler(CSRFError, _csrf_error)
    for code in (403, 404, 405, 413, 429, 500):
        app.register_error_handler(code, _error_page)


@requires(SIGNED_IN)
def index() -> ResponseReturnValue:
    """Home: what this role can do, and the officer's unfinished drafts to resume."""
    drafts = []
    if can(g.user, "advice:ask"):
        drafts = unfinished_drafts()
    return render_template("index.html", drafts=drafts)


@public
def brand_css() -> ResponseReturnValue:
    """The force colour as CSS custom properties (config, checked at start-up; no inline styles)."""
    colour = current_app.config["FORCE_COLOUR"]
    css = f":root{{--app-force-colour:{colour};--govuk-brand-colour:{colour};}}\n"
    return Response(css, mimetype="text/css", headers={"Cache-Control": "max-age=300"})


def _template_globals() -> dict[str, Any]:
    """Service and force names, the navigation for this user and label tables for the templates."""
    items = []
    if g.get("user"):
        for permission, endpoint, text in NAVIGATION:
            if can(g.user, permission):
                href = url_for(endpoint)
                items.append({"href": href, "text": text, "active": request.path.startswith(href)})
    return {
        "service_name": current_app.config["SERVICE_NAME"],
        "force_name": current_app.config["FORCE_NAME"],
        "navigation": items,
        "decision_labels": DECISIONS,
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
    return render_template(
        "error.html", status=400, title="This form has expired", message="Go back, reload the page and try again."
    ), 400


ERRORS = {
    403: ("You cannot open this page", "Your role does not give you access to this page."),
    404: ("Page not found", "Check the address, or go back to the home page."),
    405: ("Page not found", "Check the address, or go back to the home page."),
    413: ("Too much information was sent", "Shorten what you entered and try again."),
    429: ("Too many attempts", "Wait a few minutes and try again."),
    500: ("Sorry, there is a problem with the service", "Try again later. Nothing you entered was recorded."),
}


def _error_page(error: Exception) -> ResponseReturnValue:
    """GOV.UK-style error pages for the browser; JSON for the API."""
    status = getattr(error, "code", 500) or 500
    title, message = ERRORS.get(status, ERRORS[500])
    if request.path.startswith("/api/"):
        return {"error": title}, status
    return render_template("error.html", status=status, title=title, message=message), status
