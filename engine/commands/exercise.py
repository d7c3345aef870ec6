"""`sharewise exercise`: the pack's scenarios as training exercises, for the people who write them.

`exercise list` shows the scenarios a trainer can set, filtered by tag, recipient and purpose;
`exercise mark` marks an attempt (JSON: answers, decision, items, power) at one scenario of a file against
the pack's advice, as JSON or text. Exit 0 with a marking, 2 for an invalid attempt or filter or an unknown
scenario name (the field named on stderr), 3 for an invalid pack or scenario file; nothing on stdout on error.
"""

from __future__ import annotations

import json
import os
import sys

from engine.cli import EXIT_INPUT, EXIT_OK, EXIT_PACK
from engine.commands.common import add_policies_option, load_or_report, load_with_scenarios, read_json
from engine.problems import AnswerError, PackError, did_you_mean


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "exercise",
        help="training exercises: list the pack's scenarios, mark an attempt",
        description="Scenario files as training exercises (docs/training.md).",
    )
    commands = parser.add_subparsers(dest="exercise_command", metavar="SUBCOMMAND")
    mark = commands.add_parser(
        "mark",
        help="mark an attempt at one scenario",
        description="Mark ATTEMPT.json (answers, decision, items, power) at the scenario NAME of SCENARIO_FILE "
        "against the pack's advice on the scenario's answers.",
    )
    mark.add_argument("scenario_file", metavar="SCENARIO_FILE", help="a scenario file (YAML)")
    mark.add_argument("--name", required=True, metavar="NAME", help="the scenario's name in that file")
    mark.add_argument("attempt", metavar="ATTEMPT.json", help="the trainee's attempt, or - to read standard input")
    add_policies_option(mark)
    mark.add_argument("--format", choices=("json", "text"), default="json", help="output format (default json)")
    mark.set_defaults(handler=run_mark)
    listing = commands.add_parser(
        "list",
        help="list the pack's scenarios as exercises",
        description="List the scenarios of the pack in DIR (default: the bundled pack) as exercises.",
    )
    listing.add_argument("directory", nargs="?", metavar="DIR", help="policy pack folder (default: the bundled pack)")
    listing.add_argument(
        "--tag", action="append", default=[], metavar="T", help="only scenarios with this tag (repeat: all of them)"
    )
    listing.add_argument("--recipient", metavar="R", help="only scenarios with this recipient (an option id)")
    listing.add_argument("--purpose", metavar="P", help="only scenarios with this purpose (an option id)")
    listing.add_argument("--format", choices=("text", "json"), default="text", help="output format (default text)")
    listing.set_defaults(handler=run_list)
    parser.set_defaults(handler=lambda args: _usage(parser))


def _usage(parser) -> int:
    parser.print_help(sys.stderr)
    return EXIT_INPUT


def _fail(command: str, message: str, code: int = EXIT_INPUT) -> int:
    print(f"sharewise exercise {command}: {message}", file=sys.stderr)
    return code


def run_mark(args) -> int:
    from engine.scenarios import load_scenario_file
    from engine.training import check_attempt, mark, render_marking

    try:
        raw = read_json(args.attempt)
    except ValueError as error:
        return _fail("mark", str(error))
    if not os.path.isfile(args.scenario_file):
        return _fail("mark", f"{args.scenario_file}: no such scenario file")
    pack = load_or_report(args.policies)
    if pack is None:
        return EXIT_PACK
    try:
        scenarios = load_scenario_file(pack, args.scenario_file)
    except PackError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return _fail("mark", f"{len(error.problems)} problem(s) in {args.scenario_file}.", EXIT_PACK)
    by_name = {s.name: s for s in scenarios}
    scenario = by_name.get(args.name)
    if scenario is None:
        hint = did_you_mean(args.name, by_name)
        return _fail("mark", f"--name: no scenario named {args.name!r} in {args.scenario_file}{hint}")
    try:
        attempt = check_attempt(pack, raw, scenario.as_at)
    except AnswerError as error:
        return _fail("mark", f"invalid attempt: {error.field}: {error.message}")
    try:
        marking = mark(pack, scenario, attempt).to_dict()
    except AnswerError as error:  # the pack cannot decide the scenario at all (e.g. not in force on its date)
        return _fail("mark", f"{scenario.where}: {error.field}: {error.message}", EXIT_PACK)
    if args.format == "text":
        print(render_marking(marking))
    else:
        json.dump(marking, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    return EXIT_OK


def run_list(args) -> int:
    from engine.training import describe, exercises

    loaded = load_with_scenarios(args.directory)
    if loaded is None:
        return EXIT_PACK
    pack, scenarios = loaded
    try:
        chosen = exercises(pack, scenarios, tags=args.tag, recipient=args.recipient, purpose=args.purpose)
    except AnswerError as error:
        return _fail("list", f"--{error.field}: {error.message}")
    listed = [describe(s) for s in chosen]
    if args.format == "json":
        json.dump(listed, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return EXIT_OK
    for item in listed:
        print(item["name"])
        print(
            f"    recipient: {item['recipient'] or '-'}; purpose: {item['purpose'] or '-'}; "
            f"tags: {', '.join(item['tags']) or '-'}; {item['file']}"
        )
    print(f"{len(listed)} exercise(s).")
    return EXIT_OK
