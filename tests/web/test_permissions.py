"""Every page checks the role: a role-by-endpoint matrix of expected statuses, and no unguarded view."""

import pytest

from tests.web.conftest import ANSWERS, PASSWORD, close_app, make_app, make_draft, record_form, save_record
from web import accounts, draft_store, pack_drafts
from web.permissions import PERMISSIONS, ROLES

WHO = ("anonymous",) + ROLES

# method, path, form data, expected status for: anonymous, officer, supervisor, legal, trainer, admin.
# {draft} is a completed draft of the user making the request; {record} is a record the officer saved.
MATRIX = [
    ("GET", "/", None, (302, 200, 200, 200, 200, 200)),
    ("GET", "/auth/login", None, (200, 200, 200, 200, 200, 200)),
    ("POST", "/auth/logout", {}, (302, 302, 302, 302, 302, 302)),
    ("GET", "/brand.css", None, (200, 200, 200, 200, 200, 200)),
    ("GET", "/static/app.mjs", None, (200, 200, 200, 200, 200, 200)),
    ("GET", "/check/", None, (302, 200, 200, 200, 200, 403)),
    ("POST", "/check/new", {}, (302, 302, 302, 302, 302, 403)),
    ("GET", "/check/{draft}", None, (302, 302, 302, 302, 302, 403)),
    ("GET", "/check/{draft}/question/recipient", None, (302, 200, 200, 200, 200, 403)),
    ("POST", "/check/{draft}/question/recipient", {"answer": "health"}, (302, 302, 302, 302, 302, 403)),
    ("GET", "/check/{draft}/answers", None, (302, 200, 200, 200, 200, 403)),
    ("POST", "/check/{draft}/delete", {}, (302, 302, 302, 302, 302, 403)),
    ("GET", "/check/{draft}/advice", None, (302, 200, 200, 200, 200, 403)),
    ("GET", "/records/new/{draft}", None, (302, 200, 200, 403, 403, 403)),
    ("POST", "/records/new/{draft}", "record", (302, 302, 302, 403, 403, 403)),
    ("GET", "/records/", None, (302, 200, 200, 403, 403, 403)),
    ("GET", "/records/force", None, (302, 403, 200, 403, 403, 403)),
    ("GET", "/records/{record}", None, (302, 200, 200, 403, 403, 403)),
    ("GET", "/records/{record}/print", None, (302, 200, 200, 403, 403, 403)),
    # The API never accepts the session cookie: only a token (see test_api.py for the token matrix).
    ("POST", "/api/v1/decide", "json", (401, 401, 401, 401, 401, 401)),
    ("GET", "/admin/users", None, (302, 403, 403, 403, 403, 200)),
    ("GET", "/admin/users/new", None, (302, 403, 403, 403, 403, 200)),
    ("POST", "/admin/users/new", "user", (302, 403, 403, 403, 403, 200)),
    ("GET", "/legal/", None, (302, 403, 403, 200, 403, 403)),
    ("GET", "/legal/rules", None, (302, 403, 403, 200, 403, 403)),
    ("GET", "/legal/rules/W-BAR-HANDLING", None, (302, 403, 403, 200, 403, 403)),
    ("GET", "/legal/search?q=intelligence", None, (302, 403, 403, 200, 403, 403)),
    ("GET", "/legal/coverage", None, (302, 403, 403, 200, 403, 403)),
    ("GET", "/legal/analysis", None, (302, 403, 403, 200, 403, 403)),
    ("GET", "/legal/drafts/", None, (302, 403, 403, 200, 403, 403)),
    # An upload without a file is refused with the form's error.
    ("POST", "/legal/drafts/", {}, (302, 403, 403, 400, 403, 403)),
    # {pack_draft} is a draft pack of the legal user's with problems: there is no impact to work out.
    ("GET", "/legal/drafts/{pack_draft}", None, (302, 403, 403, 200, 403, 403)),
    ("POST", "/legal/drafts/{pack_draft}/run", {}, (302, 403, 403, 404, 403, 403)),
    ("POST", "/legal/drafts/{pack_draft}/delete", {}, (302, 403, 403, 302, 403, 403)),
    ("GET", "/training/", None, (302, 403, 403, 403, 200, 403)),
]


@pytest.fixture(scope="module")
def matrix_app(tmp_path_factory, web_pack_path):
    app = make_app(tmp_path_factory.mktemp("matrix"), web_pack_path)
    app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 10_000
    app.config["matrix_record"] = save_record(app, app.test_client())
    yield app
    close_app(app)


def make_pack_draft(app):
    """A draft pack of the legal user's that validation refused."""
    engine = app.extensions["sharewise_db"]
    owner = accounts.get_user_by_username(engine, "legal")["id"]
    return pack_drafts.new_draft(engine, owner, "draft.zip", {"pack.yaml": "x"}, ["pack.yaml:1: a problem"])


