"""The debrief: each trainee's score and time, facts captured wrongly per question, rules got wrong, an
accessible server-side SVG chart of the scores, and a CSV of every attempt."""

import csv
import html
import io
import re

from tests.web.training_setup import GRADE_E, GRADE_E_FACTS, GRADE_E_MODEL, STRATEGY, login, open_exercise, play
from web.chart import score_distribution
from web.words import words


def text_of(response):
    return html.unescape(response.get_data(as_text=True))


def played_exercise(app):
    """Two trainees: the officer copies the model on GRADE_E; the supervisor misreads the grade and
    shares the graded-E report."""
    exercise_id, items, _ = open_exercise(app)
    play(login(app.test_client(), "officer"), exercise_id, items[GRADE_E], GRADE_E_FACTS, GRADE_E_MODEL)
    mistaken = dict(GRADE_E_FACTS, intelligence_grading="3B")
    facts = dict(mistaken, handling_code="P")
    said = dict(GRADE_E_MODEL, **{"item-intelligence_graded": "share"})
    play(login(app.test_client(), "supervisor"), exercise_id, items[GRADE_E], facts, said)
    return exercise_id


def test_the_debrief_shows_scores_times_facts_and_rules(app):
    exercise_id = played_exercise(app)
    trainer = login(app.test_client(), "trainer")
    page = text_of(trainer.get(f"/training/exercises/{exercise_id}/debrief"))
    assert "Officer Person" in page and "Supervisor Person" in page
    officer = re.search(r"Officer Person <span[^>]*>\(officer\)</span></th>(.*?)</tr>", page, re.S).group(1)
    cells = re.findall(r">([^<>]+)</td>", officer)
    assert cells[:2] == ["1 of 2", "100"] and re.fullmatch(r"\d+ s|\d+ min \d+ s", cells[2]) and cells[3] == "0"
    assert "2 marked attempts at 2 scenarios" in page
    # Per question: the grade was captured wrongly once, of two asked.
    wording = re.escape(app.extensions["sharewise_pack"].question("intelligence_grading").wording)
    grading = re.search(rf"{wording}</th>\s*<td[^>]*>(\d+)</td>\s*<td[^>]*>(\d+)</td>", page)
    assert grading and grading.groups() == ("1", "2")
    # Per rule: the graded-E bar was cited against one attempt, with its title and citation from the pack.
    rule = re.search(
        r"Intelligence graded E is withheld<br><span[^>]*>APP Intelligence management, 3x5x2 grading</span></th>\s*<td[^>]*>([^<]*)</td>\s*<td[^>]*>(\d+)</td>",
        page,
    )
    assert rule and rule.group(2) == "1" and "Dangerous error" in rule.group(1)
    assert "You would share information that must be withheld" in page


def test_the_chart_is_accessible_svg_drawn_on_the_server(app):
    exercise_id = played_exercise(app)
    trainer = login(app.test_client(), "trainer")
    raw = trainer.get(f"/training/exercises/{exercise_id}/debrief").get_data(as_text=True)
    svg = re.search(r"<svg.*?</svg>", raw, re.S).group(0)
    assert 'role="img"' in svg and 'aria-labelledby="score-chart-title score-chart-desc"' in svg
    assert '<title id="score-chart-title">Distribution of scores</title>' in svg
    desc = re.search(r'<desc id="score-chart-desc">(.*?)</desc>', svg).group(1)
    assert desc.startswith("2 marked attempts: ") and "1 scored 100" in desc
    assert "style=" not in raw  # no inline style: the chart's look is classes in the app's stylesheet
    assert raw.count("<script") == 2  # the template's nonce'd js-enabled flag and app.mjs, nothing else
    assert len(re.findall(r'<rect class="app-chart__bar"', svg)) == 2  # two bands with attempts
    # The same numbers as a table.
    table = re.search(r"The chart's numbers.*?</table>", raw, re.S).group(0)
    assert re.search(r">100</th>\s*<td[^>]*>1</td>", table)


def test_the_csv_has_a_row_per_attempt_and_neutralises_formulas(app):
    exercise_id = played_exercise(app)
    from web import accounts

    engine = app.extensions["sharewise_db"]
    with engine.begin() as conn:
        from web.schema import users

        conn.execute(users.update().where(users.c.username == "officer").values(name="=HYPERLINK(1)"))
    trainer = login(app.test_client(), "trainer")
    response = trainer.get(f"/training/exercises/{exercise_id}/debrief.csv")
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == 2
    by_user = {r["username"]: r for r in rows}
    assert by_user["officer"]["trainee"] == "'=HYPERLINK(1)"
    assert by_user["officer"]["score"] == "100" and by_user["officer"]["dangerous errors"] == ""
    assert by_user["supervisor"]["dangerous errors"] == "shared_hard_stop"
    assert "intelligence_grading" in by_user["supervisor"]["differences"]
    assert by_user["supervisor"]["scenario"] == GRADE_E and int(by_user["supervisor"]["seconds"]) >= 0
    assert accounts.get_user_by_username(engine, "officer")


def test_an_exercise_nobody_played_has_an_empty_debrief(app):
    exercise_id, _items, _ = open_exercise(app, names=(STRATEGY,))
    trainer = login(app.test_client(), "trainer")
    page = text_of(trainer.get(f"/training/exercises/{exercise_id}/debrief"))
    assert "No trainee has finished a scenario yet." in page and "No attempt has been marked yet." in page


def test_score_distribution_bands_and_geometry(app):
    chart = score_distribution([100, 95, 90, 42, 0, 9, 10])
    with app.app_context():  # the bands and the description are worded by the words template
        counts = {str(words().score_band(bar["low"], bar["high"])): bar["count"] for bar in chart["bars"]}
        description = str(words().score_description(chart))
    assert counts == {
        "0 to 9": 2,
        "10 to 19": 1,
        "20 to 29": 0,
        "30 to 39": 0,
        "40 to 49": 1,
        "50 to 59": 0,
        "60 to 69": 0,
        "70 to 79": 0,
        "80 to 89": 0,
        "90 to 99": 2,
        "100": 1,
    }
    tallest = max(chart["bars"], key=lambda bar: bar["height"])
    assert tallest["y"] + tallest["height"] == chart["baseline"]
    assert chart["ticks"][0]["value"] == 0 and chart["ticks"][-1]["value"] >= 2
    assert (
        description
        == "7 marked attempts: 2 scored 0 to 9; 1 scored 10 to 19; 1 scored 40 to 49; 2 scored 90 to 99; 1 scored 100."
    )
