"""Records as JSON, CSV and plain text, for `sharewise records export` and `show`.

JSON keeps every field; CSV keeps one row per record with the Part D2 fields a reviewer filters on
(the full answers and advice stay in JSON). Cells that a spreadsheet would run as a formula are
prefixed with an apostrophe (OWASP "CSV injection"), because free text comes from officers and requesters.
"""

from __future__ import annotations

import csv
import datetime
import json
from collections.abc import Iterable
from typing import IO, Any

# The order a person reads a record in (Part D2), for text output.
TEXT_ORDER = (
    "id",
    "created_at",
    "kind",
    "amends",
    "amended_by",
    "reviews",
    "outcome",
    "reasons",
    "reviewed_by",
    "decision",
    "decision_maker",
    "authoriser",
    "authorisation_required",
    "request",
    "recipient",
    "data_subjects",
    "data_categories",
    "purpose",
    "legal_power",
    "data_protection",
    "necessity",
    "proportionality",
    "consent",
    "information_shared",
    "handling",
    "agreement",
    "meeting",
    "review",
    "policy_pack",
    "engine_version",
    "record_format",
    "answers",
    "advice",
    "seq",
    "appended_at",
    "hash",
    "prev_hash",
    "body_sha256",
)


def _join(values: Iterable[object]) -> str:
    return "; ".join(str(value) for value in values if value not in (None, ""))


def _citations(bases: Iterable[dict[str, Any]]) -> str:
    return _join(basis.get("citation") or basis.get("title") or basis.get("id") for basis in bases)


CSV_COLUMNS = {
    "seq": lambda r: r["seq"],
    "id": lambda r: r["id"],
    "created_at": lambda r: r["created_at"],
    "appended_at": lambda r: r["appended_at"],
    "kind": lambda r: r["kind"],
    "amends": lambda r: (r["amends"] or {}).get("id"),
    "amendment_reason": lambda r: (r["amends"] or {}).get("reason"),
    "decision_maker": lambda r: r["decision_maker"]["name"],
    "rank_or_role": lambda r: r["decision_maker"]["rank_or_role"],
    "force_number": lambda r: r["decision_maker"]["force_number"],
    "force": lambda r: r["decision_maker"]["force"],
    "authoriser": lambda r: _join((r["authoriser"] or {}).values()),
    "request_direction": lambda r: r["request"]["direction"],
    "requester": lambda r: r["request"]["requester"],
    "identity_verification": lambda r: r["request"]["identity_verification"],
    "recipient": lambda r: r["recipient"]["type"],
    "recipient_detail": lambda r: r["recipient"]["detail"],
    "data_subjects": lambda r: _join(
        f"{s['description']} ({s['role'] or 'role not given'})" for s in r["data_subjects"]
    ),
    "data_categories": lambda r: _join(r["data_categories"]),
    "purpose": lambda r: r["purpose"]["id"],
    "law_enforcement_purpose": lambda r: r["purpose"]["law_enforcement"],
    "legal_power": lambda r: _citations(r["legal_power"]),
    "data_protection_regime": lambda r: r["data_protection"]["regime"],
    "data_protection_bases": lambda r: _citations(r["data_protection"]["bases"]),
    "necessity": lambda r: r["necessity"],
    "proportionality": lambda r: r["proportionality"],
    "consent": lambda r: r["consent"]["consent"],
    "subject_notified": lambda r: r["consent"]["subject_notified"],
    "consent_notes": lambda r: r["consent"]["notes"],
    "what_was_shared": lambda r: r["information_shared"]["what"],
    "redactions_applied": lambda r: _join(r["information_shared"]["redactions_applied"]),
    "redactions_advised": lambda r: _join(r["information_shared"]["redactions_advised"]),
    "shared_at": lambda r: r["information_shared"]["shared_at"],
    "method": lambda r: r["handling"]["method"],
    "security_marking": lambda r: r["handling"]["security_marking"],
    "advised_decision": lambda r: r["decision"]["advised"],
    "accepted": lambda r: r["decision"]["accepted"],
    "final_decision": lambda r: r["decision"]["final"],
    "override_reason": lambda r: r["decision"]["override_reason"],
    "review_date": lambda r: r["review"]["review_date"],
    "retain_until": lambda r: r["review"]["retain_until"],
    "agreement_reference": lambda r: (r.get("agreement") or {}).get("reference"),
    "agreement_version": lambda r: (r.get("agreement") or {}).get("version"),
    "meeting_id": lambda r: (r.get("meeting") or {}).get("id"),
    "pack_name": lambda r: r["policy_pack"]["name"],
    "pack_version": lambda r: r["policy_pack"]["version"],
    "pack_sha256": lambda r: r["policy_pack"]["sha256"],
    "as_at": lambda r: r["policy_pack"]["as_at"],
    "engine_version": lambda r: r["engine_version"],
    "reviews": lambda r: (r.get("reviews") or {}).get("id"),
    "review_outcome": lambda r: r.get("outcome"),
    "review_reasons": lambda r: r.get("reasons"),
    "hash": lambda r: r["hash"],
    "prev_hash": lambda r: r["prev_hash"],
}