def _cases():
    for method, path, data, statuses in MATRIX:
        for who, status in zip(WHO, statuses, strict=True):
            yield pytest.param(method, path, data, who, status, id=f"{who}-{method}-{path}")


@pytest.mark.parametrize(("method", "path", "data", "who", "expected"), list(_cases()))
def test_role_endpoint_matrix(matrix_app, method, path, data, who, expected):
    app = matrix_app
    client = app.test_client()
    if who != "anonymous":
        assert client.post("/auth/login", data={"username": who, "password": PASSWORD}).status_code == 302
    owner = who if who in ("officer", "supervisor", "legal", "trainer") else "officer"
    url = path.format(
        draft=make_draft(app, owner) if "{draft}" in path else "",
        record=app.config["matrix_record"],
        pack_draft=make_pack_draft(app) if "{pack_draft}" in path else "",
    )
    kwargs = {}
    if data == "record":
        kwargs["data"] = record_form("share_with_conditions")
    elif data == "user":
        kwargs["data"] = {
            "username": f"new-{who}",
            "name": "New Person",
            "role": "officer",
            "rank_or_role": "PC",
            "force_number": f"N-{who}",
            "force": "Test Constabulary",
        }
    elif data == "json":
        kwargs["json"] = ANSWERS
    elif data is not None:
        kwargs["data"] = data
    response = client.open(url, method=method, **kwargs)
    assert response.status_code == expected, response.get_data(as_text=True)[:500]
    if expected == 302 and who == "anonymous":
        assert response.location.startswith("/auth/login")
    response.close()


def test_matrix_covers_every_route(app):
    """A new route must be added to the matrix (and so given a deliberate answer for every role)."""
    covered = set()
    adapter = app.url_map.bind("localhost")
    for method, path, _data, _statuses in MATRIX:
        url = path.format(draft="d", record="r", pack_draft="p").split("?")[0]
        endpoint, _args = adapter.match(url, method=method)
        covered.add(endpoint)
    every = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert every - covered == set()


def test_every_view_declares_its_permission(app):
    """Every view is either guarded by @requires / token_requires or deliberately marked @public."""
    for endpoint, view in app.view_functions.items():
        if endpoint == "static":
            continue
        assert hasattr(view, "required_permission"), f"{endpoint} has no permission check"


def test_only_guarded_views_are_public(app):
    public = {e for e, v in app.view_functions.items() if getattr(v, "required_permission", 1) is None}
    assert public == {"auth.login", "brand_css"}


def test_roles_are_exactly_the_five(app):
    assert set(PERMISSIONS) == {"officer", "supervisor", "legal", "trainer", "admin"}


def test_officer_cannot_read_another_officers_record(app):
    record_id = save_record(app, app.test_client(), "officer")
    other = app.test_client()
    other.post("/auth/login", data={"username": "officer2", "password": PASSWORD})
    assert other.get(f"/records/{record_id}").status_code == 404
    assert other.get(f"/records/{record_id}/print").status_code == 404
    assert record_id not in other.get("/records/").get_data(as_text=True)


def test_supervisor_of_another_force_cannot_read_the_record(app):
    record_id = save_record(app, app.test_client(), "officer")
    outsider = app.test_client()
    outsider.post("/auth/login", data={"username": "outsider", "password": PASSWORD})
    assert outsider.get(f"/records/{record_id}").status_code == 404
    assert record_id not in outsider.get("/records/force").get_data(as_text=True)


def test_drafts_belong_to_their_officer(app):
    draft_id = make_draft(app, "officer")
    other = app.test_client()
    other.post("/auth/login", data={"username": "officer2", "password": PASSWORD})
    for path in ("", "/question/recipient", "/answers", "/advice"):
        assert other.get(f"/check/{draft_id}{path}").status_code == 404
    assert other.get(f"/records/new/{draft_id}").status_code == 404
    assert other.post(f"/check/{draft_id}/delete").status_code == 404
    assert (
        draft_store.get_draft(
            app.extensions["sharewise_db"],
            draft_id,
            accounts.get_user_by_username(app.extensions["sharewise_db"], "officer")["id"],
        )
        is not None
    )


def test_navigation_shows_only_what_the_role_may_open(app):
    expected = {
        "officer": {"/check/", "/records/"},
        "supervisor": {"/check/", "/records/", "/records/force"},
        "legal": {"/check/", "/legal/"},
        "trainer": {"/check/", "/training/"},
        "admin": {"/admin/users"},
    }
    import re

    for role, links in expected.items():
        client = app.test_client()
        client.post("/auth/login", data={"username": role, "password": PASSWORD})
        html = client.get("/").get_data(as_text=True)
        nav = re.search(r'<ul class="govuk-service-navigation__list".*?</ul>', html, re.S).group(0)
        assert set(re.findall(r'href="([^"]+)"', nav)) == links, role
