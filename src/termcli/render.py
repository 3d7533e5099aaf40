"""Terminal output: the only module that imports Rich, and only when it is used.

:class:`Output` decides once per run between Rich (a terminal), plain text (a pipe,
``--plain``, ``NO_COLOR``, ``TERM=dumb``) and JSON. Data reaches Rich only as ``Text``
built from sanitized strings, so markup, emoji codes and escape sequences in a
glossary or a note print literally.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence

from termcli.sanitize import clean, clean_line
from termcli.views import CompareView, EntryView, TreeNode

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, TextIO

    from rich.console import Console, RenderableType
    from rich.text import Text


_JSON_UNSAFE = {
    o: f"\\u{o:04x}"
    for o in (
        *range(0x7F, 0xA0),
        0x061C,
        0x200E,
        0x200F,
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
    )
}


def json_text(data: Any, indent: int | None = None) -> str:
    """JSON that keeps non-ASCII text readable but escapes C1 controls and bidi overrides.

    The JSON encoder already escapes C0 controls (ESC among them); these are the
    characters it would otherwise pass raw to a terminal.
    """
    import json

    return json.dumps(data, ensure_ascii=False, indent=indent).translate(_JSON_UNSAFE)


def wants_rich(stream: TextIO, plain_flag: bool) -> bool:
    if plain_flag or os.environ.get("NO_COLOR", "") != "":
        return False
    if os.environ.get("TERM") == "dumb":
        return False
    if os.environ.get("FORCE_COLOR", "") not in ("", "0"):
        return True
    return stream.isatty()


class Output:
    """Where a command's result and errors go, and in which form."""

    def __init__(self, *, json_mode: bool = False, plain_mode: bool = False) -> None:
        self.json = json_mode
        self.rich = not json_mode and wants_rich(sys.stdout, plain_mode)
        self._console: Console | None = None

    def console(self) -> Console:
        if self._console is None:
            from rich.console import Console

            self._console = Console(highlight=False, emoji=False, markup=False, soft_wrap=False)
        return self._console

    def emit_json(self, data: Any) -> None:
        sys.stdout.write(json_text(data, indent=2) + "\n")

    def text(self, text: str) -> None:
        sys.stdout.write(text)

    def show(self, plain_text: Callable[[], str], rich: Callable[[], RenderableType]) -> None:
        """Print the Rich form in a terminal, the plain form elsewhere."""
        if self.rich:
            self.console().print(rich())
        else:
            sys.stdout.write(plain_text())

    def error(self, sentence: str) -> None:
        sys.stderr.write(f"term: {clean_line(sentence)}\n")

    def notice(self, sentence: str) -> None:
        """A side remark for a person: stderr, so stdout stays clean for scripts."""
        sys.stderr.write(clean(sentence) + ("" if sentence.endswith("\n") else "\n"))


def _t(text: str, style: str = "") -> Text:
    from rich.text import Text

    return Text(clean(text), style=style)


def _line(text: str, style: str = "") -> Text:
    from rich.text import Text

    return Text(clean_line(text), style=style)


def heading(view: EntryView) -> Text:
    from rich.text import Text

    e = view.entry
    out = Text()
    out.append(clean_line(e.term), style="bold cyan")
    if e.abbreviations:
        out.append(" (" + ", ".join(clean_line(a) for a in e.abbreviations) + ")", style="cyan")
    if e.native is not None:
        out.append("  " + clean_line(e.native.text), style="bold")
        if e.native.reading:
            out.append(" " + clean_line(e.native.reading), style="dim")
    if e.mature:
        out.append("  ")
        out.append(" MATURE ", style="bold white on red")
    return out


