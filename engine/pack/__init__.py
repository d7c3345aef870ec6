"""Reading a policy pack folder: strict YAML, JSON Schema, conditions, meaning checks, and the loaded model.

Nothing here evaluates answers. `engine.pack.loader.read_pack` turns a folder into a validated
`engine.pack.model.PackData` (or raises `PackError` with every problem as `file:line: message`);
`engine.decide` evaluates it and `engine.policy` binds the two together.
"""
