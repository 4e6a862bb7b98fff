"""Python source read with `ast`: a module cut into its top-level definitions, snippets by name.

The site never pastes code: a page names a file and a definition, and the
text, the line range and what it calls are read from the file at build time.
"""

from __future__ import annotations

import ast
import io
import tokenize
from dataclasses import dataclass, field
from pathlib import Path

HEADER = ""
"""The name of a module's first block: its docstring and imports."""
NOT_CODE = {
    tokenize.COMMENT,
    tokenize.NL,
    tokenize.NEWLINE,
    tokenize.INDENT,
    tokenize.DEDENT,
    tokenize.ENDMARKER,
    tokenize.ENCODING,
}


@dataclass(frozen=True)
class Imported:
    """What a local name stands for: a module (`name` None) or a name imported from one."""

    module: str
    name: str | None = None

    @property
    def top(self) -> str:
        return self.module.split(".", 1)[0]


@dataclass(frozen=True)
class Block:
    """One top-level definition (with its decorators and the comments just above), or the header."""

    name: str
    kind: str
    start: int
    end: int
    text: str
    nodes: tuple[ast.stmt, ...] = field(compare=False, repr=False)


@dataclass(frozen=True)
class Module:
    path: str
    """Relative to the repository root, with forward slashes."""
    source: str
    blocks: tuple[Block, ...]
    imports: dict[str, Imported] = field(compare=False, repr=False)
    lines: int
    code_lines: int
    """Lines holding code: no blank lines, comments or docstrings."""

    def block(self, name: str) -> Block | None:
        for block in self.blocks:
            if name == block.name or name in block.name.split(", "):
                return block
        return None


@dataclass(frozen=True)
class Snippet:
    """A definition cut out of a file, where it was found, and what it uses."""

    path: str
    symbol: str | None
    start: int
    end: int
    text: str
    uses: tuple[Imported, ...]

    @property
    def shared(self) -> tuple[Imported, ...]:
        return tuple(used for used in self.uses if used.top == "shared")


def _target_names(target: ast.expr) -> list[str]:
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, ast.Tuple | ast.List):
        return [name for element in target.elts for name in _target_names(element)]
    return []


def definition_name(node: ast.stmt) -> tuple[str, str] | None:
    """(name, kind) of a statement that defines something at the top level; None for any other."""
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        return node.name, "function"
    if isinstance(node, ast.ClassDef):
        return node.name, "class"
    if isinstance(node, ast.Assign):
        names = [name for target in node.targets for name in _target_names(target)]
        return (", ".join(names), "assignment") if names else None
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return node.target.id, "assignment"
    return None


def _first_line(node: ast.stmt, lines: list[str], floor: int) -> int:
    """The node's first line, decorators included, extended over the comment lines just above it."""
    decorators: list[ast.expr] = getattr(node, "decorator_list", [])
    first = min([node.lineno, *(decorator.lineno for decorator in decorators)])
    while first - 1 > floor and lines[first - 2].strip().startswith("#"):
        first -= 1
    return first


def _trimmed_end(lines: list[str], start: int, end: int) -> int:
    while end > start and not lines[end - 1].strip():
        end -= 1
    return end


def imports_of(tree: ast.Module, root: Path) -> dict[str, Imported]:
    """Every name an import statement binds, anywhere in the module (function-local ones too)."""
    found: dict[str, Imported] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                top = alias.name.split(".", 1)[0]
                found[alias.asname or top] = Imported(alias.name if alias.asname else top)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                if alias.name == "*":
                    continue
                # `from shared import articles` binds a module of this repository; `from shared.models
                # import User` binds a name. Third-party names are only ever traced to their package.
                folder = root.joinpath(*node.module.split("."))
                is_module = (folder / f"{alias.name}.py").exists() or (folder / alias.name).is_dir()
                bound = (
                    Imported(f"{node.module}.{alias.name}")
                    if is_module
                    else Imported(node.module, alias.name)
                )
                found[alias.asname or alias.name] = bound
    return found


