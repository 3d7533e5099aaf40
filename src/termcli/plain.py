"""Blocks as plain text: what a pipe, ``--plain`` and stderr get.

No terminal library and no wrapping, so the fast path stays light and golden files
pin the exact text. Every data string passes through :func:`termcli.sanitize.clean`.
"""

from __future__ import annotations

from collections.abc import Sequence

from termcli.blocks import (
    Block,
    Frame,
    Gap,
    Heading,
    Line,
    Marked,
    Prose,
    Span,
    Table,
    Tree,
    TreeItem,
)
from termcli.sanitize import clean, clean_line

INDENT = "  "


def spans(parts: Sequence[Span]) -> str:
    out = []
    for text, role in parts:
        out.append(f"[{clean_line(text)}]" if role == "badge" else clean_line(text))
    return "".join(out)


def _table(block: Table) -> list[str]:
    if block.stack and block.header:
        lines: list[str] = []
        for row in block.rows:
            lines += ["", spans(row[0])]
            for head, cell in zip(block.header[1:], row[1:], strict=False):
                lines.append(f"{INDENT}{spans(head)}: {spans(cell)}")
        return lines
    cells = [[spans(c) for c in row] for row in block.rows]
    if not cells:
        return []
    widths = [max(len(r[i]) for r in cells if i < len(r)) for i in range(len(cells[0]) - 1)]
    return [
        "  ".join([*(c.ljust(w) for c, w in zip(r, widths, strict=False)), r[-1]]).rstrip()
        for r in cells
    ]


def _tree(item: TreeItem) -> list[str]:
    lines = [spans(item.spans)]

    def walk(node: TreeItem, prefix: str) -> None:
        for i, child in enumerate(node.children):
            last = i == len(node.children) - 1
            lines.append(f"{prefix}{'`-- ' if last else '|-- '}{spans(child.spans)}")
            walk(child, prefix + ("    " if last else "|   "))

    walk(item, "")
    return lines


def lines(block: Block) -> list[str]:
    if isinstance(block, Gap):
        return [""]
    if isinstance(block, Line):
        return [INDENT * block.indent + ("- " if block.bullet else "") + spans(block.spans)]
    if isinstance(block, Heading):
        return [spans(block.spans)]
    if isinstance(block, Prose):
        pad = INDENT * block.indent
        return [pad + line if line else "" for line in clean(block.text).splitlines()]
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Tree):
        return _tree(block.root)
    if isinstance(block, Marked):
        return clean(block.text).splitlines()
    if isinstance(block, Frame):
        return [spans(block.title), *(x for b in block.body for x in lines(b))]
    raise TypeError(f"no plain rendering for {type(block).__name__}")


def text(blocks: Sequence[Block]) -> str:
    out = [x for b in blocks for x in lines(b)]
    return "\n".join(out) + "\n" if out else ""
