"""Where the store lives and how long records are kept, read from the environment.

Every setting has a default that works with no setup (a SQLite file under ./instance), so a developer
can run ``sharewise records ...`` straight away, while a force sets the environment once for all its
web workers and command-line use.

Environment:
    SHAREWISE_DATABASE_URL       SQLAlchemy URL of the store; default sqlite under the instance dir.
    SHAREWISE_INSTANCE_DIR       default ./instance
    SHAREWISE_RECORD_REVIEW_DAYS default review date = decision date + this many days (default 365)
    SHAREWISE_RECORD_RETAIN_YEARS the record is kept at least this many years (default 6)
"""

from __future__ import annotations

import dataclasses
import datetime
import os
import pathlib

from engine.records.errors import RecordError

DEFAULT_REVIEW_DAYS = 365
DEFAULT_RETAIN_YEARS = 6


def instance_dir() -> pathlib.Path:
    """The folder for local state (the default SQLite store)."""
    return pathlib.Path(os.environ.get("SHAREWISE_INSTANCE_DIR") or "instance")


def default_database_url() -> str:
    """SHAREWISE_DATABASE_URL if set, else a SQLite file in the instance folder."""
    url = os.environ.get("SHAREWISE_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{(instance_dir() / 'sharewise.sqlite3').resolve()}"


def _positive_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise RecordError(name, f"must be a whole number, got {raw!r}") from None
    if value < 1:
        raise RecordError(name, f"must be at least 1, got {value}")
    return value


def add_years(day: datetime.date, years: int) -> datetime.date:
    """``day`` plus whole years; 29 February becomes 28 February in a year that has none."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@dataclasses.dataclass(frozen=True)
class RetentionPolicy:
    """When a record is next reviewed and how long it must be kept.

    The 2023 Police Information and Records Management Code of Practice asks forces to set review and
    retention schedules; these numbers are the force's, not the law's, hence configurable. The
    defaults are placeholders for the force's records manager to confirm.
    """

    review_after_days: int = DEFAULT_REVIEW_DAYS
    retain_years: int = DEFAULT_RETAIN_YEARS

    @classmethod
    def from_env(cls) -> RetentionPolicy:
        """Read the policy from SHAREWISE_RECORD_REVIEW_DAYS and SHAREWISE_RECORD_RETAIN_YEARS."""
        return cls(
            review_after_days=_positive_int("SHAREWISE_RECORD_REVIEW_DAYS", DEFAULT_REVIEW_DAYS),
            retain_years=_positive_int("SHAREWISE_RECORD_RETAIN_YEARS", DEFAULT_RETAIN_YEARS),
        )

    def default_review_date(self, decided_on: datetime.date) -> datetime.date:
        """The review date when the officer does not choose one."""
        return decided_on + datetime.timedelta(days=self.review_after_days)

    def retain_until(self, decided_on: datetime.date, review_date: datetime.date) -> datetime.date:
        """Keep the record for the retention period, and at least until its own review date."""
        return max(add_years(decided_on, self.retain_years), review_date)
