"""`sharewise records verify|export|show|checkpoint|keygen`: check, export, print and anchor justification records.

Plugged into `sharewise` through the `sharewise.commands` entry point (``register``). Every action
takes ``--database URL`` (default: SHAREWISE_DATABASE_URL, else ./instance/sharewise.sqlite3) and
opens an existing store only, so a mistyped path is reported rather than silently created.

Exit status: 0 success; 1 verification failed or the database could not be used; 2 bad input (the
message names the option or field). Errors go to standard error, one line, never a traceback and
never record content.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import os
import re
import sys
from collections.abc import Callable
from typing import IO

from engine import audit
from engine.records import checkpoint_cli, export, fields
from engine.records.errors import RecordError, StoreError
from engine.records.render import render_html
from engine.records.store import Store, open_store

EXIT_OK, EXIT_FAILED, EXIT_INPUT = 0, 1, 2
_HASH = re.compile(r"[0-9a-f]{64}")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `records` and its actions to the `sharewise` command."""
    parser = subparsers.add_parser(
        "records",
        help="justification records: verify the chain, export, show one",
        description="Work with the append-only, hash-chained store of justification records.",
    )
    actions = parser.add_subparsers(dest="records_action", metavar="ACTION")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--database",
        metavar="URL",
        default=None,
        help="store URL (default: $SHAREWISE_DATABASE_URL, else ./instance/sharewise.sqlite3)",
    )

    verify = actions.add_parser(
        "verify",
        parents=[common],
        help="recompute the hash chain; name the first bad record",
        description="Recompute every record's hash and the links between them.",
    )
    verify.add_argument("--head", metavar="HASH", help="a head hash published earlier that must still be in the chain")
    checkpoint_cli.verify_arguments(verify)
    verify.add_argument("--format", choices=("text", "json"), default="text")
    verify.set_defaults(handler=_guarded(run_verify))
    checkpoint_cli.add_arguments(actions, common, _guarded)

    exporter = actions.add_parser(
        "export",
        parents=[common],
        help="export records as JSON or CSV",
        description="Export records in chain order. Dates are UTC days, both included.",
    )
    exporter.add_argument("--from", dest="date_from", metavar="DATE", help="first day, YYYY-MM-DD")
    exporter.add_argument("--to", dest="date_to", metavar="DATE", help="last day, YYYY-MM-DD")
    exporter.add_argument("--format", choices=("json", "csv"), required=True)
    exporter.add_argument("--output", metavar="FILE", help="write here (readable only by you) instead of stdout")
    exporter.set_defaults(handler=_guarded(run_export))

    show = actions.add_parser(
        "show",
        parents=[common],
        help="show one record (text, JSON or print-ready HTML)",
        description="Show one record by its id.",
    )
    show.add_argument("id", metavar="ID", help="the record id")
    show.add_argument("--format", choices=("text", "json", "html"), default="text")
    show.add_argument("--output", metavar="FILE", help="write here (readable only by you) instead of stdout")
    show.set_defaults(handler=_guarded(run_show))

    parser.set_defaults(handler=functools.partial(_usage, parser))


def _usage(parser: argparse.ArgumentParser, _args: argparse.Namespace) -> int:
    parser.print_help(sys.stderr)
    return EXIT_INPUT


def _guarded(handler: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Run a handler, turning expected failures into one line on stderr and an exit status."""

    @functools.wraps(handler)
    def run(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except RecordError as error:
            print(f"sharewise records: {error}", file=sys.stderr)
            return EXIT_INPUT
        except StoreError as error:
            print(f"sharewise records: {error}", file=sys.stderr)
            return EXIT_FAILED

    return run


def _open(args: argparse.Namespace) -> Store:
    """Open the existing store named by --database (never create one: a typo must not look like an empty store)."""
    return open_store(args.database, create=False)


def _output(args: argparse.Namespace) -> contextlib.AbstractContextManager[IO[str]]:
    """Standard output, or --output opened for writing with owner-only permissions."""
    if not getattr(args, "output", None):
        return contextlib.nullcontext(sys.stdout)
    try:
        descriptor = os.open(args.output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    except OSError as error:
        raise RecordError("--output", f"cannot write {args.output}: {error.strerror}") from None
    return open(descriptor, "w", encoding="utf-8", newline="")


def run_verify(args: argparse.Namespace) -> int:
    """`records verify`: exit 0 if the chain is intact, 1 naming the first bad record otherwise."""
    if args.head is not None and not _HASH.fullmatch(args.head.strip().lower()):
        raise RecordError("--head", "must be a 64-character hex hash, as printed on a record")
    expect_head = args.head.strip().lower() if args.head else None
    with _open(args) as store:
        if args.checkpoints:
            return checkpoint_cli.verify_with_checkpoints(args, store, expect_head)
        result = store.verify(expect_head=expect_head)
    if args.format == "json":
        print(export.dumps(result.as_dict()))
    else:
        print(result.describe())
    return EXIT_OK if result.ok else EXIT_FAILED


def run_export(args: argparse.Namespace) -> int:
    """`records export`: every record (or those in a date range) as JSON or CSV."""
    date_from = fields.date(args.date_from, "--from", required=False)
    date_to = fields.date(args.date_to, "--to", required=False)
    if date_from and date_to and date_to < date_from:
        raise RecordError("--to", "is before --from")
    with _open(args) as store:
        head = store.head()
        rows = store.export(date_from, date_to)
        with _output(args) as out:
            if args.format == "json":
                export.write_json(out, rows, head, date_from, date_to)
            else:
                export.write_csv(out, rows)
    audit.emit(
        "record.exported",
        format=args.format,
        date_from=date_from.isoformat() if date_from else None,
        date_to=date_to.isoformat() if date_to else None,
        head_seq=head["seq"] if head else 0,
    )
    return EXIT_OK


def run_show(args: argparse.Namespace) -> int:
    """`records show ID`: one record as text, JSON or print-ready HTML (with the chain head hash)."""
    with _open(args) as store:
        record = store.get(args.id)
        if record is None:
            raise RecordError("ID", f"no record with id {args.id.strip()!r} in this store")
        head = store.head()
    audit.emit("record.viewed", record_id=record["id"], via="cli")
    with _output(args) as out:
        if args.format == "html":
            out.write(render_html(record, head))
        elif args.format == "json":
            out.write(export.dumps(record, indent=2) + "\n")
        else:
            out.write(export.as_text(record, head))
    return EXIT_OK
