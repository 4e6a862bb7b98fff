"""No import cycles inside `shared/`: each module imports only modules below it.

Imports inside functions count too, since a cycle hidden in a function is still a cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT / "shared"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {
        _module_name(path): path
        for path in SHARED.rglob("*.py")
        if "migrations" not in path.relative_to(SHARED).parts  # Alembic loads those by path
    }


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The modules of `known` that the module `name` (at `path`) imports, anywhere in its body."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    ancestors = {name.rsplit(".", depth)[0] for depth in range(1, name.count(".") + 1)}
    with_packages = set(found)
    for module in found:  # importing a.b.c runs a/__init__ and a/b/__init__ first
        with_packages.update(module.rsplit(".", depth)[0] for depth in range(1, module.count(".") + 1))
    return {module for module in with_packages - ancestors if module in known and module != name}


def graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, set(modules)) for name, path in modules.items()}


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One cycle of `edges` as the list of its modules (first repeated last), or None."""
    state: dict[str, str] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = "open"
        stack.append(node)
        for target in sorted(edges.get(node, ())):
            if state.get(target) == "open":
                return [*stack[stack.index(target) :], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        state[node] = "done"
        stack.pop()
        return None

    for node in sorted(edges):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_the_cycle_finder_finds_one() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) is None


def test_the_graph_sees_shared_imports() -> None:
    edges = graph()
    assert "shared.db" in edges["shared.migrate"]
    assert {"shared.db", "shared.migrate"} <= edges["shared.startup"]


def test_importing_a_submodule_imports_its_packages(tmp_path: Path) -> None:
    """`from shared.seed.loader import x` runs shared/seed/__init__.py first: an edge to it too,
    but none from a module to its own packages, which are already running."""
    known = {"shared", "shared.db", "shared.seed", "shared.seed.loader", "shared.seed.run"}
    outside = tmp_path / "db.py"
    outside.write_text("from shared.seed.loader import Loader\n")
    assert _imports("shared.db", outside, known) == {"shared.seed", "shared.seed.loader"}
    inside = tmp_path / "run.py"
    inside.write_text("from shared.seed.loader import Loader\n")
    assert _imports("shared.seed.run", inside, known) == {"shared.seed.loader"}


def test_shared_has_no_import_cycle() -> None:
    cycle = find_cycle(graph())
    assert cycle is None, " -> ".join(cycle or [])
