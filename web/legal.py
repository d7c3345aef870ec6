"""Legal services' area: the live pack to browse (every rule, by kind and layer, with its source), a search,
the scenarios' coverage and the static analysis. Draft packs are in ``web.legal_drafts``.

The pages only show what the engine and the pack say: rule fields and words from the pack, conditions in
the pack's wording (``engine.decide.describe``), scenarios run by ``engine.scenarios``, the analysis by
``engine.analysis.analyse``. What takes time (the scenarios, the analysis) is worked out once per loaded
pack on a background thread (``web.legal_work``); until it is ready the page says so.
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask.typing import ResponseReturnValue

from web import legal_work
from web.legal_catalogue import catalogue
from web.pack import category_label, find_question, get_pack, option_label, today
from web.permissions import requires

bp = Blueprint("legal", __name__, url_prefix="/legal")


@bp.route("/")
@requires("legal:view")
def index() -> ResponseReturnValue:
    """The live pack in use, and what legal services can do here."""
    pack = get_pack()
    return render_template("legal/index.html", pack=pack, catalogue=catalogue(pack))


@bp.route("/rules")
@requires("legal:view")
def rules() -> ResponseReturnValue:
    """Every rule of the live pack, grouped by kind and then by layer."""
    return render_template("legal/rules.html", catalogue=catalogue(get_pack()))


@bp.route("/rules/<rule_id>")
@requires("legal:view")
def rule(rule_id: str) -> ResponseReturnValue:
    """One rule: every version with its source, dates, note and conditions; the scenarios that exercise
    it; and what uses it."""
    pack = get_pack()
    found = catalogue(pack)
    versions = found.versions.get(rule_id)
    if versions is None:
        abort(404)
    work = legal_work.scenario_results(pack)
    return render_template(
        "legal/rule.html",
        rule_id=rule_id,
        versions=list(reversed(versions)),
        catalogue=found,
        category=lambda category: category_label(pack, category),
        work=work,
        exercised=(work.result or {}).get("exercised", {}).get(rule_id, []),
        used_by=found.used_by.get(rule_id, []),
        today=today(),
    )


@bp.route("/search")
@requires("legal:view")
def search() -> ResponseReturnValue:
    """Rules found by id, title, citation, note or conservative reading."""
    query = request.args.get("q", "").strip()[:200]
    results = catalogue(get_pack()).search(query) if query else []
    return render_template("legal/search.html", query=query, results=results)


@bp.route("/coverage")
@requires("legal:view")
def coverage() -> ResponseReturnValue:
    """The pack's scenarios: which pass, and which rules no scenario exercises."""
    pack = get_pack()
    found = catalogue(pack)
    return render_template("legal/coverage.html", work=legal_work.scenario_results(pack), catalogue=found)


@bp.route("/analysis")
@requires("legal:view")
def analysis() -> ResponseReturnValue:
    """The static analysis of the live pack as at today: gaps, shadowed rules, unused questions."""
    pack = get_pack()
    recipients, purposes = find_question(pack, "recipient"), find_question(pack, "purpose")
    return render_template(
        "legal/analysis.html",
        work=legal_work.analysis(pack, today()),
        catalogue=catalogue(pack),
        recipient=lambda value: option_label(recipients, value) if recipients else value,
        purpose=lambda value: option_label(purposes, value) if purposes else value,
    )
