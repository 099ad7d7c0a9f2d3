"""The package's layers: every import goes down the data flow, never up, never in a circle.

Counted are all imports: at the top of a module, inside functions (imported only when used, to keep a
plain check's start-up short) and under ``TYPE_CHECKING``. Each is a real dependency of the design.

    version < units < text < errors < report < read < spec < expr < ruleset < evaluate < pipeline < tools < render
    < api < cli
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "checker"

# lowest first; a module may import its own layer's modules and those of the layers below
LAYERS = ("version", "units", "text", "errors", "report", "read", "spec", "expr", "ruleset", "evaluate", "pipeline",
          "tools", "render", "api", "cli")
TOP = ("__init__", "__main__")  # the public API and `python -m checker`: above every layer


def modules() -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its own name)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = modules()


def imports(path: Path) -> set[str]:
    """The package's modules a file imports, wherever in the file the import is."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                found.add(sub if sub in MODULES else node.module)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in MODULES:
            found.add(node.value)  # a module named to be imported later (the renderers' registry)
    return {name for name in found if name in MODULES}


GRAPH = {name: imports(path) for name, path in MODULES.items()}


def layer(module: str) -> int:
    parts = module.split(".")
    if module == "checker" or parts[1] in TOP:
        return len(LAYERS)
    return LAYERS.index(parts[1].removesuffix(".py"))


def test_every_module_is_in_a_layer() -> None:
    strays = [m for m in MODULES if m != "checker" and m.split(".")[1] not in LAYERS + TOP]
    assert strays == []


def test_the_top_level_holds_at_most_eight_modules() -> None:
    top = [p.name for p in PACKAGE.glob("*.py")]
    assert len(top) <= 8, top


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m != "checker" and m.split(".")[1] not in TOP))
def test_imports_go_down(module: str) -> None:
    upward = sorted(m for m in GRAPH[module] if layer(m) > layer(module))
    assert upward == [], f"{module} (layer {LAYERS[layer(module)]}) imports from above it"


def test_no_import_cycle() -> None:
    cycles = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(GRAPH[module]):
            if state.get(target) == 1:
                cycles.append(" -> ".join(path[path.index(target):] + [module, target]) if target in path
                              else f"{module} -> {target}")  # fmt: skip
            elif target not in state:
                visit(target, [*path, module])
        state[module] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module, [])
    assert cycles == []


def test_the_graph_is_read() -> None:
    # the checks above are only as good as the graph: a few edges every layout has
    assert "checker.report" in GRAPH["checker.evaluate.findings"]
    assert "checker.expr.compile" in GRAPH["checker.ruleset.compile"]
    assert "checker.render.text" in GRAPH["checker.render"]  # named in the registry, imported when asked for


def test_the_public_api_names_exactly_what_it_serves() -> None:
    # checker/__init__.py spells __all__ out for linters and type checkers: it names what __getattr__ serves
    import checker

    assert sorted(checker.__all__) == sorted(["__version__", *checker._API])
