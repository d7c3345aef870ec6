"""Issue 13, defect 3: the API is rate-limited per token, and the count is shared by every worker.

The limit counts decisions (a list of five answer sets costs five) in a fixed window per token, kept in the
database (``web.rate_limit``), so that every gunicorn worker, and a restart, sees the same count.
"""

from tests.web.conftest import ANSWERS, close_app, make_app
from tests.web.test_api import post, token_for


def test_a_token_over_its_limit_gets_a_429_naming_the_limit(app, client):
    app.config.update(API_RATE_LIMIT=5, API_RATE_WINDOW_SECONDS=3600)
    token = token_for(app, "officer")
    assert [post(client, token, ANSWERS).status_code for _ in range(5)] == [200] * 5
    response = post(client, token, ANSWERS)
    assert response.status_code == 429
    body = response.get_json()
    assert (body["limit"], body["max"], body["window_seconds"]) == ("rate", 5, 3600)
    assert "5 decisions per 3600 seconds" in body["error"]
    assert 0 < int(response.headers["Retry-After"]) <= 3600
    # Another token (even the same user's) has its own count.
    assert post(client, token_for(app, "officer"), ANSWERS).status_code == 200


def test_a_list_costs_one_per_answer_set(app, client):
    app.config.update(API_RATE_LIMIT=5, API_RATE_WINDOW_SECONDS=3600)
    token = token_for(app, "officer")
    assert post(client, token, [ANSWERS] * 4).status_code == 200
    assert post(client, token, [ANSWERS] * 2).status_code == 429
    assert post(client, token, ANSWERS).status_code == 200


def test_refused_requests_do_not_use_the_allowance_up(app, client):
    app.config.update(API_RATE_LIMIT=2, API_RATE_WINDOW_SECONDS=3600)
    token = token_for(app, "officer")
    for _ in range(3):
        assert post(client, token, "not answers").status_code == 400
    assert post(client, token, ANSWERS).status_code == 200


def test_the_count_is_shared_by_workers_on_one_database(app, tmp_path, web_pack_path):
    """Two app instances on the same database stand for two gunicorn workers."""
    app.config.update(API_RATE_LIMIT=4, API_RATE_WINDOW_SECONDS=3600)
    token = token_for(app, "officer")
    other = make_app(tmp_path / "other", web_pack_path, DATABASE_URL=app.config["DATABASE_URL"], SKIP_SEED=True)
    other.config.update(API_RATE_LIMIT=4, API_RATE_WINDOW_SECONDS=3600)
    try:
        first, second = app.test_client(), other.test_client()
        statuses = [post(c, token, ANSWERS).status_code for c in (first, second, first, second, first)]
        assert statuses == [200, 200, 200, 200, 429]
    finally:
        close_app(other)


def test_a_new_window_starts_a_new_count(app, client):
    app.config.update(API_RATE_LIMIT=1, API_RATE_WINDOW_SECONDS=3600)
    token = token_for(app, "officer")
    assert post(client, token, ANSWERS).status_code == 200
    assert post(client, token, ANSWERS).status_code == 429
    from web import schema

    with app.extensions["sharewise_db"].begin() as conn:  # the window was an hour ago
        conn.execute(schema.rate_limits.update().values(window_start=schema.rate_limits.c.window_start - 3600))
    assert post(client, token, ANSWERS).status_code == 200
