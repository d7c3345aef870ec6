"""`sharewise validate`: the bundled pack passes; one broken copy per failure mode exits 3 with file:line."""

import os
import re
import shutil

import pytest

from tests.conftest import FIXTURES, run_cli

BAD = {
    "duplicate_key.yaml": (10, "duplicate key 'title'"),
    "unknown_key.yaml": (6, "unknown key 'citaton' (did you mean 'citation'?)"),
    "undefined_option.yaml": (
        12,
        "'la_childrens_service' is not an option of 'recipient' (did you mean 'la_childrens_services'?)",
    ),
    "overlapping_in_force.yaml": (11, "overlaps its other version"),
    "python_tag.yaml": (5, "tag tag:yaml.org,2002:python/object/apply:os.system is not allowed"),
}


def test_bundled_pack_is_valid():
    result = run_cli("validate")
    assert result.code == 0, result.err
    assert "valid" in result.out


@pytest.mark.parametrize("name", sorted(BAD))
def test_each_failure_mode_exits_3_with_file_and_line(pack_copy, name):
    shutil.copy(os.path.join(FIXTURES, "bad", name), pack_copy / name)
    result = run_cli("validate", str(pack_copy))
    line, message = BAD[name]
    assert result.code == 3
    assert result.out == ""
    assert f"{name}:{line}: " in result.err
    assert message in result.err


def test_every_problem_is_reported_at_once(pack_copy):
    for name in BAD:
        shutil.copy(os.path.join(FIXTURES, "bad", name), pack_copy / name)
    result = run_cli("validate", str(pack_copy))
    assert result.code == 3
    for name, (line, _) in BAD.items():
        assert f"{name}:{line}: " in result.err, name


def test_a_bad_pack_is_never_half_loaded(pack_copy):
    import engine

    shutil.copy(os.path.join(FIXTURES, "bad", "undefined_option.yaml"), pack_copy / "undefined_option.yaml")
    with pytest.raises(engine.PackError) as caught:
        engine.load_pack(str(pack_copy))
    assert all(str(p).count(":") >= 2 for p in caught.value.problems)


def test_cycles_and_unknown_rules_are_refused(pack_copy):
    (pack_copy / "cycle.yaml").write_text(
        "derived:\n"
        "  - id: loop_a\n    title: A\n    cases:\n      - when: {loop_b: true}\n        value: true\n    default: false\n"
        "  - id: loop_b\n    title: B\n    cases:\n      - when: {loop_a: true}\n        value: true\n    default: false\n"
        "rules:\n"
        "  - id: BAD-REF\n    title: Refers to nothing\n    kind: condition\n    text: t\n"
        "    citation: {instrument: X, provision: y}\n    url: https://example.org/\n"
        '    in_force: {from: "2018-05-25", to: null}\n    note: n\n    when: {rule: A-NOTHING}\n'
    )
    result = run_cli("validate", str(pack_copy))
    assert result.code == 3
    assert re.search(r"cycle: derived loop_(a|b) -> derived loop_(a|b) -> derived loop_\1", result.err), result.err
    assert "cycle.yaml:23: unknown rule 'A-NOTHING'" in result.err


def test_contradictory_rule_can_never_apply(pack_copy):
    (pack_copy / "never.yaml").write_text(
        "rules:\n"
        "  - id: BAD-NEVER\n    title: Two recipients at once\n    kind: condition\n    text: t\n"
        "    citation: {instrument: X, provision: y}\n    url: https://example.org/\n"
        '    in_force: {from: "2018-05-25", to: null}\n    note: n\n'
        "    when:\n      all:\n        - recipient: media\n        - recipient: dbs\n"
    )
    result = run_cli("validate", str(pack_copy))
    assert result.code == 3
    assert "never.yaml:2: rule 'BAD-NEVER' can never apply" in result.err


def test_version_written_as_a_number_is_reported(pack_copy):
    text = (pack_copy / "pack.yaml").read_text()
    import re

    text = re.sub(r'version: "?[^\n"]+"?', "version: 1.10", text, count=1)
    (pack_copy / "pack.yaml").write_text(text)
    result = run_cli("validate", str(pack_copy))
    assert result.code == 3
    assert "1.1 must be text: put it in quotes" in result.err


def test_depends_on_and_groups_are_checked(pack_copy):
    text = (pack_copy / "questions.yaml").read_text()
    text = text.replace("depends_on: [recipient]", "depends_on: [recipent]", 1)
    text = text.replace("group: councils", "group: council", 1)
    (pack_copy / "questions.yaml").write_text(text)
    result = run_cli("validate", str(pack_copy))
    assert result.code == 3
    assert "depends on unknown question 'recipent' (did you mean 'recipient'?)" in result.err
    assert "names unknown group 'council' (did you mean 'councils'?)" in result.err


def test_every_bundled_question_has_its_own_error_text():
    import engine

    for question in engine.default_pack().questions:
        assert question.error, question.id
        if question.type in ("text", "number"):
            assert question.format_error, question.id
