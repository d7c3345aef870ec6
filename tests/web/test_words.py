"""Issue 16: officer-facing wording comes from the pack or the templates, not from Python strings.

The web layer's own words live in one template, ``web/templates/words/_words.html``, reached from Python
through ``web.words``. This reads every module of ``web/`` with ``ast`` and flags a string literal (or the
fixed text of an f-string) that reads like words for a person: two words in a row, a capitalised word on
its own ("Closed"), or in an f-string a word standing between spaces ("{n} added."). Docstrings, log calls,
``help=`` texts and HTTP headers are not read; the modules that speak to machines or to the command line
are left out; what remains must be on the allow-list below, with the reason it is not wording.
"""

import ast
import pathlib
import re

import pytest

from engine.agreements.standing import EXPIRED, IN_FORCE, NOT_YET, OUTSIDE, REVIEW_OVERDUE
from tests.web.conftest import ANSWERS, make_draft
from web.words import message, words

WEB = pathlib.Path(__file__).resolve().parents[2] / "web"

# Modules that do not speak to officers: the API's JSON and its OpenAPI document, and command-line output.
LEFT_ALONE = re.compile(r"(api|api_input|openapi.*|cli.*|run)\.py")
LOGGERS = {"log", "logger", "logging"}  # a call on one of these (or on something's .logger) is a log call

TWO_WORDS = re.compile(r"[A-Za-z]{2,} [A-Za-z]{2,}")
ONE_CAPITALISED_WORD = re.compile(r"[A-Z][a-z]+[.!?]?")
A_WORD_BETWEEN_SPACES = re.compile(r"(?:^|\s|\})[A-Za-z][a-z]+[.,:;!?]?(?:\s|\{|$)")

# (module, text as the scan sees it, an f-string's values as {}): why it is not officer-facing wording.
ALLOWED = {
    ("__init__.py", "Sharewise"): "the default of the SERVICE_NAME setting, which a force changes",
    ("__init__.py", "Demo Constabulary"): "the default of the FORCE_NAME setting, which a force changes",
    ("__init__.py", "Lax"): "the session cookie's SameSite attribute",
    ("devices.py", "Lax"): "the device cookie's SameSite attribute",
    ("__init__.py", "SECRET_KEY is not set: export SHAREWISE_SECRET_KEY (see README, Production)"): (
        "a start-up error for whoever runs the app, before any page exists"
    ),
    ("__init__.py", "FORCE_COLOUR must look like #1d70b8, not {}"): "a start-up error for whoever runs the app",
    ("__init__.py", "FORCE_COLOUR {} gives white text a contrast of {}:1; AA needs 4.5:1"): (
        "a start-up error for whoever runs the app"
    ),
    ("migrate.py", "the web tables are incomplete and have no migration history (missing: {})"): (
        "a start-up error for whoever runs the app"
    ),
    ("accounts.py", "not a real password"): "hashed once to compare against; nobody reads it",
    ("accounts.py", "add_user needs a password or a password_hash"): "a programming error (TypeError)",
    ("accounts.py", "the username {} or its number is already taken"): (
        "IdentityTaken's message for the command line; the admin page words it by its code (words.form_error)"
    ),
    ("accounts.py", "the username {} is already taken"): "as above: the command line's message",
    ("accounts.py", "force number {} is already used in {}"): "as above: the command line's message",
    ("tokens.py", "scope must be one or more of {}"): (
        "a ValueError for the command line; the admin page checks the scopes first and words its own error"
    ),
    ("tokens.py", "a token expires after 1 to {} days"): "as above: the admin page offers only allowed expiries",
    ("training_store.py", "could not draw an unused join code"): "a RuntimeError that only a full code space raises",
    ("pdf.py", "WeasyPrint cannot be loaded ({}: {})"): (
        "the technical reason (the exception) the no-PDF page shows for whoever runs the app"
    ),
    ("dates.py", "{} at {}"): "the GOV.UK date-and-time format, the `uk_time` filter the words template's macros use",
    ("exercises.py", "written in Sharewise"): (
        "the stored source of a scenario written in the web (web_training_exercise_scenarios.source) and the file "
        "name its engine Scenario carries; changing it needs a data migration"
    ),
    ("meeting_pdf.py", "Helvetica"): "a font",
}


