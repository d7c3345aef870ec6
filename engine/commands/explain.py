"""`sharewise explain`: the advice for an answers file as text an officer can read."""
from __future__ import annotations

import sys

from engine.cli import EXIT_INPUT, EXIT_OK, EXIT_PACK
from engine.commands.common import add_policies_option, load_or_report, parse_as_at, read_json
from engine.commands.decide import decide_all
from engine.problems import AnswerError
from engine.text import render_text


def register(subparsers) -> None:
    parser = subparsers.add_parser("explain", help="print advice as readable text with its reasons",
                                   description="Explain the advice for ANSWERS.json in plain text.")
    parser.add_argument("answers", metavar="ANSWERS.json", help="answers file, or - for standard input")
    parser.add_argument("--as-at", metavar="YYYY-MM-DD", help="apply the law in force on this date (default: today)")
    parser.add_argument("--full", action="store_true", help="list every rule considered, not only those that applied")
    add_policies_option(parser)
    parser.set_defaults(handler=run)


def run(args) -> int:
    try:
        as_at = parse_as_at(args.as_at)
        payload = read_json(args.answers)
    except ValueError as error:
        print(f"sharewise explain: {error}", file=sys.stderr)
        return EXIT_INPUT
    pack = load_or_report(args.policies)
    if pack is None:
        return EXIT_PACK
    try:
        result = decide_all(pack, payload, as_at)
    except AnswerError as error:
        print(f"sharewise explain: invalid answers: {error.field}: {error.message}", file=sys.stderr)
        return EXIT_INPUT
    advices = result if isinstance(result, list) else [result]
    print("\n\n".join(render_text(a, pack, full=args.full) for a in advices))
    return EXIT_OK
