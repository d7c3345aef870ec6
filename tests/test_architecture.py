"""The architecture stays as docs/architecture.md describes it: layers, no cycles, small modules.

Imports are read from the source with `ast` (not by importing), so a cycle or a wrong-way import is found
even in code that no test happens to run.
"""

import ast
import os
import pathlib
import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT

PACKAGES = ("engine", "rules", "web")
MAX_LINES = 350


def modules() -> dict:
    """Dotted module name -> path, for every Python module of the three packages."""
    found = {}
    for package in PACKAGES:
        for base, dirs, files in os.walk(os.path.join(ROOT, package)):
            dirs[:] = [d for d in dirs if d not in ("__pycache__", "node_modules", "static", "assets")]
            for name in files:
                if name.endswith(".py"):
                    path = os.path.join(base, name)
                    dotted = os.path.relpath(path, ROOT)[:-3].replace(os.sep, ".")
                    found[dotted.removesuffix(".__init__")] = path
    return found


MODULES = modules()


def imports_of(dotted: str, path: str) -> set:
    """The modules `dotted` imports (at any depth in the file), resolved to modules of the project or kept
    as written for third-party ones."""
    tree = ast.parse(pathlib.Path(path).read_text(encoding="utf-8"), path)
    package = dotted if path.endswith("__init__.py") else dotted.rpartition(".")[0]
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                out.add(candidate if candidate in MODULES else base)
    return out


GRAPH = {name: {i for i in imports_of(name, path) if i in MODULES and i != name} for name, path in MODULES.items()}


def test_the_module_list_is_real():
    assert {"engine.policy", "engine.decide.advice", "rules.ir", "web"} <= set(MODULES)


def test_no_module_imports_in_a_circle():
    """Tarjan's strongly connected components over module imports (a package's own `__init__` importing its
    modules does not count as those modules importing the package)."""
    graph = {name: {i for i in targets if not name.startswith(i + ".")} for name, targets in GRAPH.items()}
    index, low, stack, on_stack, cycles = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    assert cycles == []


def test_layers_point_one_way():
    """web -> engine -> rules: rules imports neither engine nor web, engine never imports web."""
    wrong = []
    for name, targets in GRAPH.items():
        layer = name.split(".")[0]
        forbidden = {"rules": ("engine", "web"), "engine": ("web",), "web": ()}[layer]
        wrong += [(name, t) for t in targets if t.split(".")[0] in forbidden]
    assert wrong == []


def test_only_rules_imports_durable():
    importers = sorted(
        name
        for name, path in MODULES.items()
        if any(i.split(".")[0] in ("durable", "durable_rules_engine") for i in imports_of(name, path))
    )
    assert importers and all(name.startswith("rules.") for name in importers), importers


def test_importing_the_engine_does_not_load_the_c_extension():
    code = (
        "import sys, engine, engine.records, engine.decide.advice, rules, rules.ir, rules.compiler;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('durable', 'durable_rules_engine')))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_modules_stay_small(name):
    with open(MODULES[name], encoding="utf-8") as handle:
        lines = sum(1 for _ in handle)
    assert lines <= MAX_LINES, f"{MODULES[name]} has {lines} lines; split it by concern"


def test_every_module_named_in_the_architecture_page_exists():
    text = (pathlib.Path(ROOT) / "docs" / "architecture.md").read_text(encoding="utf-8")
    paths = set(re.findall(r"`((?:engine|rules|web|policies|tests)/[\w/.-]+)`", text))
    dotted = set(re.findall(r"`((?:engine|rules|web)(?:\.\w+)+)`", text))
    assert len(paths) + len(dotted) > 20  # the page names the modules it describes
    missing = sorted(p for p in paths if not os.path.exists(os.path.join(ROOT, p)))
    missing += sorted(d for d in dotted if d not in MODULES and d.rpartition(".")[0] not in MODULES)
    assert missing == []


def test_nothing_points_outside_the_repository():
    """Documentation and code refer to docs/ copies, never to the planning folder beside the repository."""
    result = subprocess.run(
        ["git", "grep", "-n", "-E", "shar" + r"ed/(contract|domain|research|hooks)/"],  # split: not to match itself
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.stdout == ""
