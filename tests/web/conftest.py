"""Fixtures for the web tests: an app on a temporary database, one account per role, and a fixture pack.

The web tests run on a small pack of their own (the bundled questionnaire plus tests/web/fixtures/
web_rules.yaml) so that the questions asked and the advice given are predictable while the real
policy pack grows. The API-versus-CLI test uses the bundled pack as well.
"""

import datetime
import os
import re
import shutil

import pytest
from werkzeug.security import generate_password_hash

from web import accounts, create_app, db, draft_store, schema
from web.permissions import ROLES

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
POLICIES = os.path.join(ROOT, "policies")
FORCE = "Test Constabulary"
OTHER_FORCE = "Other Constabulary"
PASSWORD = "correct horse battery staple"
# The fixture accounts use a cheap hash: scrypt is deliberately slow and the tests sign in hundreds of
# times. Accounts made through web.accounts.add_user (and so the CLI and the admin page) get scrypt, which
# test_auth.py checks.
PASSWORD_HASH = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")

# The answers the fixture pack asks for, in the order it asks (see web_rules.yaml).
ANSWERS = {
    "recipient": "la_childrens_services",
    "request_direction": "reactive",
    "purpose": "child_protection",
    "data_categories": ["identity", "intelligence_graded", "third_party"],
    "data_subject_is_child": True,
    "intelligence_grading": "2B",
    "handling_code": "P",
}


def make_web_pack(target):
    """The bundled metadata, questionnaire and record fields with the web tests' own rules and scenarios, and a
    register of agreements dated around today (tests/web/register_pack.py)."""
    os.makedirs(target, exist_ok=True)
    for name in ("pack.yaml", "questions.yaml", "record.yaml", "wording.yaml"):
        shutil.copy(os.path.join(POLICIES, name), os.path.join(target, name))
    shutil.copytree(os.path.join(POLICIES, "schema"), os.path.join(target, "schema"))
    shutil.copy(os.path.join(HERE, "fixtures", "web_rules.yaml"), os.path.join(target, "web_rules.yaml"))
    from tests.web.register_pack import write_register

    write_register(os.path.join(target, "agreements"), datetime.date.today(), "[W-GROUND-PARTNER, W-DP-PART3]")
    os.makedirs(os.path.join(target, "scenarios"), exist_ok=True)
    shutil.copy(os.path.join(HERE, "fixtures", "web_scenarios.yaml"), os.path.join(target, "scenarios", "web.yaml"))
    return str(target)


@pytest.fixture(scope="session")
def web_pack_path(tmp_path_factory):
    return make_web_pack(tmp_path_factory.mktemp("webpack") / "pack")


@pytest.fixture(scope="session")
def register_pack_path(tmp_path_factory):
    """The bundled pack with a register of agreements dated around today (tests/web/register_pack.py)."""
    from tests.web.register_pack import make_register_pack

    return make_register_pack(tmp_path_factory.mktemp("registerpack") / "pack")


def make_legal_pack(target):
    """The web pack with scenarios of its own (tests/web/fixtures/legal_scenarios), for the legal area."""
    make_web_pack(target)
    shutil.rmtree(os.path.join(target, "scenarios"))  # the web pack's own scenarios are for training
    shutil.copytree(os.path.join(HERE, "fixtures", "legal_scenarios"), os.path.join(target, "scenarios"))
    return str(target)


@pytest.fixture(scope="session")
def legal_pack_path(tmp_path_factory):
    return make_legal_pack(tmp_path_factory.mktemp("legalpack") / "pack")


def zip_folder(folder, changes=None, prefix="pack/"):
    """A zip (bytes) of a pack folder as legal services would upload it, with ``changes`` applied:
    ``{relative path: (old text, new text)}`` replaces text in a file, ``{path: None}`` leaves it out."""
    import io
    import zipfile

    changes = changes or {}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for base, _dirs, files in sorted(os.walk(folder)):
            for name in sorted(files):
                path = os.path.relpath(os.path.join(base, name), folder).replace(os.sep, "/")
                if path in changes and changes[path] is None:
                    continue
                with open(os.path.join(base, name), encoding="utf-8") as handle:
                    text = handle.read()
                if path in changes:
                    old, new = changes[path]
                    assert old in text, (path, old)
                    text = text.replace(old, new, 1)
                archive.writestr(prefix + path, text)
    return buffer.getvalue()


_PACKS = {}


def loaded_pack(path):
    """Each pack folder is loaded once per test session (loading compiles every rule)."""
    import engine

    if path not in _PACKS:
        _PACKS[path] = engine.load_pack(path)
    return _PACKS[path]


