"""Filling the pack's wording templates: plain names only, unknown names left visible."""

from engine.decide.wording import fill, placeholders


def test_names_are_filled_and_unknown_ones_left_as_written():
    assert fill("Withhold: {title}. {missing}", title="Intercept") == "Withhold: Intercept. {missing}"


def test_a_template_cannot_reach_into_the_values():
    assert fill("{title.__class__} and {title[0]}", title="x") == "{title.__class__} and {title[0]}"


def test_other_braces_are_kept():
    assert fill("a {b} } {", b="c") == "a c } {"


def test_placeholders_are_listed_for_the_pack_checks():
    assert placeholders("Because {reason}: {title}.") == {"reason", "title"}
