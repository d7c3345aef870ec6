"""Practice: a trainee reads the brief, answers the officers' questionnaire, says what they would do before
any advice, and is marked by the engine; practice is marked as such on every page, never makes a
justification record and is kept apart; a trainee sees only their own attempts."""

import re

from tests.web.training_setup import (
    AS_AT,
    FAVOUR,
    GRADE_E,
    GRADE_E_FACTS,
    GRADE_E_MODEL,
    STRATEGY,
    answer_all,
    form_value,
    login,
    open_exercise,
    play,
    start,
)
from web import attempt_store, draft_store
from web.records import get_store

BANNER = "Nothing here is a real check and no justification record is kept."


def text_of(response):
    return response.get_data(as_text=True)


def test_a_trainee_sees_the_exercises_open_to_their_cohorts(app):
    exercise_id, _items, _ = open_exercise(app, members=("officer",))
    officer = login(app.test_client(), "officer")
    page = text_of(officer.get("/practice/"))
    assert "Intelligence" in page and BANNER in page
    assert officer.get(f"/practice/exercises/{exercise_id}").status_code == 200
    outsider = login(app.test_client(), "officer2")  # not in the cohort
    assert "Intelligence" not in text_of(outsider.get("/practice/"))
    assert outsider.get(f"/practice/exercises/{exercise_id}").status_code == 404


def test_joining_with_the_code(app):
    exercise_id, _items, cohort_id = open_exercise(app, members=())
    from web import training_store

    code = training_store.get_cohort(app.extensions["sharewise_db"], cohort_id, "Test Constabulary")["join_code"]
    officer = login(app.test_client(), "officer2")
    wrong = officer.post("/practice/join", data={"code": "NOTACODE"})
    assert wrong.status_code == 200 and "Enter the join code your trainer gave you" in text_of(wrong)
    joined = officer.post("/practice/join", data={"code": code.lower()[:4] + "-" + code.lower()[4:]})
    assert joined.status_code == 302
    assert officer.get(f"/practice/exercises/{exercise_id}").status_code == 200
    # A supervisor of another force cannot join with it.
    outsider = login(app.test_client(), "outsider")
    assert "Enter the join code" in text_of(outsider.post("/practice/join", data={"code": code}))


def test_the_brief_and_the_questions_never_show_the_answers_or_the_advice(app):
    exercise_id, items, _ = open_exercise(app)
    officer = login(app.test_client(), "officer")
    attempt_id = start(officer, exercise_id, items[GRADE_E])
    brief = text_of(officer.get(f"/practice/attempts/{attempt_id}"))
    assert "believed to have made it up" in brief  # the narrative
    pages = [brief]
    location = officer.get(f"/practice/attempts/{attempt_id}/answers").location
    while "/question/" in location:
        pages.append(text_of(officer.get(location)))
        question_id = re.search(r"/question/(\w+)", location).group(1)
        value = GRADE_E_FACTS[question_id]
        location = officer.post(location, data={"answer": form_value(value)}).location
    pages += [text_of(officer.get(location)), text_of(officer.get(f"/practice/attempts/{attempt_id}/decision"))]
    assert len(pages) == 9  # the brief, six questions, check your answers, what you would do
    for number, page in enumerate(pages):
        assert BANNER in page
        assert "Practice:" in re.search(r"<title>(.*?)</title>", page, re.S).group(1)
        # No advice, no rule the advice relies on, no expected outcome before the trainee has said what they
        # would do (the last page offers every power of the pack to choose from, and every outcome).
        leaks = ["app-decision", "Intelligence graded E is withheld", "3x5x2 grading"]
        leaks += ["Partner gateway", "Withhold", "Share with conditions"] if number < len(pages) - 1 else []
        for leak in leaks:
            assert leak not in page, (number, leak)


def test_a_mistake_is_marked_with_the_rule_and_its_citation_and_flagged_as_dangerous(app):
    exercise_id, items, _ = open_exercise(app)
    officer = login(app.test_client(), "officer")
    said = dict(GRADE_E_MODEL, **{"item-intelligence_graded": "share"})
    attempt_id = play(officer, exercise_id, items[GRADE_E], GRADE_E_FACTS, said)
    page = text_of(officer.get(f"/practice/attempts/{attempt_id}/feedback"))
    assert BANNER in page
    assert re.search(r"85<span[^>]*> out of 100", page)  # items 15 of 30: one of two wrong
    assert "Dangerous" in page and "You would share information that must be withheld" in page
    assert "Intelligence graded E is withheld" in page and "APP Intelligence management, 3x5x2 grading" in page
    assert "Suspected false intelligence is not passed on." in page  # the rule's note
    assert "advice on the brief" in page and "app-decision" in page
    stored = attempt_store.get_attempt(app.extensions["sharewise_db"], attempt_id, _uid(app, "officer"))
    assert stored["marking"]["dangerous"][0]["kind"] == "shared_hard_stop"


