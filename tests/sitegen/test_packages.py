"""Installed distributions from imported modules: name, version, licence, requirements."""

from __future__ import annotations

from email.message import Message
from importlib import metadata
from pathlib import Path
from typing import Any, cast

import pytest

from sitegen import packages


def test_modules_map_to_their_distributions_without_stdlib_or_first_party() -> None:
    assert packages.distributions_of(["fastapi.routing", "os", "shared", "services", "flask", "fastapi"]) == [
        "fastapi",
        "flask",
    ]
    assert packages.distributions_of(["no_such_module_anywhere"]) == []


def test_a_package_is_described_from_its_installed_metadata() -> None:
    flask = packages.describe("flask")
    assert flask.name == "Flask"
    assert flask.version == metadata.version("flask")
    assert flask.licence
    assert "werkzeug" in packages.requirements_of("flask")
    assert {"flask", "werkzeug", "jinja2"} <= set(packages.closure(["Flask"]))


def meta(**fields: Any) -> metadata.PackageMetadata:
    message = Message()
    for key, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            message[key.replace("_", "-")] = item
    return cast(metadata.PackageMetadata, message)


@pytest.mark.parametrize(
    ("fields", "licence"),
    [
        ({"License_Expression": "MIT", "License": "BSD"}, "MIT"),
        ({"License": "BSD-3-Clause"}, "BSD-3-Clause"),
        (
            {
                "License": "Copyright (c) 2010\nPermission is hereby granted...",
                "Classifier": [
                    "License :: OSI Approved",
                    "License :: OSI Approved :: MIT License",
                ],
            },
            "MIT License",
        ),
        ({"License": "A very long licence text " * 5}, ("A very long licence text " * 5)[:60]),
        ({}, "not declared"),
    ],
)
def test_licence_prefers_the_expression_then_a_short_field_then_classifiers(
    fields: dict[str, Any], licence: str
) -> None:
    assert packages.licence_of(meta(**fields)) == licence


def test_install_size_adds_up_the_files_of_the_record() -> None:
    files = metadata.distribution("flask").files or []
    direct = sum(
        Path(str(file.locate())).stat().st_size for file in files if Path(str(file.locate())).is_file()
    )
    assert packages.install_size("flask") == direct > 10_000
    with pytest.raises(metadata.PackageNotFoundError):
        packages.install_size("no-such-distribution-here")
