"""`sharewise explain`: the advice for an answers file as text an officer can read."""

from __future__ import annotations

from engine.cli import EXIT_OK
from engine.commands.common import add_answers_arguments, advise_from_args
from engine.decide.text import render_text


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "explain",
        help="print advice as readable text with its reasons",
        description="Explain the advice for ANSWERS.json in plain text.",
    )
    add_answers_arguments(parser)
    parser.add_argument("--full", action="store_true", help="list every rule considered, not only those that applied")
    parser.set_defaults(handler=run)


def run(args) -> int:
    outcome = advise_from_args(args, "explain")
    if isinstance(outcome, int):
        return outcome
    pack, result = outcome
    advices = result if isinstance(result, list) else [result]
    print("\n\n".join(render_text(a, pack, full=args.full) for a in advices))
    return EXIT_OK