def _skipped(tree):
    """The nodes not read: docstrings, anything inside a log call, a ``help=`` or a ``headers=`` argument."""
    skip = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                skip.add(id(first.value))
        if isinstance(node, ast.Call):
            func = node.func
            receiver = func.value if isinstance(func, ast.Attribute) else None
            name = receiver.id if isinstance(receiver, ast.Name) else getattr(receiver, "attr", None)
            if name in LOGGERS:
                skip.update(id(sub) for sub in ast.walk(node))
            for keyword in node.keywords:
                if keyword.arg in ("help", "headers"):
                    skip.update(id(sub) for sub in ast.walk(keyword.value))
    return skip


def looks_like_words(text, formatted):
    if TWO_WORDS.search(text) or ONE_CAPITALISED_WORD.fullmatch(text):
        return True
    return formatted and " " in text and bool(A_WORD_BETWEEN_SPACES.search(text))


def worded_strings(source):
    """(line, text) of every string literal or f-string in `source` that reads like words for a person."""
    tree = ast.parse(source)
    skip = _skipped(tree)
    found = []
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.JoinedStr):
            skip.update(id(value) for value in node.values)
            text = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
            formatted = True
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            text, formatted = node.value, False
        else:
            continue
        if looks_like_words(text, formatted):
            found.append((node.lineno, text))
    return found


def scanned_modules():
    return [path for path in sorted(WEB.glob("*.py")) if not LEFT_ALONE.fullmatch(path.name)]


def test_no_web_module_words_things_in_python():
    found = [
        f"web/{path.name}:{line}: {text!r}"
        for path in scanned_modules()
        for line, text in worded_strings(path.read_text(encoding="utf-8"))
        if (path.name, text) not in ALLOWED
    ]
    assert found == [], "word these in web/templates/words/_words.html (see web/words.py):\n" + "\n".join(found)


def test_every_allowed_string_is_still_there():
    """An allow-list entry whose string has gone is removed, so that the list stays short and true."""
    present = {(path.name, text) for path in scanned_modules() for _, text in worded_strings(path.read_text())}
    assert sorted(set(ALLOWED) - present) == []


@pytest.mark.parametrize(
    ("source", "flagged"),
    [
        ('flash("The exercise is closed.", "info")', True),
        ('errors["cohort"] = "Select the cohort to open the exercise to"', True),
        ('STATUS = {"open": ("Open", "govuk-tag--green")}', True),
        ("flash(f\"{added} {'scenario' if added == 1 else 'scenarios'} added.\", \"success\")", True),
        ('text = f"{minutes} min {secs} s"', True),
        ('reason = f"{username} cannot be a trainee: only officers and supervisors practise"', True),
        ('errors[name] = f"Enter {what}"', True),
        ('rows.append({"what": "Power relied on", "yours": power_words(said.get("power"))})', True),
        ("paragraphs += [f\"Refer to {r['role']}: {r['reason']}\" for r in advice['refer_to']]", True),
        ("described = [f\"{b['count']} scored {b['label']}\" for b in bars if b['count']]", True),
        ('FAMILIES = {"": "All events", "record.": "Records"}', True),
        ('flash(message("exercise_closed"), "success")', False),
        ('errors[f"item-{category}"] = words().form_error("outcome.item", label)', False),
        ('log.warning("the pack could not be read: %s", error)', False),
        ('current_app.logger.info("Checkpoint taken: %s", path)', False),
        ('parser.add_argument("--as-at", help="The date the law is applied as at")', False),
        ('headers = Response(data, headers={"Content-Disposition": f\'attachment; filename="{name}"\'})', False),
        ('def f():\n    """A docstring Is not wording."""', False),
        ('STATES = ("not_started", "questions", "advised", "recorded")', False),
    ],
)
def test_the_scan_tells_wording_from_codes(source, flagged):
    assert bool(worded_strings(source)) is flagged


