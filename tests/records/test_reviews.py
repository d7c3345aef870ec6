"""Supervisors' reviews: their own entries in the chain, pointing at the record, kept as long as it is."""

import csv
import io

import pytest

from engine.records import Filters, RecordError, build_record, build_review, needs_review, open_store
from engine.records.export import write_csv
from tests.records.conftest import tamper
from tests.records.samples import OFFICER, inputs

SUPERVISOR = {
    "name": "Sgt Bea Review",
    "rank_or_role": "Sergeant",
    "force_number": "S77",
    "force": "Exampleshire Police",
}
OVERRIDE = {"accepted": False, "override_reason": "Needed today", "final_decision": "refer"}


def test_a_review_is_a_new_entry_pointing_at_the_record_and_kept_as_long_as_it(store):
    record = store.append(build_record(**inputs()))
    review = store.append(build_review(store.get(record["id"]), SUPERVISOR, "concerns", "The address was not needed."))
    assert review["kind"] == "review" and review["seq"] == record["seq"] + 1
    assert review["reviews"] == {"id": record["id"], "hash": record["hash"]}
    assert review["retention"] == record["review"]
    again = store.get(record["id"])
    assert [r["id"] for r in again["reviewed_by"]] == [review["id"]]
    assert again["reviewed_by"][0]["reasons"] == "The address was not needed."
    assert again["body_sha256"] == record["body_sha256"]  # the record itself is unchanged
    assert store.verify().ok and store.verify().checked == 2


def test_reviews_are_not_listed_as_records(store):
    record = store.append(build_record(**inputs()))
    store.append(build_review(store.get(record["id"]), SUPERVISOR, "agree"))
    assert [r["id"] for r in store.list()] == [record["id"]]


def test_the_reviews_of_several_records_at_once(store):
    first = store.append(build_record(**inputs()))
    second = store.append(build_record(**inputs()))
    unreviewed = store.append(build_record(**inputs()))
    agree = store.append(build_review(store.get(first["id"]), SUPERVISOR, "agree"))
    concerns = store.append(build_review(store.get(first["id"]), SUPERVISOR, "concerns", "Too much was sent."))
    other = store.append(build_review(store.get(second["id"]), SUPERVISOR, "agree"))
    found = store.reviews_of([first["id"], second["id"], unreviewed["id"], "no-such-record"])
    assert {key: [r["id"] for r in reviews] for key, reviews in found.items()} == {
        first["id"]: [agree["id"], concerns["id"]],
        second["id"]: [other["id"]],
    }
    assert found[first["id"]][-1]["outcome"] == "concerns"
    assert store.reviews_of([]) == {}


@pytest.mark.parametrize(
    ("outcome", "reasons", "field"),
    [("concerns", None, "reasons"), ("maybe", None, "outcome"), ("concerns", "   ", "reasons")],
)
def test_a_review_names_what_is_wrong(store, outcome, reasons, field):
    record = store.append(build_record(**inputs()))
    with pytest.raises(RecordError) as caught:
        build_review(store.get(record["id"]), SUPERVISOR, outcome, reasons)
    assert caught.value.field == field


def test_a_supervisor_of_another_force_cannot_review(store):
    record = store.append(build_record(**inputs()))
    with pytest.raises(RecordError) as caught:
        build_review(store.get(record["id"]), {**SUPERVISOR, "force": "OtherShire Police"}, "agree")
    assert caught.value.field == "reviewer.force"


def test_a_review_cannot_be_reviewed(store):
    record = store.append(build_record(**inputs()))
    review = store.append(build_review(store.get(record["id"]), SUPERVISOR, "agree"))
    with pytest.raises(RecordError):
        build_review(store.get(review["id"]), SUPERVISOR, "agree")


def test_changing_a_reviews_pointer_is_caught_by_verify(store_url):
    with open_store(store_url) as store:
        record = store.append(build_record(**inputs()))
        other = store.append(build_record(**inputs()))
        review = store.append(build_review(store.get(record["id"]), SUPERVISOR, "agree"))
    tamper(
        store_url,
        "UPDATE justification_records SET reviews = :value WHERE id = :id",
        value=other["id"],
        id=review["id"],
    )
    with open_store(store_url) as store:
        result = store.verify()
    assert not result.ok and result.first_bad == review["id"]


def test_the_review_queue_holds_overrides_and_emergency_sharing_until_reviewed(store):
    accepted = store.append(build_record(**inputs()))
    overridden = store.append(build_record(**inputs(decision=OVERRIDE)))
    emergency = store.append(build_record(**inputs(answers={"urgency": "immediate_risk_to_life"})))
    queue = Filters(force=OFFICER["force"], needs_review=True, reviewed=False)
    assert {r["id"] for r in store.list(filters=queue)} == {overridden["id"], emergency["id"]}
    assert store.count(queue) == 2
    assert not needs_review(accepted) and needs_review(overridden) and needs_review(emergency)
    store.append(build_review(store.get(overridden["id"]), SUPERVISOR, "agree"))
    assert [r["id"] for r in store.list(filters=queue)] == [emergency["id"]]
    reviewed = Filters(force=OFFICER["force"], reviewed=True)
    assert [r["id"] for r in store.list(filters=reviewed)] == [overridden["id"]]


def test_filters_by_decision_override_officer_and_date(store):
    accepted = store.append(build_record(**inputs()))
    overridden = store.append(build_record(**inputs(decision=OVERRIDE, officer={"force_number": "PC9"})))
    assert [r["id"] for r in store.list(filters=Filters(final_decision="refer"))] == [overridden["id"]]
    assert [r["id"] for r in store.list(filters=Filters(overridden=False))] == [accepted["id"]]
    assert [r["id"] for r in store.list(filters=Filters(overridden=True))] == [overridden["id"]]
    assert [r["id"] for r in store.list(filters=Filters(decision_maker="PC9"))] == [overridden["id"]]
    day = accepted["created_at"][:10]
    import datetime

    today = datetime.date.fromisoformat(day)
    assert len(store.list(filters=Filters(date_from=today, date_to=today))) == 2
    assert store.list(filters=Filters(date_to=today - datetime.timedelta(days=1))) == []


def test_csv_export_holds_reviews_with_their_outcome(store):
    record = store.append(build_record(**inputs()))
    store.append(build_review(store.get(record["id"]), SUPERVISOR, "concerns", "=HYPERLINK(x)"))
    out = io.StringIO()
    write_csv(out, store.export())
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [row["kind"] for row in rows] == ["decision", "review"]
    assert rows[1]["reviews"] == record["id"] and rows[1]["review_outcome"] == "concerns"
    assert rows[1]["review_reasons"] == "'=HYPERLINK(x)"


def test_a_review_prints_and_shows_as_text(store):
    from engine.records import render_html
    from engine.records.export import as_text

    record = store.append(build_record(**inputs()))
    review = store.append(build_review(store.get(record["id"]), SUPERVISOR, "concerns", "No call-back."))
    html = render_html(store.get(review["id"]), store.head())
    assert "<h1>Supervisor's review</h1>" in html and record["id"] in html and "No call-back." in html
    assert "reviews.id: " + record["id"] in as_text(store.get(review["id"]), store.head())
