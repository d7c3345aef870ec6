"""The app factory: configuration, the force's branding and the security headers on every response."""

import re

import pytest

from web import create_app


@pytest.fixture(autouse=True)
def _instance_in_tmp(tmp_path, monkeypatch):
    monkeypatch.setenv("SHAREWISE_INSTANCE_DIR", str(tmp_path / "instance"))


def test_secret_key_is_required(tmp_path, monkeypatch):
    monkeypatch.delenv("SHAREWISE_SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite3"})


def test_environment_configures_the_app(tmp_path, monkeypatch):
    monkeypatch.setenv("SHAREWISE_SECRET_KEY", "from-the-environment")
    monkeypatch.setenv("SHAREWISE_FORCE_NAME", "Northshire Police")
    monkeypatch.setenv("SHAREWISE_DATABASE_URL", f"sqlite:///{tmp_path}/env.sqlite3")
    app = create_app()
    try:
        assert app.config["SECRET_KEY"] == "from-the-environment"
        assert app.config["FORCE_NAME"] == "Northshire Police"
        assert app.config["SESSION_COOKIE_SECURE"] is True  # production default
        assert app.config["SESSION_COOKIE_HTTPONLY"] is True
        assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    finally:
        app.extensions["sharewise_db"].dispose()


@pytest.mark.parametrize("colour", ["#ffdd00", "#ffffff", "blue", "#12345"])
def test_unreadable_or_malformed_force_colour_is_refused(tmp_path, colour):
    with pytest.raises(ValueError, match="FORCE_COLOUR"):
        create_app({"SECRET_KEY": "x", "DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite3", "FORCE_COLOUR": colour})


def test_brand_css_carries_the_force_colour(tmp_path, web_pack_path):
    from tests.web.conftest import close_app, make_app

    app = make_app(tmp_path, web_pack_path, FORCE_COLOUR="#003078")
    try:
        response = app.test_client().get("/brand.css")
        assert response.status_code == 200
        assert response.mimetype == "text/css"
        assert "--app-force-colour:#003078" in response.get_data(as_text=True)
    finally:
        close_app(app)


def test_pages_carry_a_nonce_csp_and_hardening_headers(client):
    response = client.get("/auth/login")
    csp = response.headers["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", csp).group(1)
    assert "default-src 'self'" in csp
    assert "script-src 'self' 'nonce-" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp and "base-uri 'none'" in csp
    html = response.get_data(as_text=True)
    # The only inline script is the template's js-enabled flag, and it carries this request's nonce.
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline == [f' nonce="{nonce}"']
    assert '<script type="module" src="/static/app.mjs"></script>' in html
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Cache-Control"] == "no-store"


def test_nonce_changes_per_request(client):
    first = client.get("/auth/login").headers["Content-Security-Policy"]
    second = client.get("/auth/login").headers["Content-Security-Policy"]
    assert first != second


def test_no_gov_uk_branding(client):
    html = client.get("/auth/login").get_data(as_text=True)
    assert "govuk-generic-header" in html
    assert "Test Constabulary" in html
    for branded in (
        "GOV.UK",
        "Crown copyright",
        "govuk-header__logotype",
        "govuk-crest",
        "favicon.ico",
        "govuk-icon",
        "manifest.json",
        "govuk-footer__copyright-logo",
    ):
        assert branded not in html, branded


def test_built_assets_have_no_gds_transport():
    import pathlib

    static = pathlib.Path(__file__).parents[2] / "web" / "static"
    css = (static / "govuk" / "app.css").read_text()
    assert "GDS Transport" not in css
    assert "@font-face" not in css
    assert (static / "govuk" / "govuk-frontend.min.js").is_file()
    assert "initAll()" in (static / "app.mjs").read_text()
    assert not list(static.glob("**/*.woff*"))
    assert (static / "govuk" / "VERSION").read_text().splitlines()[0] == "govuk-frontend 6.3.0"


def test_built_assets_match_their_sources():
    """web/static/govuk is committed build output: editing the Sass (or the build) needs a rebuild.

    Run `cd web/assets && npm ci && npm run build` and commit web/static/govuk/.
    """
    import hashlib
    import pathlib

    web = pathlib.Path(__file__).parents[2] / "web"
    digest = hashlib.sha256(
        b"".join((web / "assets" / name).read_bytes() for name in ("scss/app.scss", "build.mjs", "package.json"))
    ).hexdigest()
    assert (web / "static" / "govuk" / "VERSION").read_text().splitlines()[1] == f"sources sha256 {digest}"


def test_static_files_are_served(client):
    for path in (
        "/static/govuk/app.css",
        "/static/govuk/govuk-frontend.min.js",
        "/static/app.mjs",
        "/static/images/favicon.svg",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        response.close()


def test_error_pages_are_gov_uk_styled(client, auth):
    auth.login()
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)
