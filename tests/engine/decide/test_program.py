"""Hash-consing of conditions (`engine.decide.program.Interner`): shared where equal, apart where not."""

from engine.decide.program import Interner
from rules.ir import All, Any_, Not, Ref, RuleHolds
from rules.ir import Test as Check  # not "Test", which pytest would try to collect

RECIPIENT = Ref("q", "recipient")


def test_equal_conditions_become_one_object_whatever_their_lines():
    intern = Interner()
    first = intern(All((Check(RECIPIENT, "eq", "police", 3), Not(RuleHolds("B1", 4), 4)), 2))
    second = intern(All((Check(RECIPIENT, "eq", "police", 30), Not(RuleHolds("B1", 40), 40)), 20))
    assert first is second
    assert first.line == 2  # the first occurrence is kept


def test_shared_parts_are_shared_inside_different_conditions():
    intern = Interner()
    police = Check(RECIPIENT, "eq", "police", 1)
    one = intern(All((police, Check(Ref("q", "purpose"), "eq", "crime", 2)), 1))
    two = intern(Any_((Check(RECIPIENT, "eq", "police", 9), RuleHolds("G1", 9)), 9))
    assert one.items[0] is two.items[0]
    assert one is not two


def test_values_of_different_types_stay_apart():
    intern = Interner()
    subject = Ref("d", "level")
    assert intern(Check(subject, "eq", True)) is not intern(Check(subject, "eq", 1))
    assert intern(Check(subject, "eq", 1)) is not intern(Check(subject, "eq", 1.0))
    assert intern(Check(subject, "in", ("a", "b"))) is not intern(Check(subject, "in", ("b", "a")))
    assert intern(All(())) is not intern(Any_(()))
