"""`sharewise decide`: advice for answers (one object or a list), exactly as the decision contract says."""
from __future__ import annotations

import json
import sys

from engine.cli import EXIT_INPUT, EXIT_OK, EXIT_PACK
from engine.commands.common import add_policies_option, load_or_report, parse_as_at, read_json
from engine.problems import AnswerError
from engine.text import render_text


def register(subparsers) -> None:
    parser = subparsers.add_parser("decide", help="advise on answers (JSON file or - for stdin)",
                                   description="Print advice for ANSWERS.json: one answers object, or a list of them.")
    parser.add_argument("answers", metavar="ANSWERS.json", help="answers file, or - to read standard input")
    parser.add_argument("--as-at", metavar="YYYY-MM-DD", help="apply the law in force on this date (default: today)")
    parser.add_argument("--format", choices=("json", "text"), default="json", help="output format (default json)")
    add_policies_option(parser)
    parser.set_defaults(handler=run)


def decide_all(pack, payload, as_at):
    """Advice for one answers object or a list; raises AnswerError naming the field (with [i] for lists)."""
    if isinstance(payload, list):
        if not payload:
            raise AnswerError("answers", "the list of answer sets is empty")
        return [pack.decide(item, as_at, field_prefix=f"[{i}].") for i, item in enumerate(payload)]
    return pack.decide(payload, as_at)


def run(args) -> int:
    try:
        as_at = parse_as_at(args.as_at)
        payload = read_json(args.answers)
    except ValueError as error:
        print(f"sharewise decide: {error}", file=sys.stderr)
        return EXIT_INPUT
    pack = load_or_report(args.policies)
    if pack is None:
        return EXIT_PACK
    try:
        result = decide_all(pack, payload, as_at)
    except AnswerError as error:
        print(f"sharewise decide: invalid answers: {error.field}: {error.message}", file=sys.stderr)
        return EXIT_INPUT
    if args.format == "text":
        advices = result if isinstance(result, list) else [result]
        print("\n\n".join(render_text(a, pack) for a in advices))
    else:
        json.dump(result, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    return EXIT_OK
