"""`sharewise test [DIR]`: run a pack's scenarios, show expected-versus-actual, and report coverage."""

from __future__ import annotations

from engine.cli import EXIT_FAILED, EXIT_OK, EXIT_PACK
from engine.commands.common import load_with_scenarios
from engine.scenarios import coverage, run_scenario


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "test",
        help="run the pack's scenario files and report coverage",
        description="Run every scenario in DIR/scenarios/ against the pack in DIR.",
    )
    parser.add_argument("directory", nargs="?", metavar="DIR", help="policy pack folder (default: the bundled pack)")
    parser.add_argument("-k", dest="match", metavar="TEXT", help="run only scenarios whose name contains TEXT")
    parser.add_argument("-v", "--verbose", action="store_true", help="list passing scenarios too")
    parser.set_defaults(handler=run)


def run(args) -> int:
    loaded = load_with_scenarios(args.directory)
    if loaded is None:
        return EXIT_PACK
    pack, scenarios = loaded
    if args.match:
        scenarios = [s for s in scenarios if args.match.lower() in s.name.lower()]
    results = [run_scenario(pack, s) for s in scenarios]
    for result in results:
        if result.passed:
            if args.verbose:
                print(f"PASS {result.scenario.name}")
            continue
        print(f"FAIL {result.scenario.name} ({result.scenario.where})")
        for what, expected, actual in result.failures:
            print(f"    {what}: expected {expected}, got {actual}")
    uncovered = coverage(pack, results) if not args.match else []
    total_ids = len({r.id for r in pack.rules})
    print(f"\nCoverage: {total_ids - len(uncovered)} of {total_ids} rules exercised by at least one scenario.")
    for rule in uncovered:
        print(f"    not exercised: {rule.id} ({rule.source})")
    passed = sum(r.passed for r in results)
    failed = len(results) - passed
    print(f"{passed} passed, {failed} failed")
    return EXIT_OK if failed == 0 else EXIT_FAILED
