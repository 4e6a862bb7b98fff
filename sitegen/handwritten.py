"""What each backend declares by hand, found in its source with `ast`: no name or count is written here.

Each function returns the declarations of one kind, in file and line order:
Flask's `documented(...)` route declarations (what FastAPI reads from a
route's signature), the pydantic error types FastAPI's `message_for` maps to
the contract's messages (marshmallow takes the message on the field), where
each side names one of those messages, each side's error handlers, and the
definitions of each side that have no twin on the other.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sitegen import pairs
from sitegen.pysource import HEADER, Module, parse

BENCHMARK_ONLY = frozenset({"routes/bench.py"})
"""Files both app factories mount only with BENCHMARK_ENDPOINTS on: not part of the API."""
MAPPER = ("errors.py", "message_for")
"""The FastAPI function that turns a pydantic error type into the contract's message."""
MESSAGES = "shared/errors.py"
"""Where the contract's messages are defined: string constants and functions returning `str`."""


@dataclass(frozen=True)
class Declaration:
    """One hand-written declaration: where it is (repository path, first and last line) and what it names."""

    path: str
    start: int
    end: int
    label: str
    text: str
    block: str
    """The top-level definition holding it: its row on the file pair's page (HEADER: the header)."""

    @property
    def page(self) -> str:
        """The file pair's page, relative to the site's root: `source/routes-tags.html`."""
        return f"source/{pairs.slug_of(self.path.split('/', 2)[2])}.html"

    @property
    def lines(self) -> int:
        return self.end - self.start + 1


@dataclass(frozen=True)
class File:
    """One Python file of a side: its path inside the backend, its syntax tree and its blocks."""

    side: str
    relative: str
    tree: ast.Module
    module: Module

    def declaration(self, node: ast.expr, label: str) -> Declaration:
        start, end = node.lineno, node.end_lineno or node.lineno
        block = next((b.name for b in self.module.blocks if b.start <= start <= b.end), HEADER)
        text = ast.get_source_segment(self.module.source, node) or ""
        return Declaration(self.module.path, start, end, label, text, block)


def _files(root: Path, side: str) -> Iterator[File]:
    """Each Python file of a side, the API's only (benchmark-only files left out), sorted by path."""
    folder = root / pairs.SIDES[side]
    for path in sorted(folder.rglob("*.py")):
        relative = path.relative_to(folder).as_posix()
        if relative not in BENCHMARK_ONLY:
            module = parse(root, path.relative_to(root).as_posix())
            yield File(side, relative, ast.parse(module.source, filename=str(path)), module)


def _called(node: ast.Call) -> str:
    """The called name: `documented` for `documented(...)`, `errorhandler` for `app.errorhandler(...)`."""
    func = node.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def documented_calls(root: Path) -> list[Declaration]:
    """Every `documented(...)` call of the Flask side, labelled with its operation id (the first argument)."""
    found = []
    for file in _files(root, "flask"):
        for node in ast.walk(file.tree):
            if isinstance(node, ast.Call) and _called(node) == "documented":
                first = node.args[0] if node.args else None
                label = (
                    first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else "?"
                )
                found.append(file.declaration(node, label))
    return sorted(found, key=lambda item: (item.path, item.start))


def _string_set(node: ast.expr, constants: dict[str, ast.expr]) -> list[str]:
    """The strings a comparison's right side names: a literal, a set or tuple of them, a module constant."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.Set | ast.Tuple | ast.List):
        return [item for element in node.elts for item in _string_set(element, constants)]
    if isinstance(node, ast.Name) and node.id in constants:
        return _string_set(constants[node.id], constants)
    return []


def error_type_map(root: Path) -> list[Declaration]:
    """Each pydantic error type FastAPI's `message_for` maps, labelled `type → message expression`.

    Read from the `if kind == ...` / `if kind in ...` tests of the function (module
    constants followed); raises LookupError when the function is gone.
    """
    relative, function = MAPPER
    module = parse(root, f"{pairs.SIDES['fastapi']}/{relative}")
    file = File("fastapi", relative, ast.parse(module.source), module)
    tree = file.tree
    constants = {
        target.id: node.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    mapper = next(
        (node for node in tree.body if isinstance(node, ast.FunctionDef) and node.name == function), None
    )
    if mapper is None:
        raise LookupError(f"{module.path} defines no {function}")
    found = []
    for node in ast.walk(mapper):
        if not isinstance(node, ast.If):
            continue
        returned = next((statement for statement in node.body if isinstance(statement, ast.Return)), None)
        message = ast.unparse(returned.value) if returned and returned.value else "?"
        for test in ast.walk(node.test):
            if isinstance(test, ast.Compare) and isinstance(test.left, ast.Name) and test.left.id == "kind":
                for kind in (name for right in test.comparators for name in _string_set(right, constants)):
                    found.append(file.declaration(node.test, f"{kind} → {message}"))
    return sorted(found, key=lambda item: item.start)


def message_names(root: Path) -> frozenset[str]:
    """The names of the contract's messages in shared/errors.py: string constants and `-> str` functions."""
    tree = ast.parse((root / MESSAGES).read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            names.update(target.id for target in node.targets if isinstance(target, ast.Name))
        elif (
            isinstance(node, ast.FunctionDef)
            and isinstance(node.returns, ast.Name)
            and node.returns.id == "str"
        ):
            names.add(node.name)
    return frozenset(names)


def message_uses(root: Path, side: str) -> list[Declaration]:
    """Each place a side's schemas and error code name a contract message (`errors.BLANK`, ...)."""
    names = message_names(root)
    found = []
    for file in _files(root, side):
        if not (file.relative.startswith("schemas/") or file.relative == MAPPER[0]):
            continue
        for node in ast.walk(file.tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "errors"
                and node.attr in names
            ):
                found.append(file.declaration(node, node.attr))
    return sorted(found, key=lambda item: (item.path, item.start))


def error_handlers(root: Path, side: str) -> list[Declaration]:
    """Each error handler a side registers (`errorhandler(X)`, `add_exception_handler(X, f)`): X."""
    found = []
    for file in _files(root, side):
        for node in ast.walk(file.tree):
            if (
                isinstance(node, ast.Call)
                and _called(node) in {"errorhandler", "add_exception_handler"}
                and node.args
            ):
                found.append(file.declaration(node, ast.unparse(node.args[0])))
    return sorted(found, key=lambda item: (item.path, item.start))


def without_twin(root: Path, side: str) -> list[Declaration]:
    """Each top-level definition of a side whose name (or any of its names) the twin file does not define."""
    found = []
    for pair in pairs.discover(root):
        if pair.relative in BENCHMARK_ONLY:
            continue
        twin = pair.flask if side == "fastapi" else pair.fastapi
        # The rows align names in order; a name defined elsewhere in the twin file still has a twin.
        elsewhere = {name for b in (twin.blocks if twin else ()) for name in b.name.split(", ")}
        for row in pair.rows:
            block = row.fastapi if side == "fastapi" else row.flask
            if block is None or row.matched or row.name == HEADER:
                continue
            if not set(row.name.split(", ")) & elsewhere:
                path = f"{pairs.SIDES[side]}/{pair.relative}"
                found.append(Declaration(path, block.start, block.end, row.name, block.text, row.name))
    return found
