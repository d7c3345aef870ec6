"""The `sharewise` command: a thin dispatcher over sub-commands registered as entry points.

Each sub-command lives in its own module with a `register(subparsers)` function, listed under the
`sharewise.commands` entry-point group in pyproject.toml. That keeps this module small and lets the web
package add `sharewise users` without the engine ever importing it.

Exit status: 0 success, 1 a check failed (scenario test, record verification), 2 invalid input,
3 invalid policy pack. Nothing is written to standard output on error.
"""

from __future__ import annotations

import argparse
import sys
from importlib import metadata

EXIT_OK, EXIT_FAILED, EXIT_INPUT, EXIT_PACK = 0, 1, 2, 3


class _Parser(argparse.ArgumentParser):
    """argparse that exits 2 with a one-line message (its default), keeping usage errors off stdout."""


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="sharewise", description="Decision support for police information sharing.")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for entry in sorted(metadata.entry_points(group="sharewise.commands"), key=lambda e: e.name):
        try:
            register = entry.load()
        except ImportError as error:  # a plug-in whose package is absent must not break the others
            print(f"sharewise: command '{entry.name}' unavailable: {error}", file=sys.stderr)
            continue
        register(subparsers)
    return parser


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return EXIT_INPUT
    try:
        return handler(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
