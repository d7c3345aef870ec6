"""The two kinds of failure the records package reports.

Callers (the web front end, the command line) need to tell a person's mistake from a broken database:
the first is shown next to the field that caused it, the second is an operational alert. Neither error's
message ever contains the record's content, so both are safe to log.
"""

from __future__ import annotations


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


class StoreError(RuntimeError):
    """The store cannot do its job: unreachable database, lock timeout, refused write, broken schema."""
