"""The JSON API: ``POST /api/v1/decide`` gives the same advice as ``sharewise decide``; ``POST
/api/v1/change`` changes one answer the way the web journey does (answers about it are dropped); ``GET
/api/v1/records`` reads the records the account may read; ``/api/v1/openapi.json`` describes it all.

The body of ``decide`` is one answers object or a list of them: the decision contract's questions and the
pack's own, among them ``sharing_format`` (``one_off``, the default, ``meeting``, ``pooled_database``,
``direct_access``) and ``agreement_reference`` (an agreement on the register: the advice then has an
``agreement`` entry, and an unknown reference is a 400 naming the field). See docs/decision-contract.md
("Additions") and docs/agreements.md.

Authentication is by API token only (``Authorization: Bearer sw_...``, issued with ``sharewise users token
USER`` or on the Users pages, stored hashed, with a scope and an expiry: ``web.tokens``). The session cookie
is never accepted here, which is why the blueprint can be exempt from CSRF: a browser cannot be tricked into
sending a bearer token. Bodies are read within limits (``web.api_input``) and each token's decisions are
rate-limited in the database (``web.rate_limit``). Every refusal is JSON naming the field or the limit.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from typing import Any

from flask import Blueprint, current_app, g, jsonify, request
from flask.typing import ResponseReturnValue

import engine
from web import audit, db, openapi, rate_limit, record_access, tokens
from web.api_input import BodyProblem, read_body
from web.pack import get_pack
from web.permissions import View, can, mark_permission, public

bp = Blueprint("api", __name__, url_prefix="/api/v1")

REFUSED = {
    "unknown": "a valid API token is required (Authorization: Bearer <token>)",
    "expired": "this API token has expired: ask an administrator for a new one",
    "revoked": "this API token has been revoked",
    "account_disabled": "this API token's account is disabled",
}


def token_requires(permission: str, scope: str) -> Callable[[View], View]:
    """Guard an API view: 401 without a working token, 403 if its account lacks the permission or the
    token lacks the scope."""

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapped(**kwargs: Any) -> ResponseReturnValue:
            scheme, _, token = request.headers.get("Authorization", "").partition(" ")
            checked = tokens.check(db.get_engine(), token.strip() if scheme.lower() == "bearer" else "")
            if checked.user is None:
                if checked.token_id is not None:
                    audit.record(
                        "api.token_refused", "refused", actor="", token_id=checked.token_id, reason=checked.refused
                    )
                response = jsonify(error=REFUSED[checked.refused])
                response.headers["WWW-Authenticate"] = 'Bearer realm="sharewise"'
                return response, 401
            g.api_user, g.api_token_id = checked.user, checked.token_id
            if not can(checked.user, permission) or scope not in checked.scopes:
                audit.record("api.denied", "denied", token_id=checked.token_id, endpoint=request.endpoint or "")
                if scope not in checked.scopes:
                    return jsonify(error=f"this API token's scope does not include {scope}"), 403
                return jsonify(error="this account may not use this endpoint"), 403
            return view(**kwargs)

        return mark_permission(wrapped, permission)

    return decorator


def spend_allowance(cost: int) -> ResponseReturnValue | None:
    """None if the token may make ``cost`` more decisions now, else the 429 to send."""
    config = current_app.config
    limit, window = config["API_RATE_LIMIT"], config["API_RATE_WINDOW_SECONDS"]
    wait = rate_limit.spend(db.get_engine(), f"token:{g.api_token_id}", cost, limit, window)
    if not wait:
        return None
    audit.record("api.rate_limited", "refused", token_id=g.api_token_id, keep=False)
    response = jsonify(
        error=f"rate limit: at most {limit} decisions per {window} seconds per token; try again in {wait} seconds",
        limit="rate",
        max=limit,
        window_seconds=window,
        retry_after=wait,
    )
    response.headers["Retry-After"] = str(wait)
    return response, 429


def decide_all(
    pack: engine.Pack, payload: dict[str, Any] | list[dict[str, Any]], as_at: datetime.date | None
) -> dict[str, Any] | list[dict[str, Any]]:
    """Advice for one answers object, or a list of advice for a list, as ``sharewise decide`` gives.

    Raises engine.AnswerError naming the field; for a list the field is prefixed with the item's
    position (``[2].recipient``), as the command line names it.
    """
    if not isinstance(payload, list):
        return pack.decide(payload, as_at)
    if not payload:
        raise engine.AnswerError("answers", "the list of answer sets is empty")
    advice = []
    for index, answers in enumerate(payload):
        try:
            advice.append(pack.decide(answers, as_at))
        except engine.AnswerError as error:
            raise engine.AnswerError(f"[{index}].{error.field}", error.message) from None
    return advice


def bad_request(field: str, message: str) -> ResponseReturnValue:
    """A 400 naming the field, as the contract's command-line errors do."""
    return BodyProblem(field, message).as_json(), 400


class _BadDate(ValueError):
    """``?as_at`` is not a date."""