def test_copying_the_model_answer_through_the_questionnaire_scores_100(app):
    exercise_id, items, _ = open_exercise(app)
    officer = login(app.test_client(), "officer")
    attempt_id = play(officer, exercise_id, items[GRADE_E], GRADE_E_FACTS, GRADE_E_MODEL)
    page = text_of(officer.get(f"/practice/attempts/{attempt_id}/feedback"))
    assert re.search(r"100<span[^>]*> out of 100", page)
    assert "everything you said matches" in page


def test_a_misread_fact_is_marked_once_and_named(app):
    exercise_id, items, _ = open_exercise(app, names=(FAVOUR,))
    officer = login(app.test_client(), "officer")
    facts = {
        "recipient": "la_childrens_services",
        "request_direction": "reactive",
        "purpose": "child_protection",
        "data_categories": ["identity"],
        "data_subject_is_child": False,
    }
    said = {"decision": "do_not_share", "item-identity": "withhold", "power": "none"}
    attempt_id = play(officer, exercise_id, items[FAVOUR], facts, said)
    marking = attempt_store.get_attempt(app.extensions["sharewise_db"], attempt_id, _uid(app, "officer"))["marking"]
    facts_part = next(p for p in marking["parts"] if p["part"] == "facts")
    # The four questions the brief answers are marked, one wrong; whether the subject is a child, asked only
    # because of the misread purpose and not in the brief, is not.
    assert (facts_part["right"], facts_part["out_of"]) == (3, 4)
    assert [d["field"] for d in marking["differences"] if d["part"] == "facts"] == ["purpose"]


def test_what_you_would_do_names_each_missing_field(app):
    exercise_id, items, _ = open_exercise(app)
    officer = login(app.test_client(), "officer")
    attempt_id = start(officer, exercise_id, items[GRADE_E])
    answer_all(officer, attempt_id, GRADE_E_FACTS)
    page = text_of(officer.post(f"/practice/attempts/{attempt_id}/decision", data={"item-identity": "share"}))
    for message, target in (
        ("Select what you would decide", "#decision"),
        ("Select what to do with", "#item-intelligence_graded"),
        ("Select the power you rely on", "#power"),
    ):
        assert message in page and f'href="{target}"' in page
    tampered = officer.post(f"/practice/attempts/{attempt_id}/decision", data=dict(GRADE_E_MODEL, power="W-NOPE"))
    assert tampered.status_code == 200 and "Select the power you rely on" in text_of(tampered)


def test_a_marked_attempt_cannot_be_changed(app):
    exercise_id, items, _ = open_exercise(app)
    officer = login(app.test_client(), "officer")
    attempt_id = play(officer, exercise_id, items[GRADE_E], GRADE_E_FACTS, GRADE_E_MODEL)
    for path in ("/question/recipient", "/answers", "/decision"):
        response = officer.get(f"/practice/attempts/{attempt_id}{path}")
        assert response.status_code == 302 and response.location.endswith("/feedback")
    again = officer.post(f"/practice/attempts/{attempt_id}/decision", data=dict(GRADE_E_MODEL, decision="share"))
    assert again.location.endswith("/feedback")
    assert start(officer, exercise_id, items[GRADE_E]) == attempt_id  # one attempt per scenario
    marking = attempt_store.get_attempt(app.extensions["sharewise_db"], attempt_id, _uid(app, "officer"))["marking"]
    assert marking["score"] == 100


def test_the_questionnaire_is_the_officers_own_with_changes_from_check_your_answers(app):
    exercise_id, items, _ = open_exercise(app)
    officer = login(app.test_client(), "officer")
    attempt_id = start(officer, exercise_id, items[GRADE_E])
    answer_all(officer, attempt_id, GRADE_E_FACTS)
    page = text_of(officer.get(f"/practice/attempts/{attempt_id}/answers"))
    assert f'href="/practice/attempts/{attempt_id}/question/intelligence_grading?change=1"' in page
    # Changing the grade to one with a P code question asks it before returning to check your answers.
    response = officer.post(
        f"/practice/attempts/{attempt_id}/question/intelligence_grading?change=1", data={"answer": "2B"}
    )
    assert response.location.endswith("/question/handling_code?change=1")
    question = text_of(officer.get(response.location))
    assert 'name="answer"' in question and BANNER in question and "Read the brief again" in question