# Words no other web test renders, each as the Python that wrote it before issue 16 worded it.
MOVED = [
    (("flash", message("scenarios_added", 1)), "1 scenario added."),
    (("flash", message("scenarios_added", 3)), "3 scenarios added."),
    (("flash", message("trainees_added", 1)), "1 trainee added."),
    (("flash", message("trainees_added", 2)), "2 trainees added."),
    (("flash", message("cohort_joined", "Blue <team>")), "You have joined Blue <team>."),
    (("flash", message("cohort_already_joined", "Blue")), "You are already in Blue."),
    (("flash", message("scenarios_locked")), "Scenarios can only be added before the exercise is opened."),
    (("flash", message("exercise_opened")), "The exercise is open: its cohort can play it now."),
    (("flash", message("exercise_closed")), "The exercise is closed."),
    (("flash", message("practice_closed")), "This exercise is closed: you can read the feedback on what you finished."),
    (("flash", message("no_scenario_ready")), "No scenario is ready to download yet."),
    (("form_error", "exercise.title_long", 200), "A title for the exercise must be 200 characters or fewer"),
    (("form_error", "cohort.name"), "Enter a name for the cohort"),
    (("form_error", "cohort.name_long", 200), "A name for the cohort must be 200 characters or fewer"),
    (("form_error", "cohort.members_to_add"), "Enter the usernames of the trainees to add"),
    (("form_error", "scenario.name_long", 200), "A name for the scenario must be 200 characters or fewer"),
    (
        ("form_error", "scenario.narrative_long", 5000),
        "The narrative (the brief trainees read) must be 5000 characters or fewer",
    ),
    (("form_error", "meeting.purpose"), "Select the meeting's purpose"),
    (("form_error", "meeting.subject_long", 200), "The agenda subject must be 200 characters or fewer"),
    (("form_error", "meeting.held_on"), "Enter the date of the meeting"),
    (("form_error", "taken.username", "bob"), "The username 'bob' is already taken"),
    (
        ("form_error", "trainee.unknown", "bob", "Test Constabulary"),
        "There is no account called bob in Test Constabulary",
    ),
    (("danger", "shared_despite_stop"), "You would share where nothing may be shared"),
    (("danger", "withheld_in_emergency"), "You would not share when a life is at risk"),
    (("missing", "not_set"), "Not set"),
    (("missing", "not_in_brief"), "Not in the brief"),
    (("missing", "any_power"), "Any of these"),
    (("missing", "no_power_at_all"), "No power can be relied on"),
    (("exercise_status", "draft"), "Being set up"),
    (("exercise_status", "closed"), "Closed"),
    (("duration", 3 * 3600 + 5 * 60 + 9), "3 h 5 min"),
    (("duration", 4 * 60 + 12), "4 min 12 s"),
    (("duration", 45), "45 s"),
    (("demo", "cohort"), "Demo cohort"),
    (("demo", "exercise"), "Demo exercise: hard stops"),
    (("meeting_pack", "footer", ["OFFICIAL-SENSITIVE"]), "OFFICIAL-SENSITIVE - page {page} of {nb}"),
    (
        ("upload_problem", "lies_about_size", "rules.yaml"),
        "rules.yaml: is larger than the zip says; the zip is refused",
    ),
    (("upload_problem", "unreadable", "a.yaml", "Bad CRC-32"), "a.yaml: cannot be read from the zip (Bad CRC-32)"),
    (("upload_problem", "outside", "a/../b.yaml"), "a/../b.yaml: reaches outside the pack"),
    (
        ("legal_problem", "draft_unreadable"),
        "(the draft):1: the engine could not read the draft (an unexpected error, see the log)",
    ),
    (("impact_failure", message("impact_no_report")), "sharewise impact did not give a report"),
    (
        ("impact_failure", message("impact_timeout", 600)),
        "sharewise impact took longer than 600 seconds and was stopped",
    ),
    (("impact_failure", message("unexpected_see_log")), "an unexpected error (see the log)"),
    (
        ("impact_failure", "sharewise impact stopped (exit 2): as kept before"),
        "sharewise impact stopped (exit 2): as kept before",
    ),
]


@pytest.mark.parametrize(("call", "text"), MOVED)
def test_moved_words_read_as_before(app, call, text):
    macro, *values = call
    with app.test_request_context():
        assert str(getattr(words(), macro)(*values)) == text


@pytest.mark.parametrize("status", [IN_FORCE, REVIEW_OVERDUE, EXPIRED, NOT_YET, OUTSIDE])
def test_an_agreements_status_reads_as_the_templates_wrote_it_from_its_id(app, status):
    """The register's, the meeting's and the record's pages wrote a status as its id with spaces."""
    with app.test_request_context():
        worded = str(words().agreement_status(status))
    assert worded.lower() == status.replace("_", " ") and worded == status.replace("_", " ").capitalize()


def test_worded_errors_and_answers_are_escaped_once(app, client, auth):
    """A macro's words are Markup (escaped once); turning them into str would have the page escape them again
    and show the officer "&#39;" for an apostrophe."""
    auth.login()
    answers = {k: v for k, v in ANSWERS.items() if k != "handling_code"}
    draft_id = make_draft(app, "officer", answers)
    html = client.post(f"/check/{draft_id}/question/handling_code", data={}).get_data(as_text=True)
    assert "Select the intelligence&#39;s handling code" in html and "&amp;#39;" not in html
    html = client.get(f"/check/{make_draft(app, 'officer')}/answers").get_data(as_text=True)
    assert "children&#39;s" in html and "&amp;" not in html
