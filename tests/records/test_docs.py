"""docs/records.md must describe every field a record holds and every setting (datasette's lesson)."""

import pathlib

from engine.records import build_record
from engine.records.sections import SHARING_FIELDS, SUBJECT_ROLES
from tests.records.samples import inputs

DOC = (pathlib.Path(__file__).resolve().parents[2] / "docs" / "records.md").read_text(encoding="utf-8")


def test_every_record_field_is_documented():
    for field in build_record(**inputs()).body:
        assert f"| `{field}` |" in DOC, field


def test_every_sharing_key_and_role_is_documented():
    for name in SHARING_FIELDS + SUBJECT_ROLES:
        assert f"`{name}`" in DOC, name


def test_settings_and_commands_are_documented():
    for text in (
        "SHAREWISE_DATABASE_URL",
        "SHAREWISE_INSTANCE_DIR",
        "SHAREWISE_RECORD_REVIEW_DAYS",
        "SHAREWISE_RECORD_RETAIN_YEARS",
        "sharewise records verify",
        "sharewise records export",
        "sharewise records show",
    ):
        assert text in DOC, text
