"""The two kinds of failure the records package reports.

Callers (the web front end, the command line) need to tell a person's mistake from a broken database:
the first is shown next to the field that caused it, the second is an operational alert. Neither error's
message ever contains the record's content, so both are safe to log.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


class RecordError(ValueError):
    """Bad input: a record field (or a command-line option) is missing or wrong.

    Attributes:
        field: the dotted name of the offending field, e.g. ``sharing.necessity_rationale`` or ``--from``.
        problem: what is wrong with it, in plain English.
    """

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}")


class RecordErrors(RecordError):
    """Several fields are wrong at once (``build_record`` reports every problem of a form together).

    It is a ``RecordError`` naming the first problem, so callers that show one error still work.

    Attributes:
        errors: every ``RecordError`` found, in the order the record's fields are checked.
    """

    def __init__(self, errors: list[RecordError]) -> None:
        super().__init__(errors[0].field, errors[0].problem)
        self.errors = errors


class Problems:
    """Collects RecordErrors so that every field is checked before any is reported."""

    def __init__(self) -> None:
        self.errors: list[RecordError] = []

    def attempt(self, check: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
        """``check(*args, **kwargs)``, or None after noting the RecordError it raised."""
        try:
            return check(*args, **kwargs)
        except RecordErrors as errors:
            self.errors.extend(errors.errors)
        except RecordError as error:
            self.errors.append(error)
        return None

    def raise_any(self) -> None:
        """Raise every problem noted (``RecordErrors``), if there is any."""
        if self.errors:
            raise RecordErrors(self.errors)


class StoreError(RuntimeError):
    """The store cannot do its job: unreachable database, lock timeout, refused write, broken schema."""
