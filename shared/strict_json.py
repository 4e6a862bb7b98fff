"""JSON exactly as RFC 8259 defines it, for every request body both backends read.

Python's `json` module also reads `NaN`, `Infinity` and `-Infinity`, which are
not JSON: RFC 8259 §6 says "Numeric values that cannot be represented in the
grammar below (such as Infinity and NaN) are not permitted". A body holding one
is refused like any other body that is not JSON (400 `body: is not valid JSON`).
"""

from __future__ import annotations

import json
from typing import Any


def _refuse_constant(name: str) -> Any:
    raise json.JSONDecodeError(f"{name} is not JSON (RFC 8259 §6)", name, 0)


def loads(data: str | bytes | bytearray) -> Any:
    """The value of a JSON text (bytes in UTF-8, -16 or -32, or str); `json.JSONDecodeError` otherwise.

    The same as `json.loads`, except that `NaN`, `Infinity` and `-Infinity` raise.
    """
    return json.loads(data, parse_constant=_refuse_constant)
