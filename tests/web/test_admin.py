"""The administrator's pages for one account (issue 13): disable and enable, role, a new password, sign out
everywhere, issue and revoke tokens; each audited, none on one's own account where it could lock one out."""

import re

from tests.web.conftest import PASSWORD, user_id
from web import accounts, audit, tokens


def admin_client(app):
    client = app.test_client()
    assert client.post("/auth/login", data={"username": "admin", "password": PASSWORD}).status_code == 302
    return client


def officer_client(app, username="officer"):
    client = app.test_client()
    assert client.post("/auth/login", data={"username": username, "password": PASSWORD}).status_code == 302
    return client


def events(app):
    return [(row["event"], row["actor"], row["subject_id"]) for row in audit.recent(app.extensions["sharewise_db"])]


def test_the_users_list_links_to_each_account(app):
    html = admin_client(app).get("/admin/users").get_data(as_text=True)
    assert f'href="/admin/users/{user_id(app, "officer")}"' in html


def test_disable_and_enable(app):
    admin, officer = admin_client(app), officer_client(app)
    target = user_id(app, "officer")
    response = admin.post(f"/admin/users/{target}/disable")
    assert response.location == f"/admin/users/{target}"
    assert officer.get("/").status_code == 302
    page = admin.get(response.location).get_data(as_text=True)
    assert "Disabled" in page and "Enable account" in page
    admin.post(f"/admin/users/{target}/enable")
    assert officer_client(app).get("/").status_code == 200
    assert ("account.disabled", "admin", target) in events(app)
    assert ("account.enabled", "admin", target) in events(app)


def test_an_administrator_cannot_disable_or_demote_themselves(app):
    admin = admin_client(app)
    me = user_id(app, "admin")
    admin.post(f"/admin/users/{me}/disable")
    admin.post(f"/admin/users/{me}/role", data={"role": "officer"})
    user = accounts.get_user(app.extensions["sharewise_db"], me)
    assert user["active"] and user["role"] == "admin"
    assert "You cannot" in admin.get(f"/admin/users/{me}").get_data(as_text=True)


def test_change_role(app):
    admin = admin_client(app)
    target = user_id(app, "officer2")
    assert "What role should officer2 have?" in admin.get(f"/admin/users/{target}/role").get_data(as_text=True)
    assert "Select a role" in admin.post(f"/admin/users/{target}/role", data={"role": "chief"}).get_data(as_text=True)
    admin.post(f"/admin/users/{target}/role", data={"role": "supervisor"})
    assert accounts.get_user(app.extensions["sharewise_db"], target)["role"] == "supervisor"
    (row,) = [r for r in audit.recent(app.extensions["sharewise_db"]) if r["event"] == "account.role_changed"]
    assert row["details"] == {"role_from": "officer", "role_to": "supervisor"}


def test_set_a_new_password_signs_the_account_out(app):
    admin, officer = admin_client(app), officer_client(app)
    target = user_id(app, "officer")
    html = admin.post(f"/admin/users/{target}/password").get_data(as_text=True)
    password = re.search(r'app-free-text">([^<]+)<', html).group(1)
    assert officer.get("/").status_code == 302
    assert app.test_client().post("/auth/login", data={"username": "officer", "password": password}).status_code == 302
    assert password not in str(audit.recent(app.extensions["sharewise_db"]))


def test_sign_out_everywhere_from_the_admin_page(app):
    admin, officer = admin_client(app), officer_client(app)
    admin.post(f"/admin/users/{user_id(app, 'officer')}/sign-out")
    assert officer.get("/").status_code == 302


def test_issue_list_and_revoke_a_token(app, client):
    admin = admin_client(app)
    target = user_id(app, "officer")
    form = admin.post(f"/admin/users/{target}/tokens/new", data={"label": "", "expires": "7"}).get_data(as_text=True)
    assert "Enter what the token is for" in form and "Select what the token may do" in form
    assert "Select when the token expires" in form
    html = admin.post(
        f"/admin/users/{target}/tokens/new",
        data={"label": "case system", "scopes": ["decide", "records"], "expires": "30"},
    ).get_data(as_text=True)
    token = re.search(r'app-free-text">(sw_[^<]+)<', html).group(1)
    assert client.post("/api/v1/decide", json={}, headers={"Authorization": f"Bearer {token}"}).status_code == 200
    page = admin.get(f"/admin/users/{target}").get_data(as_text=True)
    assert "case system" in page and "Get advice (decide), Read records" in page and token not in page
    (row,) = tokens.list_tokens(app.extensions["sharewise_db"], target)
    assert admin.post(f"/admin/tokens/{row['id']}/revoke").location == f"/admin/users/{target}"
    assert client.post("/api/v1/decide", json={}, headers={"Authorization": f"Bearer {token}"}).status_code == 401
    kinds = [event for event, _actor, _subject in events(app)]
    assert "token.issued" in kinds and "token.revoked" in kinds


def test_unknown_accounts_and_tokens_are_404(app):
    admin = admin_client(app)
    assert admin.get("/admin/users/99999").status_code == 404
    assert admin.post("/admin/tokens/99999/revoke").status_code == 404


def test_the_auditor_reads_the_log_and_nothing_else(app):
    admin_client(app).post(f"/admin/users/{user_id(app, 'officer2')}/disable")
    auditor = officer_client(app, "auditor")
    html = auditor.get("/audit/").get_data(as_text=True)
    assert "account.disabled" in html and "officer2" in html
    filtered = auditor.get("/audit/?event=auth.").get_data(as_text=True)
    assert "account.disabled" not in filtered and "auth.sign_in" in filtered
    assert auditor.get("/admin/users").status_code == 403
    assert auditor.get("/records/").status_code == 403
    assert admin_client(app).get("/audit/").status_code == 403