def _as_at() -> datetime.date | None:
    """``?as_at=YYYY-MM-DD`` as a date, or None when not given; raises _BadDate when it is not a date."""
    if "as_at" not in request.args:
        return None
    try:
        return datetime.date.fromisoformat(request.args["as_at"])
    except ValueError:
        raise _BadDate from None


@bp.route("/decide", methods=("POST",))
@token_requires("api:decide", "decide")
def decide() -> ResponseReturnValue:
    """Advice for one answers object, or a list of them (a list of advice in the same order).

    ``?as_at=YYYY-MM-DD`` applies the law in force on that date (default today), like ``--as-at``.
    """
    config = current_app.config
    try:
        payload = read_body(request, config["API_MAX_BODY_BYTES"], config["API_MAX_DEPTH"], config["API_MAX_BATCH"])
    except BodyProblem as problem:
        return problem.as_json(), problem.status
    try:
        as_at = _as_at()
    except _BadDate:
        return bad_request("as_at", "must be a date written YYYY-MM-DD")
    refusal = spend_allowance(len(payload) if isinstance(payload, list) else 1)
    if refusal is not None:
        return refusal
    try:
        result = decide_all(get_pack(), payload, as_at)
    except engine.AnswerError as error:
        return bad_request(error.field, error.message)
    return jsonify(result)


@bp.route("/change", methods=("POST",))
@token_requires("api:decide", "decide")
def change() -> ResponseReturnValue:
    """Change one answer: ``{"answers": {...}, "question": "recipient", "answer": "media"}``.

    Returns ``{"answers", "dropped", "advice"}``: the answers with the new one, less those that were
    about the old answer (the pack's ``depends_on``) or no longer arise, the ids dropped, and the advice
    on what is left (whose ``missing`` asks for the dropped answers again where they still matter).
    ``?as_at=YYYY-MM-DD`` as for ``/decide``.
    """
    config = current_app.config
    try:
        payload = read_body(request, config["API_MAX_BODY_BYTES"], config["API_MAX_DEPTH"], config["API_MAX_BATCH"])
    except BodyProblem as problem:
        return problem.as_json(), problem.status
    if not isinstance(payload, dict):
        return bad_request("body", 'send a JSON object: {"answers": {...}, "question": ID, "answer": VALUE}')
    unknown = sorted(set(payload) - {"answers", "question", "answer"})
    if unknown:
        return bad_request(unknown[0], "unknown field; expected answers, question and answer")
    answers, question = payload.get("answers", {}), payload.get("question")
    if not isinstance(answers, dict):
        return bad_request("answers", "must be an answers object")
    if not isinstance(question, str) or "answer" not in payload:
        return bad_request("question", "give the question id and its new answer")
    try:
        as_at = _as_at()
    except _BadDate:
        return bad_request("as_at", "must be a date written YYYY-MM-DD")
    refusal = spend_allowance(1)
    if refusal is not None:
        return refusal
    pack = get_pack()
    try:
        pack.check(answers, as_at, "answers.")
        pack.check({question: payload["answer"]}, as_at)
        changed, dropped = pack.change_answer(answers, question, payload["answer"], as_at)
        advice = pack.decide(changed, as_at)
    except engine.AnswerError as error:
        return bad_request(error.field, error.message)
    return jsonify(answers=changed, dropped=dropped, advice=advice)


@bp.route("/records")
@token_requires("record:read_own", "records")
def records() -> ResponseReturnValue:
    """The account's own justification records, newest first, a page at a time (``?page=N``)."""
    from web.records import get_store

    try:
        page = int(request.args.get("page", "1"))
    except ValueError:
        return bad_request("page", "must be a whole number from 1")
    if not 1 <= page <= 10_000:
        return bad_request("page", "must be a whole number from 1 to 10000")
    refusal = spend_allowance(1)
    if refusal is not None:
        return refusal
    size = current_app.config["RECORDS_PAGE_SIZE"]
    rows = record_access.own_records(get_store(), g.api_user, limit=size + 1, offset=(page - 1) * size)
    return jsonify(records=rows[:size], page=page, more=len(rows) > size)


@bp.route("/records/<record_id>")
@token_requires("record:read_own", "records")
def record(record_id: str) -> ResponseReturnValue:
    """One record the account may read (its own; its force's for a supervisor), else 404."""
    from web.records import get_store

    refusal = spend_allowance(1)
    if refusal is not None:
        return refusal
    found = record_access.readable(get_store(), g.api_user, record_id[:100])
    if found is None:
        return jsonify(error="no record with this id that this account may read"), 404
    audit.record("record.viewed", token_id=g.api_token_id, record_id=found["id"], via="api")
    return jsonify(found)


@bp.route("/openapi.json")
@public
def openapi_document() -> ResponseReturnValue:
    """The OpenAPI 3.1 description of this API (public: it holds no data)."""
    return jsonify(openapi.document(current_app.config, get_pack()))
