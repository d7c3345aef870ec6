"""The legal area: the live pack browsed rule by rule, searched, its scenario coverage and its analysis,
with what takes time worked out once per pack in the background."""

import re
import threading

import pytest

from engine.decide.describe import Describer
from engine.decide.wording import Wording
from tests.web.conftest import PASSWORD, close_app, loaded_pack, make_app, page_text
from web import legal_work


@pytest.fixture(scope="module")
def legal_app(tmp_path_factory, legal_pack_path):
    app = make_app(tmp_path_factory.mktemp("legal"), legal_pack_path)
    yield app
    close_app(app)


def text_of(response):
    assert response.status_code == 200, response.status_code
    return page_text(response)


def test_the_overview_names_the_live_pack_and_says_publishing_is_elsewhere(legal, legal_pack_path):
    pack = loaded_pack(legal_pack_path)
    page = text_of(legal.get("/legal/"))
    assert f"Name {pack.name}" in page and f"Version {pack.version}" in page and pack.sha256 in page
    assert "publishing a draft is a deliberate act outside Sharewise" in page


def test_every_rule_is_listed_by_kind_then_layer(legal, legal_pack_path):
    pack = loaded_pack(legal_pack_path)
    html = legal.get("/legal/rules").get_data(as_text=True)
    for rule in pack.rules:
        assert f'href="/legal/rules/{rule.id}"' in html
    page = text_of(legal.get("/legal/rules"))
    order = [
        page.index(heading) for heading in ("Powers to share: layer 1", "Restrictions: layer 4", "Redactions: layer 4")
    ]
    assert order == sorted(order)
    assert "Restrictions: layer 4, Prohibitions and handling (3)" in page


def test_a_rule_page_shows_its_source_dates_note_and_conditions_in_the_packs_words(legal, legal_pack_path):
    pack = loaded_pack(legal_pack_path)
    rule = next(r for r in pack.rules if r.id == "W-BAR-HANDLING")
    html = legal.get("/legal/rules/W-BAR-HANDLING").get_data(as_text=True)
    assert f'<a class="govuk-link" href="{rule.url}" rel="noreferrer noopener">{rule.citation}' in html
    page = text_of(legal.get("/legal/rules/W-BAR-HANDLING"))
    describer = Describer(
        {q.id: q for q in pack.questions},
        {d.id: d for d in pack.data.derived},
        {r.id: r for r in pack.rules},
        Wording(pack.data.wording),
    )
    assert f"Applies when {describer.node(rule.condition)}" in page
    assert "Applies when (data categories includes Intelligence graded under 3x5x2 and handling code is one of" in page
    assert "In force From 2016-01-01, with no end date" in page
    assert f"What this means {rule.note}" in page
    assert "Effect The information it applies to waits for the person named" in page
    assert f"Refer to {rule.refer_to['role']}: {rule.refer_to['reason']}" in page
    assert "Defined in web_rules.yaml:" in page
    assert legal.get("/legal/rules/NO-SUCH-RULE").status_code == 404


def test_a_rule_page_lists_the_scenarios_that_exercise_it_once_worked_out(legal, legal_pack_path):
    legal_work.scenario_results(loaded_pack(legal_pack_path)).wait(120)
    page = text_of(legal.get("/legal/rules/W-BAR-HANDLING"))
    assert "It applies, or is set aside, in 1 scenario." in page
    assert "Graded intelligence with a C code waits for the source unit (applies; scenarios/web_cases.yaml:4 )" in page
    page = text_of(legal.get("/legal/rules/W-BAR-GRADE-E"))
    assert "Not exercised No scenario makes this rule apply or sets it aside." in page
    assert "No other rule, derived fact or question refers to it." in page


def test_the_coverage_report(legal, legal_pack_path):
    legal_work.scenario_results(loaded_pack(legal_pack_path)).wait(120)
    page = text_of(legal.get("/legal/coverage"))
    assert "Scenarios 4: 4 pass, 0 fail" in page
    rules = len({rule.id for rule in loaded_pack(legal_pack_path).rules})
    assert f"Rules exercised {rules - 2} of {rules}" in page  # the two below
    assert "W-BAR-GRADE-E Intelligence graded E is withheld" in page
    assert "W-COND-VERIFY Verify the recipient first" in page


