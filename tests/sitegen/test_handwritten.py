"""Hand-written declarations found with `ast`, checked against a plain text search of the same files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sitegen import handwritten
from tests.sitegen.source_tree import FASTAPI, FLASK, ROOT, api_files, write


def test_every_documented_call_of_the_flask_side_is_listed() -> None:
    grep = [
        (path.relative_to(ROOT).as_posix(), number, match.group(1))
        for path in api_files(FLASK)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if (match := re.match(r'\s*@documented\(\s*(?:"(\w+)")?', line))
    ]
    listed = handwritten.documented_calls(ROOT)
    assert len(grep) > 10
    assert [(item.path, item.start) for item in listed] == [(path, line) for path, line, _ in grep]
    assert [item.label for item in listed if item.start == item.end] == [name for _, _, name in grep if name]
    assert all(item.page.startswith("source/routes-") and item.block for item in listed)


def test_every_error_type_compared_in_message_for_is_listed() -> None:
    source = (FASTAPI / "errors.py").read_text(encoding="utf-8")
    body = source[
        source.index("def message_for") : source.index("\ndef ", source.index("def message_for") + 1)
    ]
    constants = dict(re.findall(r"^([A-Z_]+) = (\{.*\})$", source, re.MULTILINE))
    compared = re.findall(r'kind == "(\w+)"|kind in (\{[^}]*\}|[A-Z_]+)', body)
    kinds: list[str] = []
    for single, group in compared:
        kinds.extend([single] if single else re.findall(r'"(\w+)"', constants.get(group, group)))
    kinds = list(dict.fromkeys(kinds))
    assert len(kinds) > 10
    assert (
        list(dict.fromkeys(item.label.split(" → ")[0] for item in handwritten.error_type_map(ROOT))) == kinds
    )


def test_the_error_map_reads_a_fixture_function(tmp_path: Path) -> None:
    write(
        tmp_path,
        "services/fastapi_impl/errors.py",
        'NUMBERS = {"int_type", "int_parsing"}\n\n\ndef message_for(kind):\n'
        '    if kind == "missing":\n        return errors.BLANK\n'
        "    if kind in NUMBERS:\n        return errors.MUST_BE_INTEGER\n"
        "    return errors.INVALID\n",
    )
    found = handwritten.error_type_map(tmp_path)
    assert [item.label for item in found] == [
        "missing → errors.BLANK",
        "int_type → errors.MUST_BE_INTEGER",
        "int_parsing → errors.MUST_BE_INTEGER",
    ]
    assert [item.start for item in found] == [5, 7, 7]
    write(tmp_path, "services/fastapi_impl/errors.py", "def other():\n    pass\n")
    with pytest.raises(LookupError, match="message_for"):
        handwritten.error_type_map(tmp_path)


def test_every_error_handler_registration_is_listed() -> None:
    for side, folder, call in (
        ("fastapi", FASTAPI, "add_exception_handler("),
        ("flask", FLASK, "errorhandler("),
    ):
        direct = sum(path.read_text(encoding="utf-8").count(f".{call}") for path in api_files(folder))
        assert len(handwritten.error_handlers(ROOT, side)) == direct > 0


def test_message_uses_name_only_the_contracts_messages() -> None:
    names = handwritten.message_names(ROOT)
    assert {"BLANK", "too_long"} <= names
    assert "DESCRIPTIONS" not in names
    assert "ApiError" not in names
    for side in ("fastapi", "flask"):
        uses = handwritten.message_uses(ROOT, side)
        assert uses
        assert {item.label for item in uses} <= names
        for item in uses:
            line = (ROOT / item.path).read_text(encoding="utf-8").splitlines()[item.start - 1]
            assert f"errors.{item.label}" in line


def test_definitions_without_twin_have_no_namesake_in_the_twin_file() -> None:
    for side, other in (("fastapi", FLASK), ("flask", FASTAPI)):
        listed = handwritten.without_twin(ROOT, side)
        assert listed
        for item in listed:
            twin = other / item.path.split("/", 2)[2]
            if twin.exists():
                defined = re.findall(
                    r"^(?:async def|def|class) (\w+)|^(\w+)\b.*=", twin.read_text(), re.MULTILINE
                )
                assert item.label not in {name for pair in defined for name in pair}
    flask_names = {item.label for item in handwritten.without_twin(ROOT, "flask")}
    assert {"documented", "operation_of", "build_spec"} <= flask_names
