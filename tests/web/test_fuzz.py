"""Fuzzing the API (issue 13): thousands of malformed and valid requests from concurrent clients against a
real server on the SQLite default. No 5xx, and every 400 names its field or limit.

Hypothesis draws batches of requests (answers close to valid, random JSON, lists of every size, deep
nesting, long numbers, bytes that are not UTF-8 or not JSON, wrong content types, odd dates, bad tokens);
each batch is sent by eight threads at once to gunicorn with several workers. Bounded: 200 batches of 16.
"""

from __future__ import annotations

import concurrent.futures
import http.client
import json
import urllib.parse

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.web.conftest import ANSWERS, close_app, loaded_pack, make_app, make_web_pack, user_id
from tests.web.live import gunicorn
from web import tokens

pytestmark = pytest.mark.slow

CLIENTS = 8
BATCH = 16
EXAMPLES = 200


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("fuzz")
    pack_path = make_web_pack(tmp_path / "pack")
    app = make_app(tmp_path, pack_path)
    token = tokens.add_token(app.extensions["sharewise_db"], user_id(app, "officer"), "fuzz")
    close_app(app)
    url = f"sqlite:///{tmp_path}/sharewise.sqlite3"
    settings_ = {"API_RATE_LIMIT": 10_000_000}
    with gunicorn(tmp_path, url, pack_path, workers=2, threads=4, settings=settings_) as (host, port):
        yield host, port, token, loaded_pack(pack_path)


def answer_values(question):
    options = [option.id for option in question.options]
    good = {
        "bool": st.sampled_from([True, False, "unsure"]),
        "one_of": st.sampled_from(options or ["x"]),
        "many_of": st.lists(st.sampled_from(options or ["x"]), max_size=4),
        "text": st.text(max_size=20),
        "number": st.integers() | st.floats(allow_nan=False),
    }[question.type]
    return good | JSON_SCALARS


JSON_SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30)
ANY_JSON = st.recursive(
    JSON_SCALARS,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner, max_size=5),
    max_leaves=30,
)


@st.composite
def answers(draw, pack):
    questions = draw(st.lists(st.sampled_from(pack.questions), max_size=8, unique_by=lambda q: q.id))
    body = {question.id: draw(answer_values(question)) for question in questions}
    if draw(st.booleans()):
        body[draw(st.text(max_size=15))] = draw(JSON_SCALARS)
    return body


def body_bytes(pack):
    def encode(value):
        return json.dumps(value).encode()

    deep = st.integers(min_value=1, max_value=3000).map(lambda n: ("[" * n + "]" * n).encode())
    long_number = st.integers(min_value=60, max_value=6000).map(lambda n: ('{"recipient": ' + "7" * n + "}").encode())
    return st.one_of(
        answers(pack).map(encode),
        st.lists(answers(pack), max_size=60).map(encode),
        st.just(json.dumps(ANSWERS).encode()),
        ANY_JSON.map(encode),
        deep,
        long_number,
        st.binary(max_size=200),
        st.text(max_size=200).map(lambda text: text.encode("utf-8", "surrogatepass")),
        st.sampled_from([b"NaN", b'{"recipient": Infinity}', b"", b"   ", b"{", b"[1e999]", b"\xff\xfe"]),
    )


@st.composite
def requests(draw, pack, token):
    query = draw(
        st.sampled_from(["", "?as_at=2026-03-02", "?as_at=0001-01-01", "?as_at=9999-12-31", "?as_at=x", "?as_at="])
        | st.text(max_size=12).map(lambda t: "?as_at=" + urllib.parse.quote(t))
    )
    bearer = draw(st.sampled_from([token, token, token, "", "sw_wrong", "x" * 300]))
    content_type = draw(st.sampled_from(["application/json"] * 4 + ["text/plain", None]))
    return query, bearer, content_type, draw(body_bytes(pack))


def send(host, port, request):
    query, bearer, content_type, body = request
    headers = {"Authorization": f"Bearer {bearer}"}
    if content_type:
        headers["Content-Type"] = content_type
    connection = http.client.HTTPConnection(host, port, timeout=120)
    try:
        connection.request("POST", "/api/v1/decide" + query, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def check(status, payload, request):
    assert status < 500, (status, request)
    if status == 400:
        body = json.loads(payload)
        assert isinstance(body.get("field"), str) and body["field"], (body, request)
        assert body["error"].startswith(body["field"]), body
    if status == 413:
        assert json.loads(payload)["limit"] == "max_body_bytes"
    assert status in (200, 400, 401, 413), (status, request)


def test_no_server_errors_and_every_400_names_its_field_or_limit(server):
    host, port, token, pack = server
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=CLIENTS)
    counts: dict[int, int] = {}

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(st.lists(requests(pack, token), min_size=BATCH, max_size=BATCH))
    def batch(drawn):
        for request, (status, payload) in zip(drawn, pool.map(lambda r: send(host, port, r), drawn)):
            check(status, payload, request)
            counts[status] = counts.get(status, 0) + 1

    try:
        batch()
    finally:
        pool.shutdown()
    assert sum(counts.values()) >= 3000
    assert counts.get(200, 0) > 50 and counts.get(400, 0) > 500, counts
