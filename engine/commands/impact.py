"""`sharewise impact DRAFT_DIR`: what a draft pack would change against the live one, before it is released.

Exit status: 0 nothing changes, 1 something does (advice in a scenario or a past decision, or a rule,
question, derived fact or pack detail), 2 bad arguments (a bad date, an unreadable records store), 3 an
invalid draft or `--against` pack (every problem as `file:line: message`, exactly as `sharewise validate`).
Nothing is written to standard output on error. The report's structure is in docs/impact.md.
"""

from __future__ import annotations

import json
import sys

from engine.cli import EXIT_FAILED, EXIT_INPUT, EXIT_OK, EXIT_PACK
from engine.commands.common import load_with_scenarios, parse_as_at


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "impact",
        help="what a draft pack changes: scenarios, past decisions and rules",
        description="Decide every scenario of both packs (and, with --records, the answers of every stored "
        "justification record) under the live pack and the draft, and list what changes, grouped by the rules "
        "that caused it, with the rules, questions and derived facts that differ.",
    )
    parser.add_argument("draft", metavar="DRAFT_DIR", help="the draft policy pack folder")
    parser.add_argument("--against", metavar="DIR", help="the live pack to compare with (default: the bundled pack)")
    parser.add_argument(
        "--records", action="store_true", help="also replay the answers of every stored justification record"
    )
    parser.add_argument(
        "--database-url",
        "--database",
        dest="database_url",
        metavar="URL",
        help="the records store to replay (implies --records; default: $SHAREWISE_DATABASE_URL, "
        "else ./instance/sharewise.sqlite3)",
    )
    parser.add_argument(
        "--as-at", metavar="YYYY-MM-DD", help="decide every case as at this date (default: each case's own date)"
    )
    parser.add_argument("--format", choices=("json", "text"), default="text", help="output format (default text)")
    parser.set_defaults(handler=run)


def run(args) -> int:
    from engine.impact import impact
    from engine.impact.text import render
    from engine.records import RecordError, StoreError, open_store

    try:
        as_at = parse_as_at(args.as_at)
    except ValueError as error:
        print(f"sharewise impact: {error}", file=sys.stderr)
        return EXIT_INPUT
    store = None
    if args.records or args.database_url:
        try:
            store = open_store(args.database_url, create=False)
        except (RecordError, StoreError) as error:
            problem = error.problem if isinstance(error, RecordError) else f"cannot read the records store: {error}"
            print(f"sharewise impact: --database-url: {problem}", file=sys.stderr)
            return EXIT_INPUT
    try:
        draft = load_with_scenarios(args.draft)
        if draft is None:
            return EXIT_PACK
        live = load_with_scenarios(args.against)
        if live is None:
            return EXIT_PACK
        if as_at is not None and not any(p.data.in_force.covers(as_at) for p in (draft[0], live[0])):
            print(
                f"sharewise impact: --as-at: neither pack is in force on {as_at.isoformat()} "
                f"(the draft: {draft[0].data.in_force.describe()}; the live pack: {live[0].data.in_force.describe()})",
                file=sys.stderr,
            )
            return EXIT_INPUT
        try:
            report = impact(
                live[0],
                draft[0],
                live_scenarios=live[1],
                draft_scenarios=draft[1],
                records=store.export() if store is not None else None,
                as_at=as_at,
            )
        except StoreError as error:
            print(f"sharewise impact: --database-url: cannot read the records store: {error}", file=sys.stderr)
            return EXIT_INPUT
    finally:
        if store is not None:
            store.close()
    if args.format == "json":
        json.dump(report, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render(report))
    return EXIT_FAILED if report["changed"] else EXIT_OK