def card(view: EntryView) -> RenderableType:
    from rich.console import Group
    from rich.padding import Padding
    from rich.panel import Panel
    from rich.text import Text

    e = view.entry
    parts: list[RenderableType] = []
    if e.literal:
        parts.append(Text.assemble(("literally ", "dim"), _line(e.literal, "italic")))
    if e.summary:
        parts.append(_line(e.summary, "bold"))
    parts += [Text(), _t(e.definition)]
    if e.origin:
        parts += [Text(), Text.assemble(("Origin  ", "bold magenta"), _t(e.origin))]
    if e.examples:
        parts.append(Text())
        parts += [Text.assemble(("  • ", "dim"), _line(x, "italic")) for x in e.examples]
    if e.aliases:
        parts += [Text(), Text.assemble(("Also  ", "bold magenta"), _line(", ".join(e.aliases)))]
    facets = [*e.categories, *(f"#{t}" for t in e.tags)]
    if facets:
        parts.append(_line("  ".join(facets), "dim"))
    for d in view.distinctions:
        others = ", ".join(view.terms.get(i, i) for i in d.entries if i != e.id)
        rows = [
            Text.assemble(_line(aspect.name + ": ", "bold"), _line(aspect.values[e.id]))
            for aspect in d.aspects
            if aspect.values.get(e.id)
        ]
        if d.takeaway:
            rows.append(Text.assemble(("Takeaway: ", "bold green"), _line(d.takeaway)))
        parts += [
            Text(),
            Text.assemble(
                ("Distinction  ", "bold magenta"),
                _line(d.title),
                (f"  vs {clean_line(others)}", "dim"),
            ),
            *(Padding(row, (0, 0, 0, 2)) for row in rows),
            Text("  term compare " + " ".join(d.entries), style="dim"),
        ]
    if view.faq:
        parts += [Text(), Text("Questions", style="bold magenta")]
        for q in view.faq:
            parts.append(
                Padding(
                    Text.assemble(("Q ", "bold yellow"), _line(q.question, "bold")), (0, 0, 0, 2)
                )
            )
            parts.append(Padding(_t(q.answer), (0, 0, 0, 4)))
    if view.related:
        rel = Text()
        for i, r in enumerate(view.related):
            if i:
                rel.append(" · ", style="dim")
            rel.append(clean_line(r.term), style="cyan")
            rel.append(f" ({r.type})", style="dim")
        parts += [Text(), Text.assemble(("Related  ", "bold magenta"), rel)]
    if view.notes:
        parts += [Text(), Text("Your notes", style="bold magenta")]
        for n in view.notes:
            parts.append(
                Padding(
                    Text.assemble((f"#{n.id} {n.created[:10]}  ", "dim"), _t(n.text)), (0, 0, 0, 2)
                )
            )
    return Panel(
        Group(*parts), title=heading(view), title_align="left", border_style="cyan", padding=(0, 1)
    )


def candidates(query: str, rows: Sequence[tuple[str, str, str]]) -> RenderableType:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    table = Table(show_header=False, box=None, padding=(0, 2))
    for term, entry_id, summary in rows:
        table.add_row(_line(term, "bold cyan"), _line(entry_id, "dim"), _line(summary))
    return Group(
        Text.assemble("Several entries could match ", _line(repr(query), "bold"), ":"),
        table,
        Text("Run `term lookup` with one of these names to see it.", style="dim"),
    )


def tree(node: TreeNode) -> RenderableType:
    from rich.text import Text
    from rich.tree import Tree

    root = Tree(Text.assemble(_line(node.term, "bold cyan"), (f" [{node.id}]", "dim")))

    def walk(n: TreeNode, branch: Tree) -> None:
        for child in n.children:
            label = Text.assemble(_line(child.term, "cyan"), (f" ({child.type})", "dim"))
            if child.note:
                label.append(" " + clean_line(child.note), style="italic dim")
            walk(child, branch.add(label))

    walk(node, root)
    return root


def compare(view: CompareView) -> RenderableType:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    d = view.distinction
    if d is None:
        table = Table(
            title="No curated distinction covers these terms; their summaries", show_lines=True
        )
        table.add_column("Term", style="bold cyan", no_wrap=True)
        table.add_column("Summary")
        for e in view.entries:
            table.add_row(_line(e.term), _line(e.short))
        return table
    table = Table(title=_line(d.title, "bold"), show_lines=True)
    table.add_column("")
    for e in view.entries:
        table.add_column(_line(e.term, "bold cyan"))
    for aspect in d.aspects:
        table.add_row(
            _line(aspect.name, "bold"), *(_line(aspect.values.get(e.id, "-")) for e in view.entries)
        )
    parts: list[RenderableType] = [table]
    if d.takeaway:
        parts.append(Text.assemble(("Takeaway: ", "bold green"), _line(d.takeaway)))
    return Group(*parts)


def paragraphs(title: str, body: str, footer: str = "") -> RenderableType:
    from rich.console import Group
    from rich.text import Text

    parts: list[RenderableType] = [_line(title, "bold yellow"), Text(), _t(body)]
    if footer:
        parts += [Text(), _line(footer, "dim")]
    return Group(*parts)


def rows(table_rows: Sequence[Sequence[str]], styles: Sequence[str]) -> RenderableType:
    from rich.table import Table

    table = Table(show_header=False, box=None, padding=(0, 2, 0, 0))
    for style in styles:
        table.add_column(style=style, overflow="fold")
    for row in table_rows:
        table.add_row(*(_line(cell) for cell in row))
    return table


def highlighted(text: str, spans: Sequence[tuple[int, int]]) -> Text:
    """Text with the given character ranges highlighted (used by gloss)."""
    out = _t(text)
    for start, end in spans:
        out.stylize("bold reverse yellow", start, end)
    return out


def progress_reporter(label: str) -> Callable[[int, int], None] | None:
    """A progress bar on stderr while a large glossary is indexed.

    ``report(done, total)`` counts bytes read; the bar stays short of full until the
    index is written (``done > total`` from the caller means finished).
    None when stderr is not a terminal.
    """
    if not sys.stderr.isatty():
        return None
    state: dict[str, Any] = {}

    def report(done: int, total: int) -> None:
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
        bar = state["bar"]
        if done > total:
            bar.update(state["task"], completed=max(total, 1) * 1.05)
            bar.stop()
        else:
            bar.update(state["task"], completed=done)

    return report
