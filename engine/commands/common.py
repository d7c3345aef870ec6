"""Helpers shared by sub-commands: loading a pack with `file:line` errors, parsing dates, reading JSON."""

from __future__ import annotations

import datetime as dt
import json
import sys

from engine.cli import EXIT_INPUT, EXIT_PACK
from engine.policy import load_pack
from engine.problems import AnswerError, PackError


def add_answers_arguments(parser) -> None:
    """The arguments `decide` and `explain` share: the answers file, `--as-at` and `--policies`."""
    parser.add_argument("answers", metavar="ANSWERS.json", help="answers file, or - to read standard input")
    parser.add_argument("--as-at", metavar="YYYY-MM-DD", help="apply the law in force on this date (default: today)")
    add_policies_option(parser)


def add_policies_option(parser) -> None:
    parser.add_argument(
        "--policies", metavar="DIR", default=None, help="policy pack folder (default: the bundled policies/)"
    )


def load_or_report(path):
    """Load a pack; on failure print every problem to stderr and return None (caller exits 3)."""
    try:
        return load_pack(path)
    except PackError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"{len(error.problems)} problem(s): the pack was not loaded.", file=sys.stderr)
        return None


def parse_as_at(text):
    """`--as-at` value as a date, or None for today; raises ValueError with a readable message."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"--as-at: {text!r} is not a date (YYYY-MM-DD)") from None


def read_json(path):
    """Read JSON from a file or '-' (stdin); raises ValueError naming the problem."""
    try:
        if path == "-":
            text = sys.stdin.read()
        else:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
    except OSError as error:
        raise ValueError(f"{path}: cannot read: {error.strerror}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"{path}: not valid JSON: {error.msg} at line {error.lineno} column {error.colno}") from None


def decide_all(pack, payload, as_at):
    """Advice for one answers object or a list; raises AnswerError naming the field (with [i] for lists)."""
    if isinstance(payload, list):
        if not payload:
            raise AnswerError("answers", "the list of answer sets is empty")
        return [pack.decide(item, as_at, field_prefix=f"[{i}].") for i, item in enumerate(payload)]
    return pack.decide(payload, as_at)


def advise_from_args(args, command: str):
    """Read the answers and `--as-at`, load the pack and decide: ``(pack, advice or list)``, or an exit code
    after printing the problem to stderr (nothing reaches stdout on error)."""
    try:
        as_at = parse_as_at(args.as_at)
        payload = read_json(args.answers)
    except ValueError as error:
        print(f"sharewise {command}: {error}", file=sys.stderr)
        return EXIT_INPUT
    pack = load_or_report(args.policies)
    if pack is None:
        return EXIT_PACK
    try:
        return pack, decide_all(pack, payload, as_at)
    except AnswerError as error:
        print(f"sharewise {command}: invalid answers: {error.field}: {error.message}", file=sys.stderr)
        return EXIT_INPUT


def load_with_scenarios(directory):
    """Load a pack, its scenarios and its explanations of analysis findings (`engine.checked`):
    ``(pack, scenarios)``, or None after printing every problem."""
    from engine.checked import scenarios_of

    pack = load_or_report(directory)
    if pack is None:
        return None
    try:
        return pack, scenarios_of(pack)
    except PackError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"{len(error.problems)} problem(s) in the scenarios or the analysis explanations.", file=sys.stderr)
        return None