def test_practice_never_makes_a_record_or_a_draft_and_officers_records_leave_it_out(app):
    exercise_id, items, _ = open_exercise(app)
    officer = login(app.test_client(), "officer")
    attempt_id = play(officer, exercise_id, items[GRADE_E], GRADE_E_FACTS, GRADE_E_MODEL)
    engine = app.extensions["sharewise_db"]
    assert draft_store.list_drafts(engine, _uid(app, "officer"), 7) == []
    with app.app_context():
        assert get_store().head() is None  # the records store holds nothing at all
    records = text_of(officer.get("/records/"))
    assert GRADE_E not in records and attempt_id not in records
    assert officer.get(f"/records/new/{attempt_id}").status_code == 404  # an attempt is not a draft
    assert "Record your decision" not in text_of(officer.get(f"/practice/attempts/{attempt_id}/feedback"))
    supervisor = login(app.test_client(), "supervisor")
    assert GRADE_E not in text_of(supervisor.get("/records/force"))
    assert officer.get(f"/check/{attempt_id}/advice").status_code == 404


def test_a_trainee_sees_only_their_own_attempts(app):
    exercise_id, items, _ = open_exercise(app)
    officer = login(app.test_client(), "officer")
    attempt_id = play(officer, exercise_id, items[GRADE_E], GRADE_E_FACTS, GRADE_E_MODEL)
    other = login(app.test_client(), "supervisor")  # in the same cohort
    for path in ("", "/question/recipient", "/answers", "/decision", "/feedback"):
        assert other.get(f"/practice/attempts/{attempt_id}{path}").status_code == 404
    assert attempt_id not in text_of(other.get(f"/practice/exercises/{exercise_id}"))


def test_a_closed_exercise_keeps_feedback_but_starts_nothing(app):
    exercise_id, items, _ = open_exercise(app)
    officer = login(app.test_client(), "officer")
    done = play(officer, exercise_id, items[GRADE_E], GRADE_E_FACTS, GRADE_E_MODEL)
    from web import training_store

    training_store.set_status(app.extensions["sharewise_db"], exercise_id, training_store.CLOSED)
    assert officer.get(f"/practice/attempts/{done}/feedback").status_code == 200
    refused = officer.post(f"/practice/exercises/{exercise_id}/{items[STRATEGY]}/start")
    assert refused.status_code == 302 and refused.location.endswith(f"/practice/exercises/{exercise_id}")
    assert attempt_store.user_attempts(app.extensions["sharewise_db"], _uid(app, "officer"), exercise_id).keys() == {
        items[GRADE_E]
    }


def test_the_questionnaire_uses_the_exercises_date(app):
    exercise_id, items, _ = open_exercise(app)
    officer = login(app.test_client(), "officer")
    attempt_id = start(officer, exercise_id, items[GRADE_E])
    answer_all(officer, attempt_id, GRADE_E_FACTS)
    marking_date = AS_AT.isoformat()
    play_said = officer.post(f"/practice/attempts/{attempt_id}/decision", data=GRADE_E_MODEL)
    assert play_said.status_code == 302
    stored = attempt_store.get_attempt(app.extensions["sharewise_db"], attempt_id, _uid(app, "officer"))
    assert stored["marking"]["exercise"]["as_at"] == marking_date


def _uid(app, username):
    from tests.web.conftest import user_id

    return user_id(app, username)


def test_a_case_whose_facts_the_pack_no_longer_takes_says_so(app):
    exercise_id, items, _ = open_exercise(app)
    officer = login(app.test_client(), "officer")
    attempt_id = play(officer, exercise_id, items[GRADE_E], GRADE_E_FACTS, GRADE_E_MODEL)
    import json

    from web.schema import training_exercise_scenarios as table

    engine = app.extensions["sharewise_db"]
    with engine.begin() as conn:
        body = json.loads(conn.execute(table.select().where(table.c.id == items[GRADE_E])).mappings().one()["body"])
        body["answers"]["recipient"] = "a_recipient_the_pack_dropped"
        conn.execute(table.update().where(table.c.id == items[GRADE_E]).values(body=json.dumps(body)))
    response = officer.get(f"/practice/attempts/{attempt_id}/feedback")
    assert response.status_code == 409 and "This case cannot be marked any more" in text_of(response)
