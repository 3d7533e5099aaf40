"""Multi-valued CSV cells: several values in one cell, for the CSV export and import."""

from __future__ import annotations

import re
from collections.abc import Iterable

MULTI_SEPARATOR = "; "


# The columns of a CSV glossary, in the order export writes them; import reads any order.
CSV_COLUMNS = (
    "id",
    "term",
    "abbreviations",
    "aliases",
    "summary",
    "definition",
    "categories",
    "tags",
    "rating",
    "related",
    "native_text",
    "native_reading",
    "native_language",
    "literal",
    "origin",
    "examples",
    "sources",
    "keywords",
    "avoid",
    "usage_labels",
    "usage_note",
    "sense",
)


def join_cell(values: Iterable[str]) -> str:
    r"""Several values in one cell, ``"; "``-separated.

    A value's own ``\``, ``;`` and ``|`` are backslash-escaped (``\\``, ``\;``,
    ``\|``) so :func:`split_cell` (and ``term import``, which also splits on
    ``|``) gets the values back exactly.
    """
    return MULTI_SEPARATOR.join(re.sub(r"([\\;|])", r"\\\1", v) for v in values)


def split_cell(cell: str) -> list[str]:
    r"""The inverse of :func:`join_cell`; also reads hand-written ``a | b`` cells.

    Only ``\\``, ``\;`` and ``\|`` are escapes; any other backslash is literal, so
    a hand-typed ``C:\temp`` survives. Values are stripped and empties dropped.
    """
    out: list[str] = []
    buf: list[str] = []
    i = 0
    while i < len(cell):
        ch = cell[i]
        if ch == "\\" and i + 1 < len(cell) and cell[i + 1] in "\\;|":
            buf.append(cell[i + 1])
            i += 2
            continue
        if ch in ";|":
            out.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
        i += 1
    out.append("".join(buf))
    return [v.strip() for v in out if v.strip()]


# OWASP CSV injection: a spreadsheet runs a cell that starts with one of these.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def guard_cell(cell: str) -> str:
    """Prefix ``'`` to a cell a spreadsheet would run as a formula (OWASP).

    A cell that already starts with quotes before such a character gets one more,
    so :func:`unguard_cell` is its exact inverse for every string.
    """
    return "'" + cell if cell.lstrip("'").startswith(FORMULA_START) else cell


def unguard_cell(cell: str) -> str:
    """The inverse of :func:`guard_cell`, for ``term import``."""
    if cell.startswith("'") and cell.lstrip("'").startswith(FORMULA_START):
        return cell[1:]
    return cell


def join_source(title: str, url: str) -> str:
    """A source as one value: ``title <url>``, or the title alone."""
    return f"{title} <{url}>" if url else title


def split_source(value: str) -> tuple[str, str]:
    m = re.fullmatch(r"(.*?)\s*<(\S*)>", value, re.S)
    return (m.group(1), m.group(2)) if m and m.group(1) else (value, "")
