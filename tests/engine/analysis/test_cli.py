"""`sharewise analyse` through the installed command: exit codes, text and JSON, and the `analysis:` section
checked wherever a pack is validated."""

import json

from tests.conftest import run_cli
from tests.engine.analysis.test_findings import BUNDLED_UNEXPLAINED

MISSPELT = """analysis:
  expected_gaps:
    - recipient: private_investigatr
      purpose: any
      reason: Test only.
"""
DAY = "2026-06-01"


def test_the_bundled_pack_explains_every_finding_and_exits_0():
    result = run_cli("analyse", "--as-at", DAY, "--format", "json")
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert report["summary"]["unexplained"] == len(BUNDLED_UNEXPLAINED) == 0
    assert [s["rule"] for s in report["shadowed"] if s["explanation"]] == ["R02-INTERCEPT"]
    assert set(report) == {"pack", "as_at", "summary", "gaps", "overlaps", "shadowed", "unused", "stale_explanations"}


def _without_the_intercept_explanation(pack_copy):
    """The bundled pack less its explanation of the shadowed R02-INTERCEPT: one unexplained finding."""
    analysis = pack_copy / "analysis.yaml"
    text = analysis.read_text()
    start = text.index("  expected_shadowed:")
    end = text.index("  expected_unused:")
    assert "R02-INTERCEPT" in text[start:end] and text[start:end].count("- rule:") == 1
    analysis.write_text(text[:start] + text[end:])
    return pack_copy


def test_an_unexplained_finding_exits_1(pack_copy):
    result = run_cli("analyse", str(_without_the_intercept_explanation(pack_copy)), "--as-at", DAY)
    assert result.code == 1, result.out + result.err
    assert result.out.splitlines()[2].startswith("1 unexplained finding")


def test_text_output_lists_unexplained_findings_first(pack_copy):
    result = run_cli("analyse", str(_without_the_intercept_explanation(pack_copy)), "--as-at", DAY)
    lines = result.out.splitlines()
    assert lines[4] == "Unexplained findings"
    assert "Shadowed: R02-INTERCEPT" in result.out.split("Findings the pack explains")[0]
    assert "Findings the pack explains" in result.out


def test_a_misspelt_explanation_is_a_pack_problem_for_validate_and_analyse(pack_copy):
    (pack_copy / "explanations.yaml").write_text(MISSPELT)
    for command in ("validate", "analyse"):
        result = run_cli(command, str(pack_copy))
        assert result.code == 3, command
        assert result.out == ""
        assert (
            "explanations.yaml:3: analysis: 'private_investigatr' is not an option of 'recipient' "
            "(did you mean 'private_investigator'?)"
        ) in result.err


def test_an_invalid_pack_exits_3_with_file_and_line(pack_copy):
    (pack_copy / "broken.yaml").write_text("analysis:\n  expected_gaps:\n    - {recipient: media, purpose: any}\n")
    result = run_cli("analyse", str(pack_copy))
    assert result.code == 3 and result.out == ""
    assert "broken.yaml:3: " in result.err and "reason" in result.err


def test_bad_arguments_exit_2_naming_the_option():
    result = run_cli("analyse", "--as-at", "31/12/2026")
    assert result.code == 2 and result.out == ""
    assert "--as-at" in result.err and "Traceback" not in result.err
    result = run_cli("analyse", "--as-at", "1990-01-01")
    assert result.code == 2 and "--as-at" in result.err and "not on 1990-01-01" in result.err
