"""`sharewise validate [DIR]`: check a policy pack and report every problem as `file:line: message`."""

from __future__ import annotations

from engine.cli import EXIT_OK, EXIT_PACK
from engine.commands.common import load_with_scenarios


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check a policy pack and its register of agreements (schema, references, dates, limits)",
        description="Validate a policy pack folder (default: the bundled policies/) and its register of agreements (DIR/agreements/).",
    )
    parser.add_argument("directory", nargs="?", metavar="DIR", help="policy pack folder")
    parser.set_defaults(handler=run)


def run(args) -> int:
    loaded = load_with_scenarios(args.directory)
    if loaded is None:
        return EXIT_PACK
    pack, scenarios = loaded
    kinds: dict[str, int] = {}
    for rule in pack.rules:
        kinds[rule.kind] = kinds.get(rule.kind, 0) + 1
    counts = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
    print(
        f"{pack.name} {pack.version}: valid. {len(pack.questions)} questions, {len(pack.data.derived)} derived facts, "
        f"{len(pack.rules)} rules ({counts}), {len(scenarios)} scenarios. sha256 {pack.sha256}"
    )
    if pack.register.agreements:
        register = pack.register
        print(
            f"{register.name} {register.version}: valid. {len(register.agreements)} agreements "
            f"({sum(len(a.versions) for a in register.agreements.values())} versions). sha256 {register.sha256}"
        )
    return EXIT_OK