def make_app(tmp_path, pack_path, **config):
    """An app on its own SQLite file, with one account per role in FORCE and an officer in OTHER_FORCE."""
    settings = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "DATABASE_URL": f"sqlite:///{tmp_path}/sharewise.sqlite3",
        "POLICY_PACK": pack_path,
        "WTF_CSRF_ENABLED": False,
        "SESSION_COOKIE_SECURE": False,
        "FORCE_NAME": FORCE,
    }
    seed = not config.pop("SKIP_SEED", False)
    settings.update(config)
    # Keep the instance folder (demo credentials, secret key) inside the test's own directory.
    previous = os.environ.get("SHAREWISE_INSTANCE_DIR")
    os.environ["SHAREWISE_INSTANCE_DIR"] = str(tmp_path / "instance")
    try:
        app = create_app(settings)
    finally:
        if previous is None:
            del os.environ["SHAREWISE_INSTANCE_DIR"]
        else:
            os.environ["SHAREWISE_INSTANCE_DIR"] = previous
    if settings["POLICY_PACK"]:
        app.extensions["sharewise_pack"] = loaded_pack(settings["POLICY_PACK"])
    engine = app.extensions["sharewise_db"]
    if not seed:
        return app
    for number, role in enumerate(ROLES, start=1):
        accounts.add_user(
            engine,
            role,
            None,
            role,
            f"{role.title()} Person",
            FORCE,
            role.title(),
            f"{number:04d}",
            password_hash=PASSWORD_HASH,
        )
    accounts.add_user(
        engine, "officer2", None, "officer", "Second Officer", FORCE, "PC", "0099", password_hash=PASSWORD_HASH
    )
    accounts.add_user(
        engine,
        "outsider",
        None,
        "supervisor",
        "Outside Supervisor",
        OTHER_FORCE,
        "Sgt",
        "0001",
        password_hash=PASSWORD_HASH,
    )
    return app


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request, tmp_path):
    """An empty database for the web tables: a SQLite file, then PostgreSQL (as the records tests run)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/sharewise.sqlite3"
    return request.getfixturevalue("postgres_url")


def close_app(app):
    store = app.extensions.get("sharewise_store")
    if store is not None:
        store.close()
    app.extensions["sharewise_db"].dispose()


@pytest.fixture
def app(tmp_path, web_pack_path):
    app = make_app(tmp_path, web_pack_path)
    yield app
    close_app(app)


@pytest.fixture
def csrf_app(tmp_path, web_pack_path):
    """The same app with CSRF protection on, as in production."""
    app = make_app(tmp_path, web_pack_path, WTF_CSRF_ENABLED=True)
    yield app
    close_app(app)


@pytest.fixture
def client(app):
    return app.test_client()


class AuthActions:
    """Sign in and out as one of the fixture accounts."""

    def __init__(self, client):
        self._client = client

    def login(self, username="officer", password=PASSWORD):
        return self._client.post("/auth/login", data={"username": username, "password": password})

    def logout(self):
        return self._client.post("/auth/logout")


@pytest.fixture
def legal(legal_app):
    """A client signed in as the legal user, on the ``legal_app`` the test module defines."""
    client = legal_app.test_client()
    client.post("/auth/login", data={"username": "legal", "password": PASSWORD})
    return client


@pytest.fixture
def auth(client):
    return AuthActions(client)


def user_id(app, username):
    return accounts.get_user_by_username(app.extensions["sharewise_db"], username)["id"]


def make_draft(app, username, answers=None):
    """A draft for a user holding the given answers (default: every answer the fixture pack needs)."""
    engine = app.extensions["sharewise_db"]
    owner = user_id(app, username)
    draft_id = draft_store.new_draft(engine, owner)
    answers = dict(ANSWERS if answers is None else answers)
    draft_store.save_draft(engine, draft_id, owner, answers, list(answers))
    return draft_id


def make_meeting(app, username, kind="marac", purpose="domestic_abuse_risk", agreement="", subjects=("Case 1",)):
    """A meeting of a user, set up (agreement, purpose) with agenda subjects; returns (meeting id, first subject id)."""
    from web import meeting_store

    engine = app.extensions["sharewise_db"]
    meeting_id = meeting_store.new_meeting(engine, user_id(app, username), kind, datetime.date.today())
    meeting_store.set_terms(engine, meeting_id, user_id(app, username), agreement_reference=agreement, purpose=purpose)
    ids = [meeting_store.add_subject(engine, meeting_id, label) for label in subjects]
    return meeting_id, (ids[0] if ids else None)


def age_draft(app, draft_id, days):
    """Make a draft look last touched ``days`` ago."""
    then = db.utcnow() - datetime.timedelta(days=days)
    with app.extensions["sharewise_db"].begin() as conn:
        conn.execute(schema.drafts.update().where(schema.drafts.c.id == draft_id).values(updated_at=then))


def record_form(advice_decision, text="written by the officer"):
    """A record form that build_record accepts whatever the advice: every free-text field is filled.

    It overrides the advice (so the override reason is used) to a sharing decision (so what was shared,
    the method and the authoriser are kept).
    """
    final = "share_with_conditions" if advice_decision == "share" else "share"
    return {
        "accepted": "no",
        "final_decision": final,
        "override_reason": text,
        "necessity_rationale": text,
        "proportionality_rationale": text,
        "purpose_detail": text,
        "what_was_shared": text,
        "method": text,
        "recipient_detail": text,
        "requester": text,
        "identity_verification": text,
        "consent_notes": text,
        "subject-1-description": text,
        "subject-1-role": "other",
        "authoriser-name": text,
        "authoriser-rank": text,
        "authoriser-number": text,
        "redactions_applied": ["W-RED-THIRD"],
    }


def save_record(app, client, username="officer", text="written by the officer"):
    """Sign in as a user, complete a draft and save a record through the form; returns the record id."""
    client.post("/auth/login", data={"username": username, "password": PASSWORD})
    draft_id = make_draft(app, username)
    response = client.post(f"/records/new/{draft_id}", data=record_form("share_with_conditions", text))
    assert response.status_code == 302, errors_in(response)
    return response.location.rsplit("/", 1)[-1]


def page_text(response):
    """A page's text as a person reads it: tags as spaces, runs of white space as one, entities decoded."""
    import html

    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))))


def errors_in(response):
    """The error summary's messages on a page (for assertion messages)."""
    html = response.get_data(as_text=True)
    summary = re.search(r'govuk-error-summary__list">(.*?)</ul>', html, re.S)
    return re.findall(r">([^<>]+)</a>", summary.group(1)) if summary else []
