"""The meeting pack: per agenda subject, what may be shared and what not, and the record of each disclosure.

Nothing here decides anything. A subject whose record is saved shows the advice kept in that record (as it
was when the officer decided); a subject still being checked shows the engine's advice on its answers today;
a subject not yet checked says so. The same view feeds the meeting page, the printable pack and its PDF
(``web.pdf``), so the three always agree.
"""

from __future__ import annotations

from typing import Any

from flask import g

import engine
import engine.agreements as agreements
from engine.records import RecordError
from web import db, draft_store
from web.advice_view import advice_view
from web.dates import uk_time
from web.meeting_store import Meeting, Subject
from web.pack import find_question, get_pack, option_label, today
from web.records import get_store
from web.words import plain, words

SHARED = ("share", "share_redacted")


def context(meeting: Meeting, kind: str) -> dict[str, Any]:
    """What the meeting page, the printable pack and the PDF show."""
    pack = get_pack()
    question = find_question(pack, "purpose")
    purpose = option_label(question, meeting["purpose"]) if question and meeting["purpose"] else ""
    return {
        "meeting": meeting,
        "kind": kind,
        "purpose": purpose,
        "agreement": _agreement(pack, meeting),
        "subjects": [_subject(pack, subject) for subject in meeting["subjects"]],
    }


def _agreement(pack: engine.Pack, meeting: Meeting) -> dict[str, Any] | None:
    """The agreement the meeting runs under, as it stands on the meeting's date and today."""
    reference = meeting["agreement_reference"]
    entry = pack.register.get(reference) if reference else None
    if entry is None:
        return None
    on_the_day = agreements.status_on(entry, meeting["held_on"])
    now = agreements.status_on(entry, today())
    return {
        "reference": reference,
        "version": on_the_day.version.version,
        "title": on_the_day.version.title,
        "status": on_the_day.status,
        "status_today": now.status,
        "review_by": on_the_day.version.review_by.isoformat(),
        "expires": on_the_day.version.in_force.end.isoformat() if on_the_day.version.in_force.end else None,
        "conditions": dict(on_the_day.version.conditions),
    }


def _subject(pack: engine.Pack, subject: Subject) -> dict[str, Any]:
    record, advice, answers, state = None, None, None, "not_started"
    if subject["record_id"]:
        try:
            record = get_store().get(subject["record_id"])
        except RecordError:
            record = None
        if record is not None:
            advice, answers, state = record["advice"], record["answers"], "recorded"
    if record is None and subject["draft_id"]:
        draft = draft_store.get_draft(db.get_engine(), subject["draft_id"], _user_id())
        if draft is not None:
            answers = draft["answers"]
            try:
                advice = pack.decide(answers, as_at=today())
            except engine.AnswerError:
                advice = None
            state = "questions" if advice is None or advice["missing"] else "advised"
    out: dict[str, Any] = {"subject": subject, "state": state, "record": record, "advice": None}
    if advice is not None and state != "questions":
        view = advice_view(answers or {}, advice)
        out["advice"] = advice
        out["shared"] = [_item(view, item) for item in advice["items"] if item["outcome"] in SHARED]
        out["held"] = [_item(view, item) for item in advice["items"] if item["outcome"] not in SHARED]
    return out


def _item(view: dict[str, Any], item: dict[str, Any]) -> dict[str, Any]:
    return {
        "label": view["category"](item["category"]),
        "outcome": words().outcome(item["outcome"]),
        "classes": words().outcome_class(item["outcome"]).strip(),
        "reasons": item["reasons"],
    }


def _user_id() -> int:
    return int(g.user["id"])


def document(ctx: dict[str, Any]) -> dict[str, Any]:
    """The meeting pack as a plain document for ``web.meeting_pdf``: a title, key facts and one section per
    subject, worded by ``words.meeting_pack`` (``say``) and ``words.check_state``."""

    def say(code: str, *values: Any) -> str:
        return plain(words().meeting_pack(code, values))

    meeting = ctx["meeting"]
    held_on = uk_time(meeting["held_on"], "date")
    facts = [(say("meeting"), ctx["kind"]), (say("date"), held_on), (say("purpose"), ctx["purpose"])]
    agreement = ctx["agreement"]
    if agreement:
        facts.append(
            (say("agreement"), say("agreement_version", *(agreement[k] for k in ("reference", "version", "title"))))
        )
        facts.append((say("agreement_on_the_day"), say("agreement_status", agreement["status"])))
    else:
        facts.append((say("agreement"), say("no_agreement")))
    sections = []
    for number, entry in enumerate(ctx["subjects"], start=1):
        rows: list[tuple[str, str]] = [(say("state"), plain(words().check_state(entry["state"])))]
        paragraphs: list[str] = []
        advice = entry["advice"]
        if advice is not None:
            rows.append((say("advice"), plain(words().decision(advice["decision"]))))
            rows += [(item["label"], plain(item["outcome"])) for item in entry["shared"] + entry["held"]]
            paragraphs.append(advice["summary"])
            paragraphs += [say("condition", c["text"]) for c in advice["conditions"]]
            paragraphs += [say("refer_to", r["role"], r["reason"]) for r in advice["refer_to"]]
        record = entry["record"]
        if record is not None:
            rows.append((say("decision_recorded"), plain(words().decision(record["decision"]["final"]))))
            rows.append((say("record"), say("record_hash", record["id"], record["hash"][:16])))
        sections.append({"heading": f"{number}. {entry['subject']['label']}", "rows": rows, "paragraphs": paragraphs})
    marking = say("marking")
    return {
        "title": say("title", ctx["kind"], held_on),
        "marking": marking,
        "footer": say("footer", marking),
        "facts": facts,
        "sections": sections,
    }
