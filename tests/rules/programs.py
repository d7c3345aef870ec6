"""Small programs the compiler tests share: tests of answers, fixed domains, and a list-field pack."""

from rules.ir import All, Program, Ref, Unit
from rules.ir import Test as Comparison  # not "Test", which pytest would try to collect


def q(id_, op, value):
    return Comparison(Ref("q", id_), op, value)


DOMAINS = {"q_colour": frozenset({"red", "green", "blue"}), "q_flag": frozenset({"true", "false", "unsure"})}


def program(*units):
    return Program(units=list(units), domains=DOMAINS, list_fields=frozenset({"q_tags"}))


def contains_and_colour(count: int) -> Program:
    units = [Unit(f"rule:r{i}", All((q("tags", "contains", "x"), q("colour", "eq", f"c{i}")))) for i in range(count)]
    return Program(
        units=units, domains={"q_colour": frozenset(f"c{i}" for i in range(count))}, list_fields=frozenset({"q_tags"})
    )
