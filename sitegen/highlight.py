"""Syntax highlighting with Pygments: HTML with the file's own line numbers, and the matching CSS.

Each source line is its own block (`<span class="line">`), so the stylesheet can wrap a
long line inside a narrow column with a hanging indent instead of scrolling it sideways.
"""

from __future__ import annotations

from collections.abc import Iterator

from markupsafe import Markup
from pygments import highlight as pygments_highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer

LIGHT_STYLE = "default"
DARK_STYLE = "github-dark"


class LineFormatter(HtmlFormatter):  # type: ignore[type-arg]
    """Pygments' HTML formatter with every source line, its number included, in `<span class="line">`."""

    def wrap(self, source: Iterator[tuple[int, str]]) -> Iterator[tuple[int, str]]:
        lines = ((kind, f'<span class="line">{text}</span>' if kind == 1 else text) for kind, text in source)
        wrapped: Iterator[tuple[int, str]] = super().wrap(lines)  # type: ignore[no-untyped-call]
        return wrapped


def highlight(code: str, first_line: int = 1, anchors: str = "") -> Markup:
    """`code` as HTML numbered from `first_line`; with `anchors`, line N gets the id `<anchors>-N`."""
    formatter = LineFormatter(linenos="inline", linenostart=first_line, linespans=anchors, wrapcode=True)
    # stripnl=False: a leading blank line must keep its number.
    return Markup(pygments_highlight(code, PythonLexer(stripnl=False), formatter))


def stylesheet() -> str:
    """The light style, and the dark one for readers whose system asks for it."""
    light: str = HtmlFormatter(style=LIGHT_STYLE).get_style_defs(".highlight")  # type: ignore[no-untyped-call]
    dark: str = HtmlFormatter(style=DARK_STYLE).get_style_defs(".highlight")  # type: ignore[no-untyped-call]
    indented = "\n".join(f"  {line}" for line in dark.splitlines())
    return f"{light}\n\n@media (prefers-color-scheme: dark) {{\n{indented}\n}}\n"
