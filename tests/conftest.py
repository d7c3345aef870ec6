"""Fixtures shared by every test package: the bundled pack, pack copies to break, the real CLI, and PostgreSQL."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from dataclasses import dataclass

import pytest
import sqlalchemy as sa

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
POLICIES = os.path.join(ROOT, "policies")
FIXTURES = os.path.join(ROOT, "tests", "engine", "fixtures")
SHAREWISE = os.path.join(os.path.dirname(sys.executable), "sharewise")
POSTGRES_ENV = "SHAREWISE_TEST_POSTGRES_URL"
# Locally: apt-get install -y postgresql; then in bash: . .ci/postgres.sh; start_postgres
SKIP_POSTGRES = f"no PostgreSQL: {POSTGRES_ENV} is not set (CI sets it via .ci/postgres.sh)"


@dataclass
class CliResult:
    code: int
    out: str
    err: str


def run_cli(*args, stdin: str | None = None) -> CliResult:
    """Run the installed `sharewise` command as a user would."""
    proc = subprocess.run([SHAREWISE, *args], input=stdin, capture_output=True, text=True, timeout=300)
    return CliResult(proc.returncode, proc.stdout, proc.stderr)


def run_together(code: str, *args: str, processes: int = 3) -> list[CliResult]:
    """Run ``python -c code args`` in several processes started at the same moment (racing start-ups)."""
    started = [
        subprocess.Popen(
            [sys.executable, "-c", code, *args],
            cwd=ROOT,
            text=True,
            env={**os.environ, "PYTHONPATH": ROOT},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(processes)
    ]
    outputs = [process.communicate(timeout=120) for process in started]
    return [CliResult(process.returncode, out, err) for process, (out, err) in zip(started, outputs)]


@pytest.fixture(scope="session")
def bundled_pack():
    import engine

    return engine.default_pack()


@pytest.fixture
def pack_copy(tmp_path):
    """A writable copy of the bundled pack (without scenarios), for tests that break it on purpose."""
    target = tmp_path / "pack"
    shutil.copytree(POLICIES, target, ignore=shutil.ignore_patterns("scenarios"))
    return target


def make_constructs_pack(target, rules_file: str = "constructs.yaml") -> str:
    """A small pack: the bundled metadata, questionnaire and wording plus one fixture file of rules."""
    os.makedirs(target, exist_ok=True)
    for name in ("pack.yaml", "questions.yaml", "record.yaml", "wording.yaml"):
        shutil.copy(os.path.join(POLICIES, name), os.path.join(target, name))
    shutil.copytree(os.path.join(POLICIES, "schema"), os.path.join(target, "schema"))
    shutil.copy(os.path.join(FIXTURES, rules_file), os.path.join(target, rules_file))
    return str(target)


@pytest.fixture(scope="session")
def constructs_pack(tmp_path_factory):
    import engine

    return engine.load_pack(make_constructs_pack(tmp_path_factory.mktemp("constructs") / "pack"))


@pytest.fixture(scope="session")
def combination_pack(tmp_path_factory):
    """The fixture pack for how item outcomes combine into the decision (tests/engine/fixtures/combination.yaml)."""
    import engine

    return engine.load_pack(make_constructs_pack(tmp_path_factory.mktemp("combination") / "pack", "combination.yaml"))


def postgres_schema_url(base, schema):
    """``base`` with its search_path set to ``schema``, so each test has tables of its own."""
    url = sa.engine.make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


@pytest.fixture
def postgres_url():
    """A PostgreSQL URL whose default schema is new and empty; skipped when there is no PostgreSQL."""
    base = os.environ.get(POSTGRES_ENV)
    if not base:
        pytest.skip(SKIP_POSTGRES)
    schema = f"sw_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base)
    with admin.begin() as connection:
        connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
    try:
        yield postgres_schema_url(base, schema)
    finally:
        with admin.begin() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()
