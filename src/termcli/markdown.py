"""Markdown escaping: data text as Markdown that renders as exactly that text.

The one escaper for every Markdown the tool writes (the glossary export and the notes
export). Data is hostile: it must never become structure (a heading, list, quote,
code, table cell, link, image or HTML), whatever CommonMark or GFM give meaning to.

What is kept is the text up to whitespace folding: CR and CRLF become LF, and each
line loses its leading and trailing whitespace (Python's ``str.strip``; leading
blanks would open indented code, trailing ones a line break). :func:`inline` also
folds runs of spaces, tabs and newlines to one space; :func:`block` keeps line
breaks as hard breaks and turns runs of blank lines into one paragraph break.
Controls are the caller's to choose: dropped (the default) or shown as stand-ins.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from termcli.sanitize import strip_controls

# Backslash-escaped wherever they are; < > & become entities, so no raw "<" is left
# for a renderer that does not honour backslashes before HTML.
_ESCAPES = {
    **{ord(c): "\\" + c for c in "\\`*_[]#|~$"},
    ord("<"): "&lt;",
    ord(">"): "&gt;",
    ord("&"): "&amp;",
}
_SPACE = re.compile(r"[ \t\n]+")


def _line(line: str) -> str:
    """One stripped line, escaped, including whatever would open a block at its start
    (a list item, a setext underline, an ordered list number)."""
    out = line.strip().translate(_ESCAPES)
    if out[:1] in ("-", "+", "="):
        return "\\" + out
    digits = len(out) - len(out.lstrip("0123456789"))
    if digits and out[digits : digits + 1] in (".", ")"):
        return out[:digits] + "\\" + out[digits:]
    return out


def _lines(text: str, controls: Callable[[str], str]) -> str:
    return controls(text.replace("\r\n", "\n").replace("\r", "\n"))


def inline(text: str, controls: Callable[[str], str] = strip_controls) -> str:
    """Data text as one line of Markdown (a heading, a list item, a table cell)."""
    return _line(_SPACE.sub(" ", _lines(text, controls)))


def block(text: str, indent: str = "", controls: Callable[[str], str] = strip_controls) -> str:
    """Data text as Markdown paragraphs; its line breaks are kept as hard breaks.

    ``indent`` is put before every line after the first, so the block can continue
    a list item.
    """
    paragraphs: list[list[str]] = [[]]
    for raw in _lines(text, controls).split("\n"):
        line = _line(raw)
        if not line:
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        paragraphs[-1].append(line)
    joined = [("\\\n" + indent).join(p) for p in paragraphs if p]
    return ("\n\n" + indent).join(joined)
