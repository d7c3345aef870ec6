"""Draft packs through the web: refused uploads say why, problems come back as file:line, and a draft's
impact lists exactly the scenarios and stored records it changes, worked out in the background."""

import datetime
import io
import os
import re

import pytest

import engine
from engine.records import build_record, open_store
from tests.engine.impact.conftest import OFFICER, response
from tests.web.conftest import ANSWERS, PASSWORD, close_app, loaded_pack, make_app, page_text, zip_folder
from web import draft_impact, pack_drafts, schema

BAR = "W-BAR-HANDLING"
REFER_TO_WITHHOLD = {
    "web_rules.yaml": (
        "effect: refer\n    applies_to: [intelligence_graded]",
        "effect: withhold\n    applies_to: [intelligence_graded]",
    )
}
DAY = datetime.date(2026, 3, 1)

# Answer sets for the stored records: graded intelligence with each handling code, and without it.
RECORD_ANSWERS = [
    {**ANSWERS, "handling_code": "C"},
    {**ANSWERS, "handling_code": "P"},
    {**ANSWERS, "handling_code": "none"},
    {**ANSWERS, "data_categories": ["identity", "third_party"], "handling_code": "C"},
    {**ANSWERS, "handling_code": "C", "purpose": "other_non_policing"},
    {**ANSWERS, "handling_code": "P", "data_subject_is_child": "unsure"},
]


@pytest.fixture
def legal_app(tmp_path, legal_pack_path):
    app = make_app(tmp_path, legal_pack_path)
    yield app
    for thread in app.extensions.get(draft_impact.THREADS, {}).values():
        thread.join(300)
    close_app(app)


def upload(client, data, name="draft.zip"):
    return client.post("/legal/drafts/", data={"pack": (io.BytesIO(data), name)}, content_type="multipart/form-data")


text_of = page_text


def finished(app, client, location):
    """The draft page once its impact is worked out (the background thread joined)."""
    draft_id = location.rsplit("/", 1)[-1]
    thread = app.extensions.get(draft_impact.THREADS, {}).get(draft_id)
    if thread is not None:
        thread.join(300)
    return client.get(location)


def store_records(app, pack):
    with open_store(app.config["DATABASE_URL"]) as store:
        stored = []
        for answers in RECORD_ANSWERS:
            advice = pack.decide(answers, DAY)
            record = build_record(answers, advice, OFFICER, *response(advice), requirements=pack.record_requirements)
            stored.append(store.append(record))
    return stored


COMPARED = ("lawful_bases", "redactions", "conditions")


def outcome(pack, answers, day):
    advice = pack.decide(answers, day)
    return (
        advice["decision"],
        {item["category"]: item["outcome"] for item in advice["items"]},
        {key: sorted(entry["id"] for entry in advice[key]) for key in COMPARED},
        sorted(entry["role"] for entry in advice["refer_to"]),
        sorted(advice["missing"]),
        advice["regime"],
    )


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ({"../escape.yaml": "x: 1\n"}, "../escape.yaml: reaches outside the pack (..)"),
        ({"/etc/evil.yaml": "x: 1\n"}, "/etc/evil.yaml: is an absolute path"),
        ({"rules.py": "import os\n"}, "rules.py: is not a policy file"),
    ],
)
def test_an_unsafe_upload_is_refused_with_a_clear_error_and_nothing_kept(legal_app, legal, entries, message):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("pack.yaml", "pack: {}\n")
        for name, text in entries.items():
            archive.writestr(name, text)
    response = upload(legal, buffer.getvalue())
    assert response.status_code == 400
    page = text_of(response)
    assert f"There is a problem The draft was refused: {message}" in page
    with legal_app.extensions["sharewise_db"].connect() as connection:
        assert connection.execute(schema.pack_drafts.select()).first() is None


def test_a_symlink_and_too_many_files_are_refused(legal_app, legal, legal_pack_path):
    import stat
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        info = zipfile.ZipInfo("rules.yaml")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(info, "/etc/passwd")
    assert "rules.yaml: is a symbolic link" in text_of(upload(legal, buffer.getvalue()))
    legal_app.config["LEGAL_DRAFT_MAX_FILES"] = 3
    response = upload(legal, zip_folder(legal_pack_path))
    assert response.status_code == 400
    entries = sum(len(files) for _base, _dirs, files in os.walk(legal_pack_path))
    assert f"The draft was refused: The zip has {entries} entries; a pack may have at most 3 files" in text_of(response)


def test_a_zip_over_the_request_limit_is_refused_on_the_form(legal_app, legal):
    legal_app.config["MAX_CONTENT_LENGTH"] = 10_000
    response = upload(legal, b"x" * 20_000)
    assert response.status_code == 413
    assert "The zip file must be smaller than" in text_of(response)


