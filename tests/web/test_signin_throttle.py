"""Issue 13, defect 5: a per-account backoff across addresses that cannot lock an account out for good.

The throttle used to count failures only per username-and-address and per address: 50 wrong guesses at
one account from 10 addresses all went through, and 20 failures from one address (or from everyone
behind a proxy that is not configured) locked out everyone there.

Now, beyond the per-address limits, failures on an account from anywhere put it into an exponential
backoff (capped; refused attempts do not extend it). And a browser that has signed in to the account
before carries a signed device cookie: its attempts are throttled on their own (per account and device),
so neither a crowd of addresses nor a busy shared address can keep the account's owner out.
"""

import datetime

from tests.web.conftest import PASSWORD
from web import db, schema


def attempt(app, password, address, client=None, username="officer"):
    client = client or app.test_client()
    return client.post(
        "/auth/login", data={"username": username, "password": password}, environ_base={"REMOTE_ADDR": address}
    )


def test_fifty_guesses_from_ten_addresses_do_not_all_go_through(app):
    statuses = [attempt(app, f"guess {n}", f"10.0.{n % 10}.1").status_code for n in range(50)]
    assert statuses.count(429) >= 35, statuses
    free = app.config["LOGIN_ACCOUNT_FAILURES"]
    assert statuses[:free] == [200] * free
    assert statuses[free:] == [429] * (50 - free)
    # The right password from yet another address is refused too while the account backs off...
    response = attempt(app, PASSWORD, "10.9.9.9")
    assert response.status_code == 429
    assert "Too many failed attempts" in response.get_data(as_text=True)


def test_the_backoff_grows_but_is_capped_and_ends(app):
    app.config.update(LOGIN_ACCOUNT_FAILURES=3, LOGIN_BACKOFF_SECONDS=30, LOGIN_BACKOFF_MAX_SECONDS=120)
    engine = app.extensions["sharewise_db"]
    for n in range(3):
        assert attempt(app, "wrong", f"10.1.0.{n}").status_code == 200
    assert attempt(app, "wrong", "10.1.1.1").status_code == 429

    def shift(seconds):
        """Move every attempt ``seconds`` into the past (in Python: SQLite has no date arithmetic)."""
        table = schema.login_attempts
        with engine.begin() as conn:
            for row in conn.execute(table.select()).mappings().all():
                earlier = row["at"] - datetime.timedelta(seconds=seconds)
                conn.execute(table.update().where(table.c.id == row["id"]).values(at=earlier))

    shift(31)  # first delay over: one more guess, then twice as long
    assert attempt(app, "wrong", "10.1.1.2").status_code == 200
    shift(31)
    assert attempt(app, "wrong", "10.1.1.3").status_code == 429
    shift(30)
    assert attempt(app, "wrong", "10.1.1.4").status_code == 200
    for n in range(10):  # many more: the delay never exceeds the cap
        shift(121)
        assert attempt(app, "wrong", f"10.1.2.{n}").status_code == 200
    shift(121)
    assert attempt(app, PASSWORD, "10.1.1.6").status_code == 302


def test_refused_attempts_do_not_extend_the_backoff(app):
    app.config.update(LOGIN_ACCOUNT_FAILURES=2, LOGIN_BACKOFF_SECONDS=60, LOGIN_BACKOFF_MAX_SECONDS=60)
    for n in range(2):
        attempt(app, "wrong", f"10.2.0.{n}")
    for n in range(20):
        assert attempt(app, "wrong", f"10.2.1.{n}").status_code == 429
    with app.extensions["sharewise_db"].begin() as conn:
        conn.execute(schema.login_attempts.update().values(at=db.utcnow() - datetime.timedelta(seconds=61)))
    assert attempt(app, PASSWORD, "10.2.2.2").status_code == 302


def test_the_owners_browser_is_not_locked_out_by_an_attack(app):
    owner = app.test_client()
    assert attempt(app, PASSWORD, "192.0.2.10", owner).status_code == 302
    owner.post("/auth/logout", environ_base={"REMOTE_ADDR": "192.0.2.10"})
    for n in range(60):  # an attacker from many addresses, without the owner's device cookie
        attempt(app, f"guess {n}", f"10.3.{n % 12}.1")
    assert attempt(app, PASSWORD, "10.9.9.9").status_code == 429  # a new browser waits
    assert attempt(app, PASSWORD, "192.0.2.99", owner).status_code == 302  # the owner's does not


def test_a_busy_shared_address_does_not_lock_out_colleagues_who_signed_in_before(app):
    colleague = app.test_client()
    assert attempt(app, PASSWORD, "10.4.4.4", colleague, "supervisor").status_code == 302
    colleague.post("/auth/logout", environ_base={"REMOTE_ADDR": "10.4.4.4"})
    for n in range(app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"]):
        attempt(app, "wrong", "10.4.4.4", username=f"nobody{n}")
    assert attempt(app, PASSWORD, "10.4.4.4", username="legal").status_code == 429
    assert attempt(app, PASSWORD, "10.4.4.4", colleague, "supervisor").status_code == 302


def test_a_device_cookie_has_its_own_limit(app):
    owner = app.test_client()
    assert attempt(app, PASSWORD, "192.0.2.20", owner).status_code == 302
    owner.post("/auth/logout", environ_base={"REMOTE_ADDR": "192.0.2.20"})
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        assert attempt(app, "wrong", "192.0.2.21", owner).status_code == 200
    assert attempt(app, PASSWORD, "192.0.2.22", owner).status_code == 429


def test_a_device_cookie_for_another_account_does_not_help(app):
    owner = app.test_client()
    assert attempt(app, PASSWORD, "192.0.2.30", owner, "officer2").status_code == 302
    owner.post("/auth/logout", environ_base={"REMOTE_ADDR": "192.0.2.30"})
    for n in range(app.config["LOGIN_ACCOUNT_FAILURES"]):
        attempt(app, "wrong", f"10.5.0.{n}")
    assert attempt(app, PASSWORD, "192.0.2.31", owner, "officer").status_code == 429


def test_a_forged_device_cookie_is_ignored(app):
    client = app.test_client()
    client.set_cookie("sharewise_device", "forged.value.here", domain="localhost")
    for n in range(app.config["LOGIN_ACCOUNT_FAILURES"]):
        attempt(app, "wrong", f"10.6.0.{n}")
    assert attempt(app, PASSWORD, "10.6.1.1", client).status_code == 429
