"""`sharewise agreements list|show|check`: the register of information sharing agreements kept beside a pack.

`list` shows every agreement and where it stands on a day; `show` one agreement with all its versions and
who changed it and when; `check` validates the register (with the pack) and flags what needs information
governance: agreements overdue for review (exit 1), and those whose review or expiry falls within
`--within` days. Exit 3 when the pack or the register is invalid (every problem as `file:line: message`).
"""

from __future__ import annotations

import datetime as dt
import json
import sys

from engine.agreements import Agreement, Register, status_on
from engine.agreements.standing import EXPIRED, REVIEW_OVERDUE
from engine.cli import EXIT_FAILED, EXIT_INPUT, EXIT_OK, EXIT_PACK
from engine.commands.common import add_policies_option, load_or_report, parse_as_at
from engine.problems import did_you_mean


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "agreements",
        help="the register of information sharing agreements: list, show, check",
        description="The register of information sharing agreements kept beside the policy pack (DIR/agreements/).",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="every agreement and where it stands on a day")
    show = actions.add_parser("show", help="one agreement: every version, its conditions and its change log")
    show.add_argument("reference", metavar="REFERENCE", help="the agreement's reference, e.g. ISA-MARAC-01")
    check = actions.add_parser("check", help="validate the register and flag overdue and due agreements")
    check.add_argument(
        "--within", type=int, default=60, metavar="DAYS", help="flag reviews and expiries due within DAYS (default 60)"
    )
    for sub, handler in ((listing, run_list), (show, run_show), (check, run_check)):
        add_policies_option(sub)
        sub.add_argument("--as-at", metavar="YYYY-MM-DD", help="where agreements stand on this day (default: today)")
        if sub is not check:
            sub.add_argument("--format", choices=("text", "json"), default="text")
        sub.set_defaults(handler=handler)


def _load(args):
    """``(register, day)``, or an exit code after printing the problem."""
    try:
        day = parse_as_at(args.as_at) or dt.date.today()
    except ValueError as error:
        print(f"sharewise agreements: {error}", file=sys.stderr)
        return EXIT_INPUT
    pack = load_or_report(args.policies)
    if pack is None:
        return EXIT_PACK
    return pack.register, day


def summary(agreement: Agreement, day: dt.date) -> dict:
    """One agreement in a listing: its reference, the version speaking for `day`, its status and dates."""
    found = status_on(agreement, day)
    version = found.version
    return {
        "reference": agreement.reference,
        "version": version.version,
        "title": version.title,
        "status": found.status,
        "review_by": version.review_by.isoformat(),
        "expires": version.in_force.end.isoformat() if version.in_force.end else None,
    }


def details(agreement: Agreement, day: dt.date) -> dict:
    """An agreement in full: where it stands and every version, with its change log."""
    out = summary(agreement, day)
    out["owner"] = agreement.owner
    out["versions"] = [
        {
            "version": v.version,
            "title": v.title,
            "in_force": {
                "from": v.in_force.start.isoformat(),
                "to": v.in_force.end.isoformat() if v.in_force.end else None,
            },
            "review_by": v.review_by.isoformat(),
            "parties": [{"name": p.name, "recipient": p.recipient} for p in v.parties],
            "purposes": list(v.purposes),
            "lawful_bases": list(v.lawful_bases),
            "data_categories": list(v.data_categories),
            "formats": list(v.formats),
            "conditions": dict(v.conditions),
            "dpia": v.dpia,
            "document": {"url": v.document_url, "sha256": v.document_sha256},
            "changed": {"by": v.changed_by, "at": v.changed_at.isoformat(), "change": v.change},
        }
        for v in agreement.versions
    ]
    return out


def _heading(register: Register, day: dt.date) -> str:
    return (
        f"{register.name or 'Register of agreements'} (version {register.version or '-'}, kept by "
        f"{register.owner or '-'}; sha256 {register.sha256 or '-'}), as at {day.isoformat()}"
    )


def run_list(args) -> int:
    loaded = _load(args)
    if isinstance(loaded, int):
        return loaded
    register, day = loaded
    rows = [summary(a, day) for _, a in sorted(register.agreements.items())]
    if args.format == "json":
        print(json.dumps({"register": register.identity(), "as_at": day.isoformat(), "agreements": rows}, indent=2))
        return EXIT_OK
    print(_heading(register, day))
    if not rows:
        print("No agreements.")
    for row in rows:
        status = row["status"].replace("_", " ")
        print(
            f"{row['reference']:<20} v{row['version']:<4} {status:<17} review by {row['review_by']}  "
            f"expires {row['expires'] or 'never':<10}  {row['title']}"
        )
    return EXIT_OK


def run_show(args) -> int:
    loaded = _load(args)
    if isinstance(loaded, int):
        return loaded
    register, day = loaded
    agreement = register.get(args.reference)
    if agreement is None:
        hint = did_you_mean(args.reference, register.agreements)
        print(f"sharewise agreements show: no agreement '{args.reference}' on the register{hint}", file=sys.stderr)
        return EXIT_INPUT
    full = details(agreement, day)
    if args.format == "json":
        print(json.dumps(full, indent=2))
        return EXIT_OK
    print(f"{full['reference']}: {full['title']}")
    print(
        f"  status on {day.isoformat()}: {full['status'].replace('_', ' ')} (version {full['version']}); kept by {full['owner']}"
    )
    for version in full["versions"]:
        period = f"{version['in_force']['from']} to {version['in_force']['to'] or 'no fixed end'}"
        print(f"\n  version {version['version']}: {period}, review by {version['review_by']}")
        print(f"    parties: {'; '.join(p['name'] for p in version['parties'])}")
        for key in ("purposes", "lawful_bases", "data_categories", "formats"):
            print(f"    {key.replace('_', ' ')}: {', '.join(version[key])}")
        for key, text in version["conditions"].items():
            print(f"    {key.replace('_', ' ')}: {text}")
        if version["dpia"]:
            print(f"    DPIA: {version['dpia']}")
        print(f"    signed document: {version['document']['url']} (sha256 {version['document']['sha256']})")
        changed = version["changed"]
        print(f"    changed by {changed['by']} on {changed['at']}: {changed['change']}")
    return EXIT_OK


def run_check(args) -> int:
    loaded = _load(args)
    if isinstance(loaded, int):
        return loaded
    register, day = loaded
    print(_heading(register, day))
    soon = day + dt.timedelta(days=args.within)
    overdue = 0
    for reference, agreement in sorted(register.agreements.items()):
        row = summary(agreement, day)
        if row["status"] == REVIEW_OVERDUE:
            overdue += 1
            print(
                f"OVERDUE {reference} v{row['version']}: review was due by {row['review_by']}; it does not count until reviewed"
            )
        elif row["status"] == EXPIRED:
            print(f"EXPIRED {reference} v{row['version']}: expired on {row['expires']}; it does not count")
        elif row["review_by"] <= soon.isoformat() and row["review_by"] >= day.isoformat():
            print(f"DUE     {reference} v{row['version']}: review due by {row['review_by']}")
        elif row["expires"] and day.isoformat() <= row["expires"] <= soon.isoformat():
            print(f"DUE     {reference} v{row['version']}: expires on {row['expires']}")
    print(f"{len(register.agreements)} agreements checked, {overdue} overdue for review.")
    return EXIT_FAILED if overdue else EXIT_OK
