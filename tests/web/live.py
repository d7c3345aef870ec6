"""A real server process for the tests that need one: gunicorn with several workers, as in production.

The database (accounts, tokens) is made first in the test's own process through ``make_app``; the server
then runs the app factory over the same SQLite file, exactly as ``gunicorn 'web:create_app()'`` does in
the README's production section. Everything stays on loopback, and the process is stopped at the end.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import socket
import subprocess
import sys
import time

from tests.conftest import ROOT

SECRET = "live-server-secret"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(tmp_path, database_url, pack_path, *, workers=2, threads=4, settings=None):
    """Serve the app on a free loopback port; yields ``(host, port)``."""
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": ROOT,
        "SHAREWISE_SECRET_KEY": SECRET,
        "SHAREWISE_DATABASE_URL": database_url,
        "SHAREWISE_INSTANCE_DIR": str(tmp_path / "instance"),
        "SHAREWISE_SESSION_COOKIE_SECURE": "false",
    }
    if pack_path:
        env["SHAREWISE_POLICY_PACK"] = pack_path
    for name, value in (settings or {}).items():
        env[f"SHAREWISE_{name}"] = value if isinstance(value, str) else json.dumps(value)
    log = open(tmp_path / "gunicorn.log", "w")  # noqa: SIM115 - closed below, after the process
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--bind",
            f"127.0.0.1:{port}",
            "--graceful-timeout",
            "5",
            "web:create_app()",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_until_serving(port, process, tmp_path / "gunicorn.log")
        yield "127.0.0.1", port
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _wait_until_serving(port, process, log_path, timeout=90.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the server stopped:\n" + log_path.read_text())
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            connection.request("GET", "/auth/login")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
        finally:
            connection.close()
    raise RuntimeError("the server did not start in time:\n" + log_path.read_text())


def server_log(tmp_path) -> str:
    path = tmp_path / "gunicorn.log"
    return path.read_text() if path.exists() else ""
