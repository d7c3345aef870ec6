"""Issue 13, defect 4: identities are unique and compared in one normalised form everywhere.

An account made with force ``test constabulary`` and the number of an officer of ``Test Constabulary``
could read that officer's records. Force names, officer numbers and usernames are now normalised once
(``web.identity``: Unicode NFKC, case folded, runs of spaces as one) and stored in that form beside what
was typed, with unique indexes on the normalised columns; every comparison uses it.
"""

import pytest
import sqlalchemy as sa

from tests.web.conftest import FORCE, PASSWORD, save_record
from web import accounts, schema


@pytest.mark.parametrize(
    ("force", "number"),
    [
        ("test constabulary", "0001"),
        ("TEST  CONSTABULARY", "0001"),
        (" Test Constabulary ", " 0001 "),
        ("Ｔｅｓｔ Ｃｏｎｓｔａｂｕｌａｒｙ", "０００１"),  # full-width forms: the same after NFKC
    ],
)
def test_a_case_variant_of_a_force_cannot_reuse_an_officers_number(app, force, number):
    engine = app.extensions["sharewise_db"]
    with pytest.raises(ValueError, match="already used"):
        accounts.add_user(engine, "imposter", PASSWORD, "supervisor", "Imp Oster", force, "Sgt", number)
    assert accounts.get_user_by_username(engine, "imposter") is None


def test_the_reported_attack_reads_nothing(app):
    """As reported: an account in a case variant of the force with the officer's number."""
    record_id = save_record(app, app.test_client(), "officer")
    engine = app.extensions["sharewise_db"]
    try:
        accounts.add_user(engine, "imposter", PASSWORD, "officer", "Imp Oster", FORCE.lower(), "PC", "0001")
    except ValueError:
        return  # refused, as it should be
    client = app.test_client()
    client.post("/auth/login", data={"username": "imposter", "password": PASSWORD})
    assert client.get(f"/records/{record_id}").status_code == 404
    assert client.get(f"/records/{record_id}/print").status_code == 404
    assert record_id not in client.get("/records/").get_data(as_text=True)


def test_the_admin_page_refuses_a_variant_naming_the_field(app):
    client = app.test_client()
    client.post("/auth/login", data={"username": "admin", "password": PASSWORD})
    form = {
        "username": "variant",
        "name": "Vari Ant",
        "role": "officer",
        "rank_or_role": "PC",
        "force_number": "0001",
        "force": FORCE.upper(),
    }
    response = client.post("/admin/users/new", data=form)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "already used" in html
    assert 'href="#force_number"' in html


@pytest.mark.parametrize("username", ["Officer", "OFFICER", " officer", "ｏｆｆｉｃｅｒ"])
def test_usernames_are_unique_in_any_case(app, username):
    engine = app.extensions["sharewise_db"]
    with pytest.raises(ValueError, match="already taken"):
        accounts.add_user(engine, username, PASSWORD, "legal", "Someone Else", FORCE)


@pytest.mark.parametrize("typed", ["Officer", "OFFICER", "officer "])
def test_sign_in_compares_usernames_in_the_normalised_form(app, typed):
    response = app.test_client().post("/auth/login", data={"username": typed, "password": PASSWORD})
    assert response.status_code == 302


def test_the_database_itself_refuses_a_duplicate_identity(app):
    """The unique indexes hold even for a writer that skips web.accounts."""
    engine = app.extensions["sharewise_db"]
    officer = accounts.get_user_by_username(engine, "officer")
    row = {key: officer[key] for key in officer if key != "id"}
    row["username"] = "direct"
    row["username_key"] = "direct"
    with pytest.raises(sa.exc.IntegrityError), engine.begin() as conn:
        conn.execute(schema.users.insert().values(**row))


def test_normalised_forms():
    from web import identity

    assert identity.force_key("  Test   CONSTABULARY ") == identity.force_key("test constabulary")
    assert identity.force_key("Ｔｅｓｔ") == "test"
    assert identity.number_key(" ab 12 ") == identity.number_key("AB12")
    assert identity.number_key("") is None
    assert identity.username_key(" JBloggs ") == "jbloggs"
    assert identity.same_force("Test Constabulary", "test  constabulary")
    assert not identity.same_force("Test Constabulary", "Other Constabulary")
    assert identity.same_number("0001", " 0001")
    assert not identity.same_number("", "")
