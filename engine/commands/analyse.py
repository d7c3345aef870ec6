"""`sharewise analyse [DIR]`: static analysis of a policy pack (gaps, shadowed rules, unused questions).

Exit status: 0 nothing unexplained, 1 unexplained findings (or stale explanations), 2 bad arguments,
3 an invalid pack (every problem as `file:line: message`, exactly as `sharewise validate`). The report's
structure and the definitions are in docs/analysis.md.
"""

from __future__ import annotations

import datetime as dt
import json
import sys

from engine.cli import EXIT_FAILED, EXIT_INPUT, EXIT_OK, EXIT_PACK
from engine.commands.common import load_with_scenarios, parse_as_at


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "analyse",
        help="find gaps, overlapping grounds, shadowed rules and unused questions in a pack",
        description="Analyse a policy pack for every answer set at once: recipient x purpose combinations no "
        "ground covers, grounds that overlap, rules that can never change the advice, and questions nothing reads.",
    )
    parser.add_argument("directory", nargs="?", metavar="DIR", help="policy pack folder (default: the bundled pack)")
    parser.add_argument(
        "--as-at", metavar="YYYY-MM-DD", help="analyse the rules in force on this date (default: today)"
    )
    parser.add_argument("--format", choices=("json", "text"), default="text", help="output format (default text)")
    parser.set_defaults(handler=run)


def run(args) -> int:
    from engine.analysis import analyse
    from engine.analysis.text import render

    try:
        as_at = parse_as_at(args.as_at) or dt.date.today()
    except ValueError as error:
        print(f"sharewise analyse: {error}", file=sys.stderr)
        return EXIT_INPUT
    loaded = load_with_scenarios(args.directory)
    if loaded is None:
        return EXIT_PACK
    pack = loaded[0]
    if not pack.data.in_force.covers(as_at):
        print(
            f"sharewise analyse: --as-at: the pack {pack.name} {pack.version} is in force "
            f"{pack.data.in_force.describe()}, not on {as_at.isoformat()}",
            file=sys.stderr,
        )
        return EXIT_INPUT
    report = analyse(pack, as_at)
    if args.format == "json":
        json.dump(report, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render(report))
    return EXIT_FAILED if report["summary"]["unexplained"] else EXIT_OK
