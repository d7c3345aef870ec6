"""Justification records: a tamper-evident, append-only record of every sharing decision.

Public API (used by the web front end and the ``sharewise records`` commands)::

    from engine.records import open_store, build_record, missing_answers, render_html, RecordInput, RecordError

    store = open_store()                      # SHAREWISE_DATABASE_URL, else ./instance/sharewise.sqlite3
    record = store.append(build_record(answers, advice, officer, decision, sharing,
                                       requirements=pack.record_requirements))
    record["id"], record["seq"], record["hash"], record["created_at"], record["appended_at"]
    store.get(record_id)                      # dict (with "amended_by") or None
    store.list(decision_maker=None, force=None, text=None, limit=50, offset=0)
    store.verify()                            # VerifyResult: ok, first_bad, first_bad_seq, reason, head
    store.head()                              # {seq, id, hash, created_at} or None
    render_html(record, store.head())         # print-ready HTML, showing the chain head hash
    store.append(build_review(record, supervisor, "concerns", "why"))   # a review: its own chain entry
    store.list(filters=Filters(force=..., needs_review=True, reviewed=False)); store.count(filters)

``build_record(answers, advice, officer, decision, sharing, now=None, *, requirements, amends=None,
amendment_reason=None, retention=None)``:

* ``requirements``: the pack's ``RecordRequirements`` (``Pack.record_requirements``, read from
  policies/record.yaml): which inputs a record needs, and when. This package never reads a pack.

* ``officer``: ``{name, rank_or_role, force_number, force}``
* ``decision``: ``{accepted: bool, override_reason, final_decision}``
* ``sharing``: ``{necessity_rationale, proportionality_rationale, what_was_shared, redactions_applied,
  method, requester, identity_verification, data_subjects, authoriser, consent_notes, review_date}``
  (optional: ``recipient_detail``, ``purpose_detail``, ``shared_at``)

``missing_answers(answers)``: the ids of the questions a record needs an answer to that ``answers``
lacks (``recipient``, ``purpose``, ``request_direction``, ``data_categories``), checked exactly as
``build_record`` checks them, so a caller can ask for them before the rest of the record.

An amendment is a new record built with ``amends=<earlier id>`` and ``amendment_reason``; the earlier
record is never changed. ``RecordError`` (bad input; ``.field`` names the field) and ``StoreError``
(database trouble) never carry record content in their messages. See docs/records.md.
"""

from engine.records.answers import missing_answers
from engine.records.builder import RecordInput, build_record
from engine.records.chain import VerifyResult
from engine.records.config import RetentionPolicy
from engine.records.errors import RecordError, RecordErrors, StoreError
from engine.records.queries import Filters
from engine.records.render import render_html
from engine.records.requirements import RecordRequirements
from engine.records.reviews import build_review, needs_review
from engine.records.store import Store, open_store

__all__ = [
    "Filters",
    "RecordError",
    "RecordErrors",
    "RecordInput",
    "RecordRequirements",
    "RetentionPolicy",
    "Store",
    "StoreError",
    "VerifyResult",
    "build_record",
    "build_review",
    "missing_answers",
    "needs_review",
    "open_store",
    "render_html",
]
