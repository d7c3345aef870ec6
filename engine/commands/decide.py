"""`sharewise decide`: advice for answers (one object or a list), exactly as the decision contract says."""

from __future__ import annotations

import json
import sys

from engine.cli import EXIT_OK
from engine.commands.common import add_answers_arguments, advise_from_args
from engine.decide.text import render_text


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "decide",
        help="advise on answers (JSON file or - for stdin)",
        description="Print advice for ANSWERS.json: one answers object, or a list of them.",
    )
    add_answers_arguments(parser)
    parser.add_argument("--format", choices=("json", "text"), default="json", help="output format (default json)")
    parser.set_defaults(handler=run)


def run(args) -> int:
    outcome = advise_from_args(args, "decide")
    if isinstance(outcome, int):
        return outcome
    pack, result = outcome
    if args.format == "text":
        advices = result if isinstance(result, list) else [result]
        print("\n\n".join(render_text(a, pack) for a in advices))
    else:
        json.dump(result, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    return EXIT_OK