def test_a_yaml_tag_makes_the_draft_invalid_with_its_file_and_line(legal_app, legal, legal_pack_path):
    tagged = {"web_rules.yaml": ("    note: An offence.\n", "    note: !!python/object/apply:os.system [id]\n")}
    response = upload(legal, zip_folder(legal_pack_path, tagged))
    assert response.status_code == 302
    page = text_of(legal.get(response.location))
    with open(f"{legal_pack_path}/web_rules.yaml", encoding="utf-8") as handle:
        line = handle.read().splitlines().index("    note: An offence.") + 1
    assert "Has problems" in page and "1 problem to fix" in page
    assert (
        f"web_rules.yaml:{line}: tag tag:yaml.org,2002:python/object/apply:os.system is not allowed in policy files"
        in page
    )
    assert draft_impact.THREADS not in legal_app.extensions  # an invalid draft is never replayed


def test_problems_of_a_draft_are_listed_as_file_and_line(legal_app, legal, legal_pack_path):
    def lines_of(path, text):
        with open(f"{legal_pack_path}/{path}", encoding="utf-8") as handle:
            return handle.read().splitlines().index(text) + 1

    scenarios = {
        "scenarios/web_cases.yaml": ("cites: [W-BAR-PERSONAL]", "cites: [W-BAR-PERSONNAL]"),
        "schema/pack.schema.json": ('"definitions"', '"x-note": "changed", "definitions"'),
    }
    page = text_of(legal.get(upload(legal, zip_folder(legal_pack_path, scenarios)).location))
    assert "2 problems to fix" in page
    assert "schema/pack.schema.json:1: differs from the pack format this Sharewise reads" in page
    line = lines_of("scenarios/web_cases.yaml", "      cites: [W-BAR-PERSONAL]")
    assert f"scenarios/web_cases.yaml:{line}: unknown rule 'W-BAR-PERSONNAL' (did you mean 'W-BAR-PERSONAL'?)" in page
    rules = {"web_rules.yaml": ("effect: withhold", "effect: maybe")}
    page = text_of(legal.get(upload(legal, zip_folder(legal_pack_path, rules)).location))
    assert re.search(rf"web_rules\.yaml:{lines_of('web_rules.yaml', '    effect: withhold')}: .*'maybe'", page), page


def test_a_draft_that_changes_one_bars_effect_shows_exactly_what_it_flips(legal_app, legal, legal_pack_path, tmp_path):
    live = loaded_pack(legal_pack_path)
    stored = store_records(legal_app, live)
    response = upload(legal, zip_folder(legal_pack_path, REFER_TO_WITHHOLD), "one-bar.zip")
    assert response.status_code == 302
    page = text_of(finished(legal_app, legal, response.location))

    # What the engine itself says the draft flips, case by case.
    draft_folder = tmp_path / "draft"
    import zipfile

    zipfile.ZipFile(io.BytesIO(zip_folder(legal_pack_path, REFER_TO_WITHHOLD, prefix=""))).extractall(draft_folder)
    draft = engine.load_pack(str(draft_folder))
    from engine.scenarios import load_scenarios

    flipped_scenarios = {
        s.name for s in load_scenarios(live) if outcome(live, s.answers, s.as_at) != outcome(draft, s.answers, s.as_at)
    }
    flipped_records = {r["id"] for r in stored if outcome(live, r["answers"], DAY) != outcome(draft, r["answers"], DAY)}
    draft.close()
    assert flipped_scenarios == {"Graded intelligence with a C code waits for the source unit"}
    assert len(flipped_records) == 2  # handling codes C and none, with graded intelligence

    assert "Impact ready" in page
    assert (
        f"1 of 4 scenarios and 2 of {len(stored)} past decisions change; 0 become less restrictive and 3 more restrictive."
        in page
    )
    assert f"Caused by {BAR} 1 scenario and 2 past decisions; 3 more restrictive." in page
    shown = set(re.findall(r"record ([0-9a-f-]{36}) \(number", page))
    assert shown == flipped_records
    for scenario in load_scenarios(live):
        assert (f"Scenario: {scenario.name}" in page) == (scenario.name in flipped_scenarios)
    assert f"Changed: {BAR} web_rules.yaml:" in page and 'effect: was "refer" , now "withhold"' in page
    report = pack_drafts.get_draft(legal_app.extensions["sharewise_db"], response.location.rsplit("/", 1)[-1], None)[
        "report"
    ]
    assert report["summary"]["records"]["changed"] == 2 and report["changed"] is True


def test_a_draft_identical_to_the_live_pack_changes_nothing(legal_app, legal, legal_pack_path):
    response = upload(legal, zip_folder(legal_pack_path))
    page = text_of(finished(legal_app, legal, response.location))
    assert "0 of 4 scenarios and 0 of 0 past decisions change" in page
    assert "Rules No change" in page and "Caused by" not in page