def uses_of(nodes: tuple[ast.stmt, ...], imports: dict[str, Imported]) -> tuple[Imported, ...]:
    """What the nodes use of the imported names, in order: `articles.create_article` is one use."""
    used: dict[Imported, None] = {}
    qualified: set[int] = set()
    for node in (inner for outer in nodes for inner in ast.walk(outer)):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            imported = imports.get(node.value.id)
            if imported is not None and imported.name is None:
                used[Imported(imported.module, node.attr)] = None
                qualified.add(id(node.value))
        elif isinstance(node, ast.Name) and id(node) not in qualified and node.id in imports:
            used[imports[node.id]] = None
    return tuple(used)


def code_line_count(source: str, tree: ast.Module) -> int:
    """Lines with a token of code on them, less every string statement (docstrings)."""
    documentation: set[int] = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            documentation.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    lines: set[int] = set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type not in NOT_CODE:
            lines.update(range(token.start[0], token.end[0] + 1))
    return len(lines - documentation)


def parse(root: Path, relative: str) -> Module:
    """The module at `root / relative`, cut into its header and its top-level definitions."""
    source = (root / relative).read_text(encoding="utf-8")
    tree = ast.parse(source, filename=relative)
    lines = source.splitlines()
    named: list[tuple[str, str, int, list[ast.stmt]]] = []
    header_nodes: list[ast.stmt] = []
    for node in tree.body:
        found = definition_name(node)
        if found is not None:
            floor = (named[-1][3][-1].end_lineno or 0) if named else _header_floor(header_nodes)
            named.append((found[0], found[1], _first_line(node, lines, floor), [node]))
        elif named:
            named[-1][3].append(node)
        else:
            header_nodes.append(node)
    blocks: list[Block] = []
    header_end = named[0][2] - 1 if named else len(lines)
    if header_end >= 1:
        end = _trimmed_end(lines, 1, header_end)
        blocks.append(Block(HEADER, "header", 1, end, "\n".join(lines[:end]), tuple(header_nodes)))
    for index, (name, kind, start, nodes) in enumerate(named):
        limit = named[index + 1][2] - 1 if index + 1 < len(named) else len(lines)
        end = _trimmed_end(lines, start, limit)
        blocks.append(Block(name, kind, start, end, "\n".join(lines[start - 1 : end]), tuple(nodes)))
    return Module(
        path=relative,
        source=source,
        blocks=tuple(blocks),
        imports=imports_of(tree, root),
        lines=len(lines),
        code_lines=code_line_count(source, tree),
    )


def _header_floor(header_nodes: list[ast.stmt]) -> int:
    ends: list[int] = [node.end_lineno or node.lineno for node in header_nodes]
    return max(ends, default=0)


def extract(module: Module, symbol: str | None) -> Snippet:
    """A top-level definition by name, `Class.member`, or the whole file (`symbol` None).

    Raises LookupError when the name is not defined there, so a renamed function
    fails the build instead of leaving an old snippet on the site.
    """
    if symbol is None:
        nodes = tuple(node for block in module.blocks for node in block.nodes)
        return Snippet(
            module.path, None, 1, module.lines, module.source.rstrip("\n"), uses_of(nodes, module.imports)
        )
    outer, _, member = symbol.partition(".")
    block = module.block(outer)
    if block is None:
        raise LookupError(f"{module.path} defines no top-level {outer!r}")
    if not member:
        return Snippet(
            module.path, symbol, block.start, block.end, block.text, uses_of(block.nodes, module.imports)
        )
    owner = block.nodes[0]
    lines = module.source.splitlines()
    for node in getattr(owner, "body", []):
        found = definition_name(node)
        if found is not None and member in found[0].split(", "):
            start = _first_line(node, lines, owner.lineno)
            end = node.end_lineno or node.lineno
            text = "\n".join(lines[start - 1 : end])
            return Snippet(module.path, symbol, start, end, text, uses_of((node,), module.imports))
    raise LookupError(f"{module.path}: {outer} defines no {member!r}")
