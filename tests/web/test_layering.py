"""The layering holds: web -> engine -> rules, nothing imports web, and web's modules form no import cycle.

Imports are read from the source with ``ast`` rather than by importing, so an import inside a function
counts as much as one at the top of a module: deferring an import hides a cycle from Python, not from
this test.
"""

import ast
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]


def modules(package):
    """{dotted module name: source file} for every module of a package folder."""
    found = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def imports_of(name, path, known):
    """The modules one module imports. ``from web import db`` names web.db when that is a module of
    ours (``known``), and the package otherwise (``from web import create_app`` names web)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{base}.{node.module}" if node.module else base
            else:
                base = node.module
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if candidate in known else base)
    return found


def import_graph(package):
    """{module: the modules of the same package it imports}."""
    known = modules(package)
    return {name: sorted(imports_of(name, path, known) & set(known) - {name}) for name, path in known.items()}


def find_cycle(graph):
    """One import cycle as [a, b, ..., a], or None."""
    state = {}  # module -> "open" while on the current path, "done" once every path from it is explored

    def visit(module, path):
        state[module] = "open"
        for target in graph.get(module, ()):
            if state.get(target) == "open":
                return path[path.index(target) :] + [target]
            if target not in state and (cycle := visit(target, path + [target])):
                return cycle
        state[module] = "done"
        return None

    for module in sorted(graph):
        if module not in state and (cycle := visit(module, [module])):
            return cycle
    return None


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycle({"a": ["b"], "b": ["c"], "c": ["a"], "d": ["a"]}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": ["b", "c"], "b": ["c"], "c": []}) is None


def test_the_graph_sees_imports_inside_functions_and_from_the_package():
    graph = import_graph("web")
    assert "web.drafts" in graph["web.records"]
    assert "web.advice" in graph["web"]  # imported inside create_app
    assert "web" in graph["web.cli_actions"]  # from web import create_app (inside a method)


def test_web_modules_import_each_other_without_a_cycle():
    cycle = find_cycle(import_graph("web"))
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_nothing_in_engine_or_rules_imports_web():
    offenders = [
        f"{name} imports {target}"
        for package in ("engine", "rules")
        for name, path in modules(package).items()
        for target in sorted(imports_of(name, path, {}))
        if target == "web" or target.startswith("web.")
    ]
    assert offenders == []
