"""The JSON API: ``POST /api/v1/decide`` gives the same advice as ``sharewise decide``;
``POST /api/v1/change`` changes one answer the way the web journey does (answers about it are dropped).

The body is one answers object or a list of them: the decision contract's questions and the pack's own, among
them ``sharing_format`` (``one_off``, the default, ``meeting``, ``pooled_database``, ``direct_access``) and
``agreement_reference`` (an agreement on the register: the advice then has an ``agreement`` entry, and an
unknown reference is a 400 naming the field). See docs/decision-contract.md ("Additions") and docs/agreements.md.

Authentication is by API token only (``Authorization: Bearer sw_...``, issued with
``sharewise users token USER`` and stored hashed). The session cookie is never accepted here, which is
why the blueprint can be exempt from CSRF: a browser cannot be tricked into sending a bearer token.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from typing import Any

from flask import Blueprint, g, jsonify, request
from flask.typing import ResponseReturnValue

import engine
from web import db, tokens
from web.pack import get_pack
from web.permissions import View, can, mark_permission

bp = Blueprint("api", __name__, url_prefix="/api/v1")

MAX_BATCH = 1000


def token_requires(permission: str) -> Callable[[View], View]:
    """Guard an API view: 401 without a valid token, 403 if the token's user lacks the permission."""

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapped(**kwargs: Any) -> ResponseReturnValue:
            header = request.headers.get("Authorization", "")
            scheme, _, token = header.partition(" ")
            user = tokens.user_for_token(db.get_engine(), token.strip()) if scheme.lower() == "bearer" else None
            if user is None:
                response = jsonify(error="a valid API token is required (Authorization: Bearer <token>)")
                response.headers["WWW-Authenticate"] = 'Bearer realm="sharewise"'
                return response, 401
            if not can(user, permission):
                return jsonify(error="this account may not use this endpoint"), 403
            g.api_user = user
            return view(**kwargs)

        return mark_permission(wrapped, permission)

    return decorator


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
    return jsonify(error=f"{field}: {message}", field=field, message=message), 400


class _BadDate(ValueError):
    """``?as_at`` is not a date."""


def _as_at() -> datetime.date | None:
    """``?as_at=YYYY-MM-DD`` as a date, or None when not given; raises _BadDate when it is not a date."""
    if not request.args.get("as_at"):
        return None
    try:
        return datetime.date.fromisoformat(request.args["as_at"])
    except ValueError:
        raise _BadDate from None


@bp.route("/decide", methods=("POST",))
@token_requires("api:decide")
def decide() -> ResponseReturnValue:
    """Advice for one answers object, or a list of them (a list of advice in the same order).

    ``?as_at=YYYY-MM-DD`` applies the law in force on that date (default today), like ``--as-at``.
    """
    payload = request.get_json(silent=True)
    if payload is None:
        return bad_request("body", "send JSON (Content-Type: application/json): an answers object or a list of them")
    if not isinstance(payload, (dict, list)):
        return bad_request("body", "must be an answers object or a list of them")
    if isinstance(payload, list):
        if len(payload) > MAX_BATCH:
            return bad_request("body", f"at most {MAX_BATCH} answer sets per request")
        for index, item in enumerate(payload):
            if not isinstance(item, dict):
                return bad_request(f"[{index}]", "must be an answers object")
    try:
        as_at = _as_at()
    except _BadDate:
        return bad_request("as_at", "must be a date written YYYY-MM-DD")
    try:
        result = decide_all(get_pack(), payload, as_at)
    except engine.AnswerError as error:
        return bad_request(error.field, error.message)
    return jsonify(result)


@bp.route("/change", methods=("POST",))
@token_requires("api:decide")
def change() -> ResponseReturnValue:
    """Change one answer: ``{"answers": {...}, "question": "recipient", "answer": "media"}``.

    Returns ``{"answers", "dropped", "advice"}``: the answers with the new one, less those that were
    about the old answer (the pack's ``depends_on``) or no longer arise, the ids dropped, and the advice
    on what is left (whose ``missing`` asks for the dropped answers again where they still matter).
    ``?as_at=YYYY-MM-DD`` as for ``/decide``.
    """
    payload = request.get_json(silent=True)
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
    pack = get_pack()
    try:
        pack.check(answers, as_at, "answers.")
        pack.check({question: payload["answer"]}, as_at)
        changed, dropped = pack.change_answer(answers, question, payload["answer"], as_at)
        advice = pack.decide(changed, as_at)
    except engine.AnswerError as error:
        return bad_request(error.field, error.message)
    return jsonify(answers=changed, dropped=dropped, advice=advice)