def _cell(column: Any, record: dict[str, Any]) -> object:
    """One column of one entry; empty where the entry has no such field (a review has no answers)."""
    try:
        return column(record)
    except (KeyError, TypeError, AttributeError):
        return None


def dumps(value: Any, indent: int | None = None) -> str:
    """JSON for people and machines: UTF-8 text kept as is, keys sorted."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=indent)


def safe_cell(value: object) -> str:
    """A CSV cell that a spreadsheet will show as text, never run as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def write_csv(out: IO[str], records: Iterable[dict[str, Any]]) -> None:
    """One header row, then one row per record."""
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for record in records:
        writer.writerow([safe_cell(_cell(column, record)) for column in CSV_COLUMNS.values()])


def write_json(
    out: IO[str],
    records: Iterable[dict[str, Any]],
    head: dict[str, Any] | None,
    date_from: datetime.date | None,
    date_to: datetime.date | None,
) -> None:
    """One JSON object: the export's scope, the chain head when exported, and the records in chain order.

    Records are written one at a time so that a large export does not have to fit in memory.
    """
    out.write("{\n")
    out.write(f'"exported_at": {dumps(datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))},\n')
    out.write(f'"from": {dumps(date_from.isoformat() if date_from else None)},\n')
    out.write(f'"to": {dumps(date_to.isoformat() if date_to else None)},\n')
    out.write(f'"chain_head": {dumps(head)},\n')
    out.write('"records": [')
    for index, record in enumerate(records):
        out.write(("\n" if index == 0 else ",\n") + dumps(record))
    out.write("\n]\n}\n")


def _flatten(value: object, path: str, lines: list[str]) -> None:
    if isinstance(value, dict) and value:
        for key, item in value.items():
            _flatten(item, f"{path}.{key}", lines)
    elif isinstance(value, list) and value and any(isinstance(item, dict | list) for item in value):
        for index, item in enumerate(value):
            _flatten(item, f"{path}[{index}]", lines)
    else:
        if value in (None, {}, []):
            value = "-"
        elif isinstance(value, list):
            value = ", ".join(str(item) for item in value)
        elif isinstance(value, bool):
            value = "yes" if value else "no"
        lines.append(f"{path}: " + str(value).replace("\n", "\n    "))


def as_text(record: dict[str, Any], head: dict[str, Any] | None) -> str:
    """A record as ``field.path: value`` lines in reading order, ending with the chain head."""
    lines: list[str] = []
    for key in TEXT_ORDER:
        if key in record:
            _flatten(record[key], key, lines)
    for key in sorted(set(record) - set(TEXT_ORDER)):
        _flatten(record[key], key, lines)
    if head:
        lines.append(f"chain_head: seq {head['seq']} hash {head['hash']}")
    return "\n".join(lines) + "\n"
