"""The records store: append, read, search and verify justification records.

Appends are serialised (see ``database``) and each new row is hashed onto the chain head while the lock
is held. Reads never need the lock. The database refuses UPDATE and DELETE (see the first migration);
this module never issues either.

Stored records are returned as plain dicts: the record's own fields (as built by ``build_record``)
plus the chain fields ``seq``, ``appended_at`` (the store's clock, under the lock), ``hash``,
``prev_hash`` and ``body_sha256``.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import logging
from collections.abc import Iterator, Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from engine.records import migrate
from engine.records.builder import RecordInput
from engine.records.canonical import GENESIS_HASH, sha256_hex
from engine.records.chain import Row, VerifyResult, row_hash, verify_rows
from engine.records.config import default_database_url
from engine.records.database import (
    create_engine,
    normalise_url,
    operational_errors,
    read_transaction,
    sqlite_path,
    write_transaction,
)
from engine.records.errors import RecordError, StoreError
from engine.records.fields import utc_text
from engine.records.queries import Filters, conditions
from engine.records.schema import index_columns, records

log = logging.getLogger(__name__)

PAGE = 500
MAX_LIST = 1000


CHAIN_FIELDS = ("seq", "appended_at", "hash", "prev_hash", "body_sha256")


def _stored(row: Row) -> dict[str, Any]:
    """A stored row as the dict callers see: the record plus its place in the chain."""
    return {**json.loads(row["body"]), **{name: row[name] for name in CHAIN_FIELDS}}


def _head(row: Row | None) -> dict[str, Any] | None:
    return (
        None
        if row is None
        else {"seq": row["seq"], "id": row["id"], "hash": row["hash"], "created_at": row["created_at"]}
    )


def _rows_in_order(connection: Connection, where: sa.ColumnElement[bool] | None = None) -> Iterator[Row]:
    """Every matching row in seq order, read a page at a time so a large store fits in memory."""
    last = None
    while True:
        query = sa.select(records).order_by(records.c.seq).limit(PAGE)
        if where is not None:
            query = query.where(where)
        if last is not None:
            query = query.where(records.c.seq > last)
        page = connection.execute(query).mappings().all()
        yield from page
        if len(page) < PAGE:
            return
        last = page[-1]["seq"]


class Store:
    """A justification records store. Make one with ``open_store``; it is safe to share across threads."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    @property
    def dialect(self) -> str:
        """``"sqlite"`` or ``"postgresql"``."""
        return self._engine.dialect.name

    def close(self) -> None:
        """Release the store's database connections."""
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def append(self, record: RecordInput) -> dict[str, Any]:
        """Store a record built by ``build_record`` at the end of the chain and return it as stored.

        Appending the same RecordInput twice (a retried request) returns the record already stored
        rather than a second copy. An amendment must name a record already in the store.

        Raises:
            RecordError: not a RecordInput; unknown ``amends``; a different record with the same id.
            StoreError: the database could not take the write.
        """
        if not isinstance(record, RecordInput):
            raise RecordError("record", "must be made by build_record()")
        body = record.body
        with operational_errors("append"), write_transaction(self._engine) as connection:
            existing = connection.execute(sa.select(records).where(records.c.id == body["id"])).mappings().first()
            if existing is not None:
                if existing["body"] == record.text:
                    return _stored(existing)
                raise RecordError("id", "a different record with this id is already stored")
            amends = body["amends"]["id"] if body["amends"] else None
            if (
                amends is not None
                and connection.execute(sa.select(records.c.seq).where(records.c.id == amends)).first() is None
            ):
                raise RecordError("amends", "no record with this id is stored")
            reviews = body["reviews"]["id"] if body.get("reviews") else None
            if reviews is not None:
                target = connection.execute(sa.select(records.c.kind).where(records.c.id == reviews)).first()
                if target is None or target.kind == "review":
                    raise RecordError("reviews", "no decision record with this id is stored")
            head = connection.execute(
                sa.select(records.c.seq, records.c.hash).order_by(records.c.seq.desc()).limit(1)
            ).first()
            row = {
                "seq": 1 if head is None else head.seq + 1,
                "id": body["id"],
                "kind": body["kind"],
                "amends": amends,
                "reviews": reviews,
                "created_at": body["created_at"],
                "appended_at": utc_text(datetime.datetime.now(datetime.UTC)),
                **index_columns(body),
                "body": record.text,
                "body_sha256": sha256_hex(record.text),
                "prev_hash": GENESIS_HASH if head is None else head.hash,
            }
            row["hash"] = row_hash(row)
            connection.execute(sa.insert(records).values(**row))
        log.info("justification record appended: seq=%s id=%s", row["seq"], row["id"])
        return _stored(row)

    def get(self, record_id: str) -> dict[str, Any] | None:
        """The stored entry with this id, or None. Adds ``amended_by`` (ids of records amending it) and
        ``reviewed_by`` (the review entries pointing at it, oldest first)."""
        if not isinstance(record_id, str) or not record_id.strip():
            raise RecordError("id", "must be a record id")
        with operational_errors("get"), self._engine.connect() as connection:
            row = connection.execute(sa.select(records).where(records.c.id == record_id.strip())).mappings().first()
            if row is None:
                return None
            amended_by = (
                connection.execute(sa.select(records.c.id).where(records.c.amends == row["id"]).order_by(records.c.seq))
                .scalars()
                .all()
            )
            reviewed_by = connection.execute(
                sa.select(records).where(records.c.reviews == row["id"]).order_by(records.c.seq)
            ).mappings()
            reviews = [_stored(review) for review in reviewed_by]
        return {**_stored(row), "amended_by": list(amended_by), "reviewed_by": reviews}

    def reviews_of(self, record_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
        """The review entries of each of these records, oldest first (records nobody reviewed are left out):
        a list of records shows whether a supervisor agreed or had concerns without reading each one."""
        ids = [record_id for record_id in record_ids if isinstance(record_id, str)]
        if not ids:
            return {}
        query = sa.select(records).where(records.c.reviews.in_(ids)).order_by(records.c.seq)
        found: dict[str, list[dict[str, Any]]] = {}
        with operational_errors("reviews_of"), self._engine.connect() as connection:
            for row in connection.execute(query).mappings():
                found.setdefault(row["reviews"], []).append(_stored(row))
        return found

    def list(
        self,
        decision_maker: str | None = None,
        force: str | None = None,
        text: str | None = None,
        limit: int = 50,
        offset: int = 0,
        *,
        filters: Filters | None = None,
    ) -> list[dict[str, Any]]:
        """Search decision records (and amendments; never review entries), newest first.

        Args:
            decision_maker: the officer's force number (exact) or name (exact, any case).
            force: the force name (exact, any case).
            text: words that appear anywhere in the record (any case; ASCII case-folding on SQLite).
            limit: at most this many records (1 to 1000).
            offset: skip this many (for paging).
            filters: a ``Filters`` for everything else (the review queue, decision, dates ...); the
                three arguments above, when given, take the place of its fields of the same name.
        """
        if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= MAX_LIST:
            raise RecordError("limit", f"must be a whole number from 1 to {MAX_LIST}")
        if not isinstance(offset, int) or isinstance(offset, bool) or offset < 0:
            raise RecordError("offset", "must be a whole number, 0 or more")
        query = sa.select(records).order_by(records.c.seq.desc()).limit(limit).offset(offset)
        query = query.where(*conditions(self._filters(filters, decision_maker, force, text), self.dialect))
        with operational_errors("list"), self._engine.connect() as connection:
            return [_stored(row) for row in connection.execute(query).mappings()]

    def count(self, filters: Filters) -> int:
        """How many decision records match ``filters`` (e.g. the review queue's length)."""
        query = sa.select(sa.func.count()).select_from(records).where(*conditions(filters, self.dialect))
        with operational_errors("count"), self._engine.connect() as connection:
            return int(connection.execute(query).scalar_one())

    @staticmethod
    def _filters(filters: Filters | None, decision_maker: str | None, force: str | None, text: str | None) -> Filters:
        filters = filters or Filters()
        return dataclasses.replace(
            filters,
            decision_maker=decision_maker or filters.decision_maker,
            force=force or filters.force,
            text=text or filters.text,
        )

    def export(
        self, date_from: datetime.date | None = None, date_to: datetime.date | None = None
    ) -> Iterator[dict[str, Any]]:
        """Yield stored records in chain order, optionally only those created on ``date_from``..``date_to``.

        Dates are ``datetime.date`` (UTC days, both ends included). All records come from one
        consistent snapshot, even while other processes append.
        """
        where = []
        if date_from is not None:
            where.append(records.c.created_at >= date_from.isoformat())
        if date_to is not None:
            # created_at is fixed-width ISO text, so text order is time order: up to the end of that day.
            where.append(records.c.created_at < (date_to + datetime.timedelta(days=1)).isoformat())
        with operational_errors("export"), read_transaction(self._engine) as connection:
            for row in _rows_in_order(connection, sa.and_(*where) if where else None):
                yield _stored(row)

    def head(self) -> dict[str, Any] | None:
        """The last record in the chain as ``{seq, id, hash, created_at}``, or None when empty."""
        with operational_errors("head"), self._engine.connect() as connection:
            row = connection.execute(sa.select(records).order_by(records.c.seq.desc()).limit(1)).mappings().first()
        return _head(row)

    def verify(self, expect_head: str | None = None, anchors: Mapping[int, str] | None = None) -> VerifyResult:
        """Recompute the whole chain and return a ``VerifyResult`` naming the first bad record.

        Args:
            expect_head: a head hash published earlier; verification fails if it is no longer in the chain.
            anchors: ``{seq: hash}`` of verified signed checkpoints the chain must still extend.
        """
        with operational_errors("verify"), read_transaction(self._engine) as connection:

            def find_by_hash(value: str) -> Row | None:
                return connection.execute(sa.select(records).where(records.c.hash == value)).mappings().first()

            return verify_rows(_rows_in_order(connection), find_by_hash, expect_head, anchors)


def open_store(url: str | None = None, *, create: bool = True) -> Store:
    """Open (and if needed create and migrate) the records store.

    Args:
        url: a SQLAlchemy URL; ``postgresql://`` uses psycopg 3. Default: SHAREWISE_DATABASE_URL, else
            a SQLite file under the instance folder (created, readable only by this user).
        create: when False, refuse to create a new store (so a mistyped path is reported, not created).

    Raises:
        RecordError: the URL is not one the store supports, or (with ``create=False``) holds no store;
            the field is ``--database``.
        StoreError: the database cannot be reached or migrated.
    """
    parsed = normalise_url(url or default_database_url())
    if not create and parsed.get_backend_name() == "sqlite" and not sqlite_path(parsed).is_file():
        raise RecordError("--database", f"no records store at {parsed.database}")
    try:
        engine = create_engine(parsed)
    except OSError as error:
        raise StoreError(f"cannot create the store's folder or file: {error.strerror}") from None
    try:
        with operational_errors("open"):
            if not create:
                with engine.connect() as connection:
                    if migrate.RECORDS.current_revision(connection) is None:
                        raise RecordError("--database", "the database holds no records store")
            migrate.RECORDS.upgrade(engine)
    except BaseException:
        engine.dispose()
        raise
    log.info("records store opened (%s)", engine.dialect.name)
    return Store(engine)
