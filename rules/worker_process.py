"""Entry point of the durable_rules worker process: ``python -m rules.worker_process IN_FD OUT_FD``.

Kept apart from `rules.worker` so that running it as ``__main__`` does not import the same module twice.
"""

import sys
from multiprocessing.connection import Connection

from rules.worker import _serve

if __name__ == "__main__":  # pragma: no cover - the worker process itself
    _serve(Connection(int(sys.argv[1]), writable=False), Connection(int(sys.argv[2]), readable=False))
