"""From answers to advice: type-check the answers, bind the pack to a date, evaluate, combine, explain.

`answers` checks types; `program` lays out the rules in force on a date; `evaluation` is the Python
three-valued evaluator (the decision and its reasons); the advice modules combine rule statuses into the
contract's advice; `text` renders advice for a terminal. `engine.policy` runs durable_rules alongside as
an independent cross-check.
"""
