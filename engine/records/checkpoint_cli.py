"""`sharewise records checkpoint|keygen` and `verify --checkpoints DIR`: sign the chain's head, and prove the
store still extends every signed head (``engine.records.checkpoint``; docs/records.md, "Signed checkpoints").

Settings (the environment, so that every process of a deployment reads the same):
    SHAREWISE_CHECKPOINT_KEY         the private key file (``--key``)
    SHAREWISE_CHECKPOINT_PUBLIC_KEY  the public key for verifying (``--public-key``; default: ``<key>.pub``)
    SHAREWISE_CHECKPOINT_DIR         where ``checkpoint`` writes (``--output``; default: standard output)
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from engine import audit
from engine.records import checkpoint, export
from engine.records.errors import RecordError
from engine.records.store import Store, open_store

EXIT_OK, EXIT_FAILED = 0, 1


def add_arguments(actions: Any, common: argparse.ArgumentParser, guarded: Any) -> None:
    """Add ``checkpoint`` and ``keygen`` to the ``records`` actions (``verify`` gets ``verify_arguments``)."""
    signer = actions.add_parser(
        "checkpoint",
        parents=[common],
        help="sign the chain's head with the checkpoint key (after verifying the chain)",
        description="Verify the chain (against the checkpoints already in --output, if a folder), then sign "
        "its head and write the signed checkpoint to --output or standard output.",
    )
    signer.add_argument("--key", metavar="PATH", help="private key (default: $SHAREWISE_CHECKPOINT_KEY)")
    signer.add_argument(
        "--output", metavar="DIR", help="folder to write into, or - (default: $SHAREWISE_CHECKPOINT_DIR, else -)"
    )
    signer.set_defaults(handler=guarded(run_checkpoint))
    keygen = actions.add_parser(
        "keygen",
        help="make a new checkpoint key (private key readable only by you, public key beside it as .pub)",
        description="Make a new Ed25519 checkpoint key. Keep the private key outside the database's host if you can.",
    )
    keygen.add_argument("--key", metavar="PATH", help="where to write it (default: $SHAREWISE_CHECKPOINT_KEY)")
    keygen.set_defaults(handler=guarded(run_keygen))


def verify_arguments(verify: argparse.ArgumentParser) -> None:
    """``verify --checkpoints DIR [--public-key PATH]``."""
    verify.add_argument("--checkpoints", metavar="DIR", help="a folder of signed checkpoints the chain must extend")
    verify.add_argument(
        "--public-key",
        metavar="PATH",
        help="the checkpoint key's public key (default: $SHAREWISE_CHECKPOINT_PUBLIC_KEY, else <key>.pub)",
    )


def _key_path(args: argparse.Namespace) -> str:
    path = args.key or os.environ.get("SHAREWISE_CHECKPOINT_KEY")
    if not path:
        raise RecordError("--key", "give the checkpoint key's file (or set SHAREWISE_CHECKPOINT_KEY)")
    return path


def _public_key_path(args: argparse.Namespace) -> str:
    path = args.public_key or os.environ.get("SHAREWISE_CHECKPOINT_PUBLIC_KEY")
    if path:
        return path
    private = os.environ.get("SHAREWISE_CHECKPOINT_KEY")
    if private:
        public = checkpoint.public_key_path(private)
        return str(public) if public.exists() else private
    raise RecordError("--public-key", "give the checkpoint key's public key (or set SHAREWISE_CHECKPOINT_PUBLIC_KEY)")


def run_keygen(args: argparse.Namespace) -> int:
    """`records keygen`: a new key pair."""
    public = checkpoint.generate_key(_key_path(args))
    print(f"private key {_key_path(args)} (readable only by you); public key {public}")
    return EXIT_OK


def verify_with_checkpoints(args: argparse.Namespace, store: Store, expect_head: str | None) -> int:
    """`records verify --checkpoints DIR`: every checkpoint genuine, and the chain extends each one."""
    key = checkpoint.load_public_key(_public_key_path(args))
    anchors, problems = checkpoint.anchors_from(args.checkpoints, key)
    result = store.verify(expect_head=expect_head, anchors=anchors)
    newest = max(anchors, default=0)
    audit.emit(
        "records.verified",
        "ok" if result.ok and not problems else "failed",
        checkpoints=len(anchors),
        key_id=checkpoint.key_id(key),
    )
    if args.format == "json":
        print(
            export.dumps(
                {
                    **result.as_dict(),
                    "ok": result.ok and not problems,
                    "checkpoints": len(anchors),
                    "checkpoint_problems": problems,
                }
            )
        )
    else:
        for line in problems:
            print(f"FAIL: {line}")
        suffix = f"; extends {len(anchors)} signed checkpoints (newest at seq {newest})" if result.ok else ""
        print(result.describe() + suffix)
    return EXIT_OK if result.ok and not problems else EXIT_FAILED


def run_checkpoint(args: argparse.Namespace) -> int:
    """`records checkpoint`: verify, then sign the head and write it."""
    key = checkpoint.load_private_key(_key_path(args))
    output = args.output or os.environ.get("SHAREWISE_CHECKPOINT_DIR") or "-"
    with open_store(args.database, create=False) as store:
        signed, problems = checkpoint.take(store, key, None if output == "-" else output)
    if signed is None:
        for line in problems:
            print(line if line.startswith("FAIL") else f"FAIL: {line}", file=sys.stderr)
        print(
            "sharewise records: no checkpoint taken (a chain that fails verification is never signed)", file=sys.stderr
        )
        audit.emit("records.checkpoint", "failed")
        return EXIT_FAILED
    audit.emit("records.checkpoint", seq=signed["seq"], key_id=signed["key_id"])
    if output == "-":
        print(checkpoint.dumps(signed))
    else:
        print(checkpoint.write(signed, output))
    return EXIT_OK
