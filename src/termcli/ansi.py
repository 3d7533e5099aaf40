"""Cards drawn for a terminal without Rich: frames, lines, headings and prose.

Importing Rich costs a lookup about two and a half times the interpreter's own
start-up, more than the rest of the lookup; an entry's card is made only of these
simple blocks, so it is drawn here, with the same roles (:data:`termcli.render.STYLES`),
box and wrapping as Rich gives it. Views with tables or trees still go to
:mod:`termcli.render`. Every data string passes through :mod:`termcli.sanitize`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from itertools import pairwise

from termcli.blocks import Block, Frame, Gap, Heading, Line, Prose, Span
from termcli.render import STYLES
from termcli.sanitize import clean, clean_line

_SIMPLE = (Gap, Line, Heading, Prose)
_SGR = {"bold": "1", "dim": "2", "italic": "3", "underline": "4", "reverse": "7"}
_COLOURS = ("black", "red", "green", "yellow", "blue", "magenta", "cyan", "white")
BORDER = "cyan"

# A run of text with its SGR parameters ("" for none) and a link target.
Run = tuple[str, str, str]


def drawable(blocks: Sequence[Block]) -> bool:
    """Whether every block is one this module draws (a frame of simple blocks counts)."""
    return all(
        isinstance(b, _SIMPLE)
        or (isinstance(b, Frame) and all(isinstance(x, _SIMPLE) for x in b.body))
        for b in blocks
    )


def sgr(style: str, colour: bool) -> str:
    """SGR parameters for a Rich style string such as ``bold white on red``; without
    ``colour`` (NO_COLOR) only the attributes stay."""
    codes: list[str] = []
    words = style.split()
    for i, word in enumerate(words):
        if word in _SGR:
            codes.append(_SGR[word])
        elif word in _COLOURS and colour:
            background = i > 0 and words[i - 1] == "on"
            codes.append(str((40 if background else 30) + _COLOURS.index(word)))
    return ";".join(codes)


def cells(text: str) -> int:
    """Terminal columns ``text`` takes: wide East Asian characters two, marks none."""
    if text.isascii():
        return len(text)
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def _runs(parts: Sequence[Span], colour: bool) -> list[Run]:
    out: list[Run] = []
    for chunk, role in parts:
        if role == "badge":
            out.append((f" {clean_line(chunk).upper()} ", sgr(STYLES["badge"], colour), ""))
        elif role.startswith("link:"):
            out.append((clean_line(chunk), sgr("cyan", colour), clean_line(role[5:])))
        else:
            out.append((clean_line(chunk), sgr(STYLES[role], colour), ""))
    return out


def _wrap(runs: list[Run], width: int) -> list[list[Run]]:
    """Word-wrap styled runs to ``width`` columns as Rich does: a word that does not fit
    moves to the next line with its trailing spaces, a word longer than a line is cut
    into pieces, and only the whitespace past the width is dropped."""
    width = max(width, 1)
    text = "".join(t for t, _, _ in runs)
    breaks = [0, *_breaks(text, width), len(text)]
    lines = []
    for start, end in pairwise(breaks):
        piece = text[start:end]
        excess = len(piece) - width  # Rich counts characters here, not columns
        if excess > 0:
            end -= min(len(piece) - len(piece.rstrip()), excess)
        lines.append(_crop(_slice(runs, start, end), width, pad=False))
    return lines


_WORD = re.compile(r"\s*\S+\s*")


def _breaks(text: str, width: int) -> list[int]:
    """Where Rich breaks ``text`` (its ``divide_line``, folding long words)."""
    out: list[int] = []
    offset = 0
    for m in _WORD.finditer(text):
        start, word = m.start(), m.group()
        length = cells(word.rstrip())
        if width - offset >= length:
            offset += cells(word)
        elif length > width:
            chunks = _chop(word, width)
            for i, chunk in enumerate(chunks):
                if start:
                    out.append(start)
                if i == len(chunks) - 1:
                    offset = cells(chunk)
                else:
                    start += len(chunk)
        elif offset and start:
            out.append(start)
            offset = cells(word)
    return out


def _chop(word: str, width: int) -> list[str]:
    """``word`` in pieces of at most ``width`` columns."""
    pieces: list[str] = []
    current, used = "", 0
    for ch in word:
        size = cells(ch)
        if current and used + size > width:
            pieces.append(current)
            current, used = "", 0
        current += ch
        used += size
    return [*pieces, current]


def _slice(runs: list[Run], start: int, end: int) -> list[Run]:
    out: list[Run] = []
    at = 0
    for text, style, link in runs:
        lo, hi = max(start - at, 0), min(end - at, len(text))
        if lo < hi:
            out.append((text[lo:hi], style, link))
        at += len(text)
    return out


def _crop(line: list[Run], width: int, pad: bool = True) -> list[Run]:
    """The runs cut to ``width`` columns, as a title is in a box's top edge; with
    ``pad``, a wide character that no longer fits leaves a space."""
    out: list[Run] = []
    used = 0
    for text, style, link in line:
        room = width - used
        if cells(text) > room:
            head = _chop(text, room)[0] if room > 0 else ""
            if cells(head) > room:
                head = ""
            fill = " " * (room - cells(head)) if pad else ""
            if head or fill:
                out.append((head + fill, style, link))
            break
        out.append((text, style, link))
        used += cells(text)
    return out


def _paint(line: list[Run]) -> str:
    merged: list[Run] = []
    for run in line:
        if merged and merged[-1][1:] == run[1:]:
            merged[-1] = (merged[-1][0] + run[0], *run[1:])
        else:
            merged.append(run)
    out = []
    for text, style, link in merged:
        piece = f"\x1b[{style}m{text}\x1b[0m" if style else text
        if link:
            piece = f"\x1b]8;;{link}\x1b\\{piece}\x1b]8;;\x1b\\"
        out.append(piece)
    return "".join(out)


def _width(line: list[Run]) -> int:
    return sum(cells(text) for text, _, _ in line)


def _lines(block: Block, width: int, colour: bool) -> list[list[Run]]:
    """A simple block as styled lines no wider than ``width``."""
    if isinstance(block, Gap):
        return [[]]
    if isinstance(block, Heading):
        return _wrap(_runs(block.spans, colour), width)
    if isinstance(block, Line):
        pad = [("  " * block.indent, "", "")] if block.indent else []
        room = width - 2 * block.indent
        if not block.bullet:
            return [pad + line for line in _wrap(_runs(block.spans, colour), room)]
        bullet = ("• ", sgr(STYLES["dim"], colour), "")
        body = _wrap(_runs(block.spans, colour), max(room - 2, 10))
        return [
            pad + ([bullet] if i == 0 else [("  ", "", "")]) + line for i, line in enumerate(body)
        ]
    if isinstance(block, Prose):
        pad = [("  " * block.indent, "", "")] if block.indent else []
        out: list[list[Run]] = []
        for para in clean(block.text).split("\n"):
            out += [pad + line for line in _wrap([(para, "", "")], width - 2 * block.indent)]
        return out
    raise TypeError(f"no terminal drawing for {type(block).__name__}")


def _frame(block: Frame, width: int, colour: bool) -> list[str]:
    """A box with the title in its top edge, as Rich's Panel draws it."""
    edge = sgr(BORDER, colour)

    def border(text: str) -> str:
        return f"\x1b[{edge}m{text}\x1b[0m" if edge else text

    inner = max(width - 4, 20)
    title = _crop([(" ", "", ""), *_runs(block.title, colour), (" ", "", "")], inner)
    top = border("╭─") + _paint(title) + border("─" * max(inner + 1 - _width(title), 0) + "╮")
    out = [top]
    for b in block.body:
        for line in _lines(b, inner, colour):
            gap = " " * max(inner - _width(line), 0)
            out.append(border("│") + " " + _paint(line) + gap + " " + border("│"))
    out.append(border("╰" + "─" * (inner + 2) + "╯"))
    return out


def draw(blocks: Sequence[Block], width: int, colour: bool = True) -> str:
    """The blocks as terminal text (``drawable`` ones only), lines ending in newlines."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Frame):
            out += _frame(block, width, colour)
        else:
            out += [_paint(line) for line in _lines(block, width, colour)]
    return "".join(line + "\n" for line in out)
