"""A writer process for the concurrency test: append records, printing each id once it is acknowledged.

    python -m tests.records.writer URL COUNT [HANG_AT]

Prints ``READY`` once the store is open, waits for a line on standard input (so the test can start
writers together), then prints ``ACK <id>`` (flushed) after each append returns, and ``DONE``.
With HANG_AT, the append numbered HANG_AT stops right after its INSERT, inside the transaction and
holding the store's write lock, prints ``HOLDING`` and waits to be killed: the worst moment to die.
"""

import sys
import time

from sqlalchemy import event
from sqlalchemy.sql import Insert

from engine.records import build_record, open_store
from tests.records.samples import inputs


def hang_inside_next_insert(store):
    """Make the next INSERT into the records table block forever, after it has executed."""

    @event.listens_for(store._engine, "after_execute")
    def _hang(_connection, statement, *_args):
        if isinstance(statement, Insert) and statement.table.name == "justification_records":
            print("HOLDING", flush=True)
            time.sleep(600)


def main(argv):
    url, count = argv[0], int(argv[1])
    hang_at = int(argv[2]) if len(argv) > 2 else None
    store = open_store(url)
    print("READY", flush=True)
    sys.stdin.readline()
    for number in range(count):
        if number == hang_at:
            hang_inside_next_insert(store)
        record = store.append(build_record(**inputs()))
        sys.stdout.write(f"ACK {record['id']}\n")
        sys.stdout.flush()
    print("DONE", flush=True)
    store.close()


if __name__ == "__main__":
    main(sys.argv[1:])
