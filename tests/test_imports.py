"""The extractor's modules import one way: no import cycle, and none hidden by an import inside a function.

The graph is built from the source (ast), not from a running interpreter, so an import inside a function counts as
much as one at the top: an import moved into a function to get past a cycle is still a cycle. Importing a module
inside a package also runs the package's __init__, so that is an edge too (except from the package's own modules).
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "extract"


@dataclass(frozen=True)
class Import:
    source: str
    target: str
    line: int
    in_function: bool


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _resolved(node: ast.Import | ast.ImportFrom, name: str, is_package: bool) -> list[str]:
    """Module names an import statement may load: the module, and for `from X import y` also X.y."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:
        base = name.split(".") if is_package else name.split(".")[:-1]
        base = base[:len(base) - (node.level - 1)]
        module = ".".join(base + ([node.module] if node.module else []))
    else:
        module = node.module or ""
    return [module, *(f"{module}.{alias.name}" for alias in node.names)]


def _with_packages(target: str, source: str, known: dict[str, Path]) -> list[str]:
    """The target and the packages Python initialises to import it, less the importer's own enclosing packages."""
    parts = target.split(".")
    chain = [".".join(parts[:i]) for i in range(1, len(parts) + 1)]
    own = {".".join(source.split(".")[:i]) for i in range(1, source.count(".") + 2)}
    return [m for m in chain if m in known and m not in own and m != source]


@lru_cache(maxsize=1)
def imports() -> tuple[Import, ...]:
    """Every import of one extract module by another, at the top of a module or inside a function."""
    known = modules()
    out = []
    for name, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        in_function = {id(n) for f in ast.walk(tree) if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))
                       for n in ast.walk(f)}
        for node in ast.walk(tree):
            if not isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            for target in _resolved(node, name, path.name == "__init__.py"):
                for module in _with_packages(target, name, known):
                    out.append(Import(name, module, node.lineno, id(node) in in_function))
    return tuple(out)


def find_cycle(edges: list[Import]) -> list[Import]:
    """One cycle of the graph as its edges (empty when there is none), by depth-first search."""
    graph: dict[str, list[Import]] = {}
    for e in edges:
        graph.setdefault(e.source, []).append(e)
    state: dict[str, str] = {}
    path: list[Import] = []

    def visit(node: str) -> list[Import]:
        state[node] = "open"
        for edge in sorted(graph.get(node, []), key=lambda e: (e.target, e.line)):
            if state.get(edge.target) == "open":
                start = next(i for i, e in enumerate(path) if e.source == edge.target) if path and \
                    any(e.source == edge.target for e in path) else len(path)
                return path[start:] + [edge]
            if edge.target not in state:
                path.append(edge)
                found = visit(edge.target)
                if found:
                    return found
                path.pop()
        state[node] = "done"
        return []

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return []


def told(cycle: list[Import]) -> str:
    return " -> ".join([cycle[0].source] + [f"{e.target} (line {e.line} of {e.source}"
                                             f"{', inside a function' if e.in_function else ''})" for e in cycle])


def test_the_graph_sees_every_kind_of_import():
    edges = imports()
    pairs = {(e.source, e.target) for e in edges}
    assert ("extract.pipeline", "extract.checks") in pairs                 # from .checks import run_checks
    assert ("extract.pipeline", "extract.history") in pairs                # from . import history
    assert ("extract.checks.common", "extract.tables") in pairs            # ..tables.base runs tables/__init__
    assert any(e.in_function for e in edges)                               # cli's lazy `from .bench import bench`
    assert not any(e.source == e.target for e in edges)


def test_a_cycle_is_found_and_named():
    edges = [Import("a", "b", 1, False), Import("b", "c", 2, True), Import("c", "a", 3, False),
             Import("a", "d", 4, False)]
    assert [(e.source, e.target) for e in find_cycle(edges)] == [("a", "b"), ("b", "c"), ("c", "a")]
    assert "inside a function" in told(find_cycle(edges))
    assert find_cycle(edges[:2] + edges[3:]) == []


def test_extract_modules_import_one_way():
    cycle = find_cycle([e for e in imports() if not e.in_function])
    assert not cycle, "import cycle: " + told(cycle)


def test_no_import_inside_a_function_hides_a_cycle():
    cycle = find_cycle(imports())
    assert not cycle, "an import inside a function closes a cycle: " + told(cycle)


def test_stages_import_only_earlier_stages():
    """parse -> align -> tables -> history -> check: a stage never imports a later one, and no table builder
    imports the diff's presentation."""
    later = {"extract.tables": ("extract.history", "extract.checks", "extract.pipeline", "extract.diff_report",
                                "extract.diff"),
             "extract.history": ("extract.checks", "extract.pipeline"),
             "extract.diff": ("extract.pipeline", "extract.history", "extract.diff_report"),
             "extract.align": ("extract.tables", "extract.history", "extract.checks", "extract.pipeline")}
    wrong = [e for e in imports() for stage, after in later.items()
             if (e.source == stage or e.source.startswith(stage + ".")) and e.target.startswith(after)]
    assert not wrong, wrong
