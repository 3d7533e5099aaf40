"""Blocks drawn with Rich: the only module that imports Rich, and only when used.

Roles become styles here (:data:`STYLES`); data reaches Rich only as ``Text`` built
from sanitized strings, so markup, emoji codes and escape sequences in a glossary or
a note print literally.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence

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

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from rich.console import RenderableType
    from rich.text import Text

STYLES = {
    "": "",
    "term": "bold cyan",
    "name": "cyan",
    "id": "dim",
    "dim": "dim",
    "strong": "bold",
    "em": "italic",
    "label": "bold magenta",
    "badge": "bold white on red",
    "key": "bold yellow",
    "good": "bold green",
    "warn": "yellow",
    "hit": "bold yellow",
}
# A compare grid needs this many columns per term; narrower terminals get it stacked.
GRID_COLUMN_MIN = 24


def text(parts: Sequence[Span]) -> Text:
    from rich.style import Style
    from rich.text import Text

    out = Text()
    for chunk, role in parts:
        if role == "badge":
            out.append(f" {clean_line(chunk).upper()} ", style=STYLES["badge"])
        elif role.startswith("link:"):
            out.append(clean_line(chunk), style=Style(color="cyan", link=clean_line(role[5:])))
        else:
            out.append(clean_line(chunk), style=STYLES[role])
    return out


class _Hanging:
    """A bullet whose wrapped lines stay under its text, not under the bullet (a table
    would do it too, but importing rich.table costs a lookup several milliseconds)."""

    def __init__(self, bullet: Text, body: Text) -> None:
        self.bullet = bullet
        self.body = body

    def __rich_console__(self, console: Any, options: Any) -> Any:
        from rich.text import Text

        indent = self.bullet.cell_len
        lines = self.body.wrap(console, max(options.max_width - indent, 10))
        for i, line in enumerate(lines):
            yield Text.assemble(self.bullet if i == 0 else " " * indent, line)


def _pad(item: RenderableType, indent: int) -> RenderableType:
    from rich.padding import Padding

    return Padding(item, (0, 0, 0, 2 * indent)) if indent else item


def _table(block: Table, width: int) -> RenderableType:
    from rich.console import Group
    from rich.table import Table as RichTable

    if block.header and block.stack:
        if width >= GRID_COLUMN_MIN * len(block.header):
            grid = RichTable(show_lines=True)
            for head in block.header:
                grid.add_column(text(head))
            for row in block.rows:
                grid.add_row(*(text(cell) for cell in row))
            return grid
        parts: list[RenderableType] = []
        for row in block.rows:
            parts += [text([]), text(row[0])]
            for head, cell in zip(block.header[1:], row[1:], strict=False):
                parts.append(_pad(text([*head, (": ", ""), *cell]), 1))
        return Group(*parts)
    table = RichTable(show_header=False, box=None, padding=(0, 2, 0, 0))
    for _ in block.rows[0] if block.rows else ():
        table.add_column(overflow="fold")
    for row in block.rows:
        table.add_row(*(text(cell) for cell in row))
    return table


def _tree(item: TreeItem) -> RenderableType:
    from rich.tree import Tree as RichTree

    root = RichTree(text(item.spans))

    def walk(node: TreeItem, branch: RichTree) -> None:
        for child in node.children:
            walk(child, branch.add(text(child.spans)))

    walk(item, root)
    return root


def renderable(block: Block, width: int) -> RenderableType:
    from rich.text import Text

    if isinstance(block, Gap):
        return Text()
    if isinstance(block, Line):
        if not block.bullet:
            return _pad(text(block.spans), block.indent)
        return _pad(_Hanging(text([("• ", "dim")]), text(block.spans)), block.indent)
    if isinstance(block, Heading):
        return text(block.spans)
    if isinstance(block, Prose):
        return _pad(Text(clean(block.text)), block.indent)
    if isinstance(block, Table):
        return _table(block, width)
    if isinstance(block, Tree):
        return _tree(block.root)
    if isinstance(block, Marked):
        out = Text(clean(block.text))
        for start, end in block.marks:
            out.stylize("bold reverse yellow", start, end)
        return out
    if isinstance(block, Frame):
        from rich.console import Group
        from rich.panel import Panel

        inner = max(width - 4, 20)
        return Panel(
            Group(*(renderable(b, inner) for b in block.body)),
            title=text(block.title),
            title_align="left",
            border_style="cyan",
            padding=(0, 1),
        )
    raise TypeError(f"no Rich rendering for {type(block).__name__}")


def group(blocks: Sequence[Block], width: int) -> RenderableType:
    from rich.console import Group

    return Group(*(renderable(b, width) for b in blocks))


def progress_reporter(label: str) -> Callable[[int, int], None] | None:
    """A progress bar on stderr while a large glossary is indexed.

    ``report(done, total)`` counts bytes read; ``done > total`` means finished (or
    failed), and the bar is then removed, so the answer prints on a clean line. None
    when stderr is not a terminal.
    """
    if not sys.stderr.isatty():
        return None
    state: dict[str, Any] = {}

    def report(done: int, total: int) -> None:
        if done > total:
            if "bar" in state:
                state.pop("bar").stop()
            return
        if "bar" not in state:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                Progress,
                TaskProgressColumn,
                TextColumn,
                TimeElapsedColumn,
            )

            bar = Progress(
                TextColumn(f"Indexing {clean_line(label)} (first use)"),
                BarColumn(),
                TaskProgressColumn(),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            bar.start()
            state["bar"], state["task"] = bar, bar.add_task("index", total=max(total, 1) * 1.05)
        state["bar"].update(state["task"], completed=done)

    return report
