"""Fixtures shared by every test package: the bundled pack, pack copies to break, and the real CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
POLICIES = os.path.join(ROOT, "policies")
FIXTURES = os.path.join(ROOT, "tests", "engine", "fixtures")
SHAREWISE = os.path.join(os.path.dirname(sys.executable), "sharewise")


@dataclass
class CliResult:
    code: int
    out: str
    err: str


def run_cli(*args, stdin: str | None = None) -> CliResult:
    """Run the installed `sharewise` command as a user would."""
    proc = subprocess.run([SHAREWISE, *args], input=stdin, capture_output=True, text=True, timeout=300)
    return CliResult(proc.returncode, proc.stdout, proc.stderr)


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


def make_constructs_pack(target) -> str:
    """A small pack: the bundled metadata and questionnaire plus fixture rules exercising every construct."""
    os.makedirs(target, exist_ok=True)
    for name in ("pack.yaml", "questions.yaml", "record.yaml", "wording.yaml"):
        shutil.copy(os.path.join(POLICIES, name), os.path.join(target, name))
    shutil.copytree(os.path.join(POLICIES, "schema"), os.path.join(target, "schema"))
    shutil.copy(os.path.join(FIXTURES, "constructs.yaml"), os.path.join(target, "constructs.yaml"))
    return str(target)


@pytest.fixture(scope="session")
def constructs_pack(tmp_path_factory):
    import engine

    return engine.load_pack(make_constructs_pack(tmp_path_factory.mktemp("constructs") / "pack"))