@pytest.mark.parametrize(
    ("query", "found", "where"),
    [
        ("w-bar-handling", ["W-BAR-HANDLING"], "id"),
        ("graded E", ["W-BAR-GRADE-E"], "title"),
        ("Children Act 2004", ["W-REF-CHILD-UNSURE"], "citation"),
        ("anti-blagging", ["W-COND-VERIFY"], "note"),
    ],
)
def test_search_by_id_title_citation_and_note(legal, query, found, where):
    html = legal.get("/legal/search", query_string={"q": query}).get_data(as_text=True)
    assert re.findall(r'href="/legal/rules/([^"]+)"', html) == found
    assert where in text_of(legal.get("/legal/search", query_string={"q": query})).split("Found in")[1]


def test_search_without_results_and_with_markup(legal):
    page = text_of(legal.get("/legal/search", query_string={"q": "zebra"}))
    assert "0 rules found" in page
    html = legal.get("/legal/search", query_string={"q": "<script>x</script>"}).get_data(as_text=True)
    assert "<script>x</script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html


def test_the_analysis_is_worked_out_in_the_background_and_then_shown(legal_app, legal, legal_pack_path, monkeypatch):
    release = threading.Event()
    real = legal_work.analyse

    def slow(pack, as_at):
        release.wait(60)
        return real(pack, as_at)

    monkeypatch.setattr(legal_work, "analyse", slow)
    monkeypatch.setattr(legal_work, "_WORK", {})
    page = text_of(legal.get("/legal/analysis"))
    assert "Being worked out The analysis is being worked out" in page
    assert "Check again" in page
    release.set()
    work = legal_work.analysis(loaded_pack(legal_pack_path), legal_work.datetime.date.today()).wait(300)
    assert work.state == legal_work.DONE
    page = text_of(legal.get("/legal/analysis"))
    assert "Shadowed rules" in page and "Combinations no power can cover" in page
    gaps = work.result["summary"]["gaps"]
    assert f"{work.result['summary']['combinations']} checked; {gaps} no power can cover" in page
    # Computed once: another request does not start it again.
    assert legal_work.analysis(loaded_pack(legal_pack_path), legal_work.datetime.date.today()) is work


def test_work_that_fails_says_so(legal, monkeypatch):
    def broken(pack, as_at):
        raise RuntimeError("boom")

    monkeypatch.setattr(legal_work, "analyse", broken)
    monkeypatch.setattr(legal_work, "_WORK", {})
    legal.get("/legal/analysis")
    for work in legal_work._WORK.values():
        work.wait(60)
    page = text_of(legal.get("/legal/analysis"))
    assert "Could not be worked out an unexpected error (see the log)" in page


def test_rule_versions_and_uses_in_the_bundled_pack(tmp_path):
    import engine

    app = make_app(tmp_path, None)
    app.extensions["sharewise_pack"] = engine.default_pack()
    try:
        client = app.test_client()
        client.post("/auth/login", data={"username": "legal", "password": PASSWORD})
        pack = engine.default_pack()
        versions = [r for r in pack.rules if r.id == "A-GDPR-A6"]
        page = text_of(client.get("/legal/rules/A-GDPR-A6"))
        assert f"This rule has {len(versions)} versions" in page
        for rule in versions:
            assert f"Version in force {rule.in_force.describe()}" in page
        page = text_of(client.get("/legal/rules/A-DPA3-SENSITIVE"))
        assert "A-DPA3-SENSITIVE-STRICT" in page and "reads it in its conditions" in page
    finally:
        close_app(app)


def test_an_analysis_on_a_day_the_pack_is_not_in_force_says_so(legal_pack_path):
    import datetime

    work = legal_work.analysis(loaded_pack(legal_pack_path), datetime.date(1999, 1, 1)).wait(60)
    assert work.state == legal_work.FAILED
    assert work.problems == ["pack.yaml:1: the pack is in force 2018-05-25 to date, not on 1999-01-01"]


def test_search_finds_a_name_typed_with_or_without_its_apostrophe():
    import engine
    from web.legal_catalogue import catalogue

    pack_catalogue = catalogue(engine.default_pack())
    found = [{hit["rule"].id for hit in pack_catalogue.search(q)} for q in ("clare's law", "Clares Law", "CLARE’S LAW")]
    assert "A-DAA-S77-DVDS" in found[0]
    assert found[0] == found[1] == found[2]
