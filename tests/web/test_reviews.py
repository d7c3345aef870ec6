"""Supervisors: the review queue with filters and a count on the home page, reviews appended to the
records chain and shown on the record, the CSV export, and reviews only within the supervisor's force."""

import csv
import io

from tests.web.conftest import PASSWORD, make_draft, record_form
from web.records import get_store


def login(client, username):
    client.post("/auth/login", data={"username": username, "password": PASSWORD})


def save(app, client, form):
    login(client, "officer")
    draft_id = make_draft(app, "officer")
    response = client.post(f"/records/new/{draft_id}", data=form)
    assert response.status_code == 302
    client.post("/auth/logout")
    return response.location.rsplit("/", 1)[-1]


def accepted_form():
    form = record_form("share_with_conditions")
    form.update(accepted="yes")
    form.pop("final_decision")
    form.pop("override_reason")
    form.pop("authoriser-name"), form.pop("authoriser-rank"), form.pop("authoriser-number")
    return form


def test_queue_lists_overrides_and_the_home_page_counts_them(app, client):
    overridden = save(app, client, record_form("share_with_conditions"))
    accepted = save(app, client, accepted_form())
    login(client, "supervisor")
    home = client.get("/").get_data(as_text=True)
    assert '<strong class="app-count__number">1</strong>' in home
    html = client.get("/reviews/").get_data(as_text=True)
    assert f"/records/{overridden}" in html and f"/records/{accepted}" not in html
    everything = client.get("/reviews/?status=all").get_data(as_text=True)
    assert f"/records/{accepted}" in everything
    overrides_only = client.get("/reviews/?status=all&overridden=no").get_data(as_text=True)
    assert f"/records/{accepted}" in overrides_only and f"/records/{overridden}" not in overrides_only
    by_decision = client.get("/reviews/?status=all&decision=share").get_data(as_text=True)
    assert f"/records/{overridden}" in by_decision and f"/records/{accepted}" not in by_decision
    nobody = client.get("/reviews/?status=all&officer=9999").get_data(as_text=True)
    assert "No records match" in nobody
    bad_date = client.get("/reviews/?from=31-12-2026").get_data(as_text=True)
    assert "Enter a real date" in bad_date


def test_a_review_is_appended_to_the_chain_and_shown_on_the_record(app, client):
    record_id = save(app, client, record_form("share_with_conditions"))
    login(client, "supervisor")
    page = client.post(f"/reviews/{record_id}", data={"outcome": "concerns"})
    assert page.status_code == 200 and "Enter your concerns and the reasons for them" in page.get_data(as_text=True)
    response = client.post(f"/reviews/{record_id}", data={"outcome": "concerns", "reasons": "No call-back was made."})
    assert response.status_code == 302
    with app.app_context():
        store = get_store()
        record = store.get(record_id)
        assert [r["outcome"] for r in record["reviewed_by"]] == ["concerns"]
        assert store.verify().ok
    html = client.get(f"/records/{record_id}").get_data(as_text=True)
    assert "Has concerns" in html and "No call-back was made." in html
    # Reviewed: it leaves the queue and the count.
    assert f"/records/{record_id}" not in client.get("/reviews/").get_data(as_text=True)
    assert '<strong class="app-count__number">0</strong>' in client.get("/").get_data(as_text=True)
    # The officer sees the review on their own record too.
    client.post("/auth/logout")
    login(client, "officer")
    assert "No call-back was made." in client.get(f"/records/{record_id}").get_data(as_text=True)


def test_the_officers_and_the_forces_lists_show_the_latest_review(app, client):
    reviewed = save(app, client, record_form("share_with_conditions"))
    unreviewed = save(app, client, accepted_form())
    login(client, "supervisor")
    client.post(f"/reviews/{reviewed}", data={"outcome": "agree"})
    client.post(f"/reviews/{reviewed}", data={"outcome": "concerns", "reasons": "No call-back was made."})
    for username, path in (("supervisor", "/records/force"), ("officer", "/records/")):
        client.post("/auth/logout")
        login(client, username)
        html = client.get(path).get_data(as_text=True)
        items = html.split('<li class="app-record-list__item">')[1:]
        item_of = {
            record_id: next(i for i in items if f"/records/{record_id}" in i) for record_id in (reviewed, unreviewed)
        }
        assert "Has concerns" in item_of[reviewed] and "Agrees with the decision" not in item_of[reviewed]
        assert f'href="/records/{reviewed}#reviews"' in item_of[reviewed]
        assert "Read the supervisor&#39;s concerns" in item_of[reviewed]
        assert "supervisor" not in item_of[unreviewed].lower()


def test_a_supervisor_of_another_force_cannot_review_or_see(app, client):
    record_id = save(app, client, record_form("share_with_conditions"))
    login(client, "outsider")
    assert client.get(f"/reviews/{record_id}").status_code == 404
    assert client.post(f"/reviews/{record_id}", data={"outcome": "agree"}).status_code == 404
    assert f"/records/{record_id}" not in client.get("/reviews/?status=all").get_data(as_text=True)
    with app.app_context():
        assert get_store().get(record_id)["reviewed_by"] == []


def test_csv_export_of_the_filtered_list(app, client):
    overridden = save(app, client, record_form("share_with_conditions", text="=cmd|' /C calc'!A0"))
    accepted = save(app, client, accepted_form())
    login(client, "supervisor")
    response = client.get("/reviews/export.csv?status=to_review")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [row["id"] for row in rows] == [overridden]
    assert rows[0]["override_reason"].startswith("'=")  # a spreadsheet shows it, never runs it
    all_rows = list(csv.DictReader(io.StringIO(client.get("/reviews/export.csv?status=all").get_data(as_text=True))))
    assert {row["id"] for row in all_rows} == {overridden, accepted}
