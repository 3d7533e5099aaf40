"""The styled blocks a layout is made of: what both text renderers understand.

A layout (:mod:`termcli.layout`) turns a view into these; :mod:`termcli.plain` and
:mod:`termcli.render` turn them into plain text or Rich. Styles are roles (``term``,
``dim``, ``badge``…), not colours: only the Rich renderer knows what a role looks like.
Text here is raw data; each renderer sanitizes it on the way out.
"""

from __future__ import annotations

from collections.abc import Sequence

from termcli.record import Record

Span = tuple[str, str]  # (text, role); role "" is ordinary text


class Block(Record):
    """Base of all blocks; ``err`` blocks go to stderr, as plain text, in every mode."""

    __slots__ = ("err",)
    err: bool


class Gap(Block):
    """An empty line between parts."""

    __slots__ = ()

    def __init__(self, err: bool = False) -> None:
        self.err = err


class Line(Block):
    """One logical line of spans (a terminal may wrap it), indented ``indent`` steps."""

    __slots__ = ("bullet", "indent", "spans")

    def __init__(
        self,
        spans: Sequence[Span],
        indent: int = 0,
        bullet: bool = False,
        err: bool = False,
    ) -> None:
        self.spans = tuple(spans)
        self.indent = indent
        self.bullet = bullet
        self.err = err


class Heading(Block):
    """A section title inside a card or a document."""

    __slots__ = ("spans",)

    def __init__(self, spans: Sequence[Span]) -> None:
        self.spans = tuple(spans)
        self.err = False


class Prose(Block):
    """Running text, possibly several paragraphs, indented ``indent`` steps."""

    __slots__ = ("indent", "text")

    def __init__(self, text: str, indent: int = 0) -> None:
        self.text = text
        self.indent = indent
        self.err = False


class Table(Block):
    """Rows of cells; with a ``header`` and ``stack``, it may be shown stacked:
    each row's first cell as a title, then ``header[i]: cell`` lines."""

    __slots__ = ("header", "rows", "stack")

    def __init__(
        self,
        rows: Sequence[Sequence[Sequence[Span]]],
        header: Sequence[Sequence[Span]] = (),
        stack: bool = False,
    ) -> None:
        self.rows = tuple(tuple(tuple(cell) for cell in row) for row in rows)
        self.header = tuple(tuple(cell) for cell in header)
        self.stack = stack
        self.err = False


class TreeItem(Record):
    __slots__ = ("children", "spans")

    def __init__(self, spans: Sequence[Span], children: Sequence[TreeItem] = ()) -> None:
        self.spans = tuple(spans)
        self.children = tuple(children)


class Tree(Block):
    __slots__ = ("root",)

    def __init__(self, root: TreeItem) -> None:
        self.root = root
        self.err = False


class Marked(Block):
    """A text with character ranges marked (the terms ``gloss`` found)."""

    __slots__ = ("marks", "text")

    def __init__(self, text: str, marks: Sequence[tuple[int, int]]) -> None:
        self.text = text
        self.marks = tuple(marks)
        self.err = False


class Frame(Block):
    """A titled group (an entry's card): boxed in a terminal, a title line in plain text."""

    __slots__ = ("body", "title")

    def __init__(self, title: Sequence[Span], body: Sequence[Block]) -> None:
        self.title = tuple(title)
        self.body = tuple(body)
        self.err = False
