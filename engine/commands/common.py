"""Helpers shared by sub-commands: loading a pack with `file:line` errors, parsing dates, reading JSON."""
from __future__ import annotations

import datetime as dt
import json
import sys

from engine.pack import load_pack
from engine.problems import PackError


def add_policies_option(parser) -> None:
    parser.add_argument("--policies", metavar="DIR", default=None,
                        help="policy pack folder (default: the bundled policies/)")


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