def test_drafts_belong_to_their_owner_and_can_be_discarded(legal_app, legal, legal_pack_path):
    from web import accounts

    engine_ = legal_app.extensions["sharewise_db"]
    owner = accounts.get_user_by_username(engine_, "legal")["id"]
    draft_id = pack_drafts.new_draft(engine_, owner, "mine.zip", {"pack.yaml": "x"}, ["pack.yaml:1: a problem"])
    assert "mine.zip" in text_of(legal.get("/legal/drafts/"))
    accounts.add_user(engine_, "legal2", PASSWORD, "legal", "Other Lawyer", "Test Constabulary", "", "L2")
    other = legal_app.test_client()
    other.post("/auth/login", data={"username": "legal2", "password": PASSWORD})
    assert other.get(f"/legal/drafts/{draft_id}").status_code == 404
    assert other.post(f"/legal/drafts/{draft_id}/delete").status_code == 404
    assert "mine.zip" not in text_of(other.get("/legal/drafts/"))
    response = legal.post(f"/legal/drafts/{draft_id}/delete")
    assert response.status_code == 302
    assert "The draft was discarded." in text_of(legal.get(response.location))
    assert pack_drafts.get_draft(engine_, draft_id, None) is None


def test_drafts_past_their_retention_are_hidden_and_purged(legal_app, legal):
    from web import accounts, draft_retention
    from web.db import utcnow

    engine_ = legal_app.extensions["sharewise_db"]
    owner = accounts.get_user_by_username(engine_, "legal")["id"]
    draft_id = pack_drafts.new_draft(engine_, owner, "old.zip", {"pack.yaml": "x"}, ["pack.yaml:1: a problem"])
    with engine_.begin() as connection:
        connection.execute(schema.pack_drafts.update().values(created_at=utcnow() - datetime.timedelta(days=31)))
    assert legal.get(f"/legal/drafts/{draft_id}").status_code == 404
    assert "old.zip" not in text_of(legal.get("/legal/drafts/"))
    draft_retention.purge(legal_app)
    assert pack_drafts.get_draft(engine_, draft_id, None) is None


def test_a_run_that_stopped_can_be_started_again(legal_app, legal, legal_pack_path, monkeypatch):
    from web import accounts
    from web.db import utcnow

    engine_ = legal_app.extensions["sharewise_db"]
    owner = accounts.get_user_by_username(engine_, "legal")["id"]
    files = {"pack.yaml": "x"}
    draft_id = pack_drafts.new_draft(engine_, owner, "stuck.zip", files, [])
    long_ago = utcnow() - datetime.timedelta(hours=2)
    pack_drafts.set_state(engine_, draft_id, pack_drafts.RUNNING, started_at=long_ago)
    page = text_of(legal.get(f"/legal/drafts/{draft_id}"))
    assert "The impact could not be worked out: the process working it out stopped." in page
    started = []
    monkeypatch.setattr(draft_impact, "start", lambda app, draft: started.append(draft))
    assert legal.post(f"/legal/drafts/{draft_id}/run").status_code == 302
    assert started == [draft_id]
    assert pack_drafts.get_draft(engine_, draft_id, None)["status"] == pack_drafts.QUEUED


def test_a_failed_impact_says_why(legal_app, legal, legal_pack_path, monkeypatch):
    monkeypatch.setattr(
        draft_impact, "_run_child", lambda *args: ("", "sharewise impact: --database-url: no store\n", 2)
    )
    response = upload(legal, zip_folder(legal_pack_path))
    page = text_of(finished(legal_app, legal, response.location))
    assert "Impact failed" in page
    assert "sharewise impact stopped (exit 2): sharewise impact: --database-url: no store" in page
    assert "Work it out again" in page


def test_an_impact_worked_out_against_an_earlier_live_pack_says_so(legal_app, legal, legal_pack_path):
    response = upload(legal, zip_folder(legal_pack_path))
    finished(legal_app, legal, response.location)
    draft_id = response.location.rsplit("/", 1)[-1]
    engine_ = legal_app.extensions["sharewise_db"]
    report = pack_drafts.get_draft(engine_, draft_id, None)["report"]
    report["against"] = {**report["against"], "version": "2026.01.0", "sha256": "0" * 64}
    pack_drafts.set_state(engine_, draft_id, pack_drafts.DONE, report=report)
    page = text_of(legal.get(response.location))
    assert "2026.01.0, the pack in use when the impact was worked out (since replaced by" in page
    assert "Work it out again against the pack in use" in page


def test_a_draft_the_engine_cannot_read_is_a_problem_not_a_500(legal_app, legal, legal_pack_path, monkeypatch):
    def crash(*args, **kwargs):
        raise KeyError("something the loader did not expect")

    monkeypatch.setattr(draft_impact, "load_checked", crash)
    response = upload(legal, zip_folder(legal_pack_path))
    assert response.status_code == 302
    assert "the engine could not read the draft" in text_of(legal.get(response.location))
