"""Cutting Python source into definitions and snippets by name, with what each uses."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen import pysource

MODULE = '''"""A module."""

from __future__ import annotations

from fastapi import Depends

from shared import articles
from shared.models import User

LIMIT = 5
"""How many."""
first, second = 1, 2


# A comment that belongs to the function below.
@decorated
def handler(user: User) -> None:
    """Docstring."""
    articles.create_article(Depends(user))
    if LIMIT:
        pass


class Schema:
    size: int = 3

    def method(self) -> None:
        from shared import tags

        tags.all_tags()
'''


@pytest.fixture
def module(tmp_path: Path) -> pysource.Module:
    for package in ("shared",):
        (tmp_path / package).mkdir()
        for name in ("articles", "tags", "models"):
            (tmp_path / package / f"{name}.py").write_text("")
    (tmp_path / "example.py").write_text(MODULE)
    return pysource.parse(tmp_path, "example.py")


def test_a_module_is_cut_into_its_header_and_top_level_definitions(module: pysource.Module) -> None:
    found = [(block.name, block.kind, block.start, block.end) for block in module.blocks]
    assert found == [
        ("", "header", 1, 8),
        ("LIMIT", "assignment", 10, 11),  # the attribute docstring stays with its assignment
        ("first, second", "assignment", 12, 12),
        ("handler", "function", 15, 21),  # from the comment and decorator above it
        ("Schema", "class", 24, 30),
    ]
    assert module.blocks[3].text.startswith("# A comment that belongs")
    assert module.lines == len(MODULE.splitlines())


def test_code_lines_leave_out_blanks_comments_and_docstrings(module: pysource.Module) -> None:
    source = "\n".join(
        ['"""Doc."""', "", "# note", "x = 1  # counted", '"""Attribute doc."""', "def f():", "    return x"]
    )
    import ast

    assert pysource.code_line_count(source, ast.parse(source)) == 3


def test_snippets_by_name_member_and_whole_file(module: pysource.Module) -> None:
    handler = pysource.extract(module, "handler")
    assert (handler.start, handler.end) == (15, 21)
    assert handler.text.splitlines()[1] == "@decorated"
    assert pysource.extract(module, "second").start == 12
    member = pysource.extract(module, "Schema.method")
    assert (member.start, member.end) == (27, 30)
    assert member.text.lstrip().startswith("def method")
    whole = pysource.extract(module, None)
    assert (whole.start, whole.end, whole.symbol) == (1, module.lines, None)


@pytest.mark.parametrize("symbol", ["missing", "Schema.missing"])
def test_a_name_that_is_gone_fails_loudly(module: pysource.Module, symbol: str) -> None:
    with pytest.raises(LookupError, match="missing"):
        pysource.extract(module, symbol)


def test_uses_trace_module_attributes_and_imported_names(module: pysource.Module) -> None:
    handler = pysource.extract(module, "handler")
    assert pysource.Imported("shared.articles", "create_article") in handler.shared
    assert pysource.Imported("shared.models", "User") in handler.shared
    assert pysource.Imported("fastapi", "Depends") in handler.uses
    assert pysource.Imported("shared.articles") not in handler.uses, "the module alone is not a separate use"
    method = pysource.extract(module, "Schema.method")
    assert method.shared == (pysource.Imported("shared.tags", "all_tags"),)


def test_the_real_backends_parse() -> None:
    root = Path(__file__).resolve().parents[2]
    module = pysource.parse(root, "services/flask_impl/routes/articles.py")
    create = pysource.extract(module, "create_article")
    assert create.text.startswith('@router.post("/articles")')
    assert pysource.Imported("shared.articles", "create_article") in create.shared
