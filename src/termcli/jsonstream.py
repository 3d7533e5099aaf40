"""Read a glossary file's ``entries`` one at a time, in bounded memory.

``json.loads`` on a 200 MB glossary builds about a gigabyte of objects before the
first entry can be looked at. Indexing a large user glossary only needs one entry at
a time, so this walks the top-level object itself and hands each element of
``entries`` to the caller as soon as it is decoded (``json``'s own C decoder does
each element). The other top-level fields are small and are returned whole.

Errors carry the same wording as the whole-file reader: invalid UTF-8 with its byte
offset, malformed JSON with line and column, duplicate keys.
"""

from __future__ import annotations

import codecs
import itertools
import json
import re
from collections.abc import Callable, Collection
from pathlib import Path

from termcli.glossary import MAX_BYTES, GlossaryError, Problem, _kind, _quote, key_path, unreadable
from termcli.jsonread import NumberTooLong, pairs_hook, parse_int

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, BinaryIO

CHUNK = 1 << 20
_WS = " \t\n\r"


class _Source:
    """A sliding window of decoded text over the file, with line and column bookkeeping."""

    def __init__(
        self, fh: BinaryIO, source: str, on_bytes: Callable[[int], None] | None = None
    ) -> None:
        self.fh = fh
        self.on_bytes = on_bytes
        self.source = source
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self.buf = ""
        self.pos = 0
        self.bytes_read = 0
        self.eof = False
        self.lines = 0
        self.col = 0
        self.dupes: list[str] = []
        self.json = json.JSONDecoder(object_pairs_hook=pairs_hook(self.dupes), parse_int=parse_int)

    def fail(self, path: str, message: str) -> GlossaryError:
        return GlossaryError([Problem(self.source, path, message)])

    def fill(self, size: int = CHUNK) -> bool:
        """Read one more chunk; False at the end of the file."""
        if self.eof:
            return False
        chunk = self.fh.read(size)
        if self.bytes_read + len(chunk) > MAX_BYTES:
            raise self.fail("$", f"over the {MAX_BYTES:,}-byte limit")
        try:
            text = self.decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as exc:
            start = self.bytes_read + exc.start - len(self.decoder.getstate()[0])
            raise self.fail("$", f"invalid UTF-8 at byte {max(start, 0)}") from None
        self.bytes_read += len(chunk)
        self.eof = not chunk
        if self.on_bytes is not None:
            self.on_bytes(self.bytes_read)
        consumed = self.buf[: self.pos]
        newlines = consumed.count("\n")
        if newlines:
            self.lines += newlines
            self.col = len(consumed) - consumed.rfind("\n") - 1
        else:
            self.col += len(consumed)
        self.buf = self.buf[self.pos :] + text
        self.pos = 0
        return True

    def where(self, index: int) -> tuple[int, int]:
        before = self.buf[:index]
        newlines = before.count("\n")
        if newlines:
            return self.lines + newlines + 1, index - before.rfind("\n")
        return self.lines + 1, self.col + index + 1

    def malformed(self, index: int, message: str) -> GlossaryError:
        line, col = self.where(index)
        return self.fail("$", f"malformed JSON at line {line}, column {col}: {message}")

    def peek(self) -> str:
        """The next non-space character, without consuming it ('' at the end)."""
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in _WS:
                self.pos += 1
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self.fill():
                return ""

    def expect(self, chars: str, what: str) -> str:
        ch = self.peek()
        if not ch or ch not in chars:
            raise self.malformed(self.pos, f"Expecting {what}")
        self.pos += 1
        return ch

    def value(self, path: str) -> Any:
        """Decode the next JSON value, reading more of the file while it is incomplete."""
        return self.value_and_text(path)[0]

    def value_and_text(self, path: str) -> tuple[Any, str]:
        """The next JSON value and the text it was decoded from."""
        self.peek()
        while True:
            try:
                obj, end = self.json.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                # Read as much again as the value has taken so far: a long value costs
                # a few re-scans, not one per chunk.
                if not self.fill(max(CHUNK, len(self.buf) - self.pos)):
                    raise self.malformed(exc.pos, exc.msg) from None
                continue
            except NumberTooLong as exc:
                raise self.fail(path, str(exc)) from None
            except RecursionError:
                raise self.fail(path, "JSON nested too deeply") from None
            if end == len(self.buf) and not self.eof and self.fill():
                continue  # a number may go on in the next chunk
            text = self.buf[self.pos : end]
            self.pos = end
            if self.dupes:
                key = self.dupes[0]
                self.dupes.clear()  # the hook holds this very list
                raise self.fail(path, f"duplicate key {_quote(key)} in an object")
            return obj, text


def stream(
    path: Path,
    source: str,
    on_entry: Callable[[int, Any, str], None],
    on_bytes: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    """Call ``on_entry(i, raw, text)`` for each element of ``entries`` (``text`` is the
    JSON it was decoded from); return the other fields.

    ``on_bytes(n)`` hears how many bytes have been read, for a progress bar. The
    returned dict holds every top-level field but ``entries`` (which maps to an
    empty list, or is absent when the file has none), ready for the usual validation.
    """
    import os

    from termcli.readfile import open_regular

    try:
        fh = os.fdopen(open_regular(path), "rb")
    except ValueError:
        raise GlossaryError([Problem(source, "$", "the name holds a NUL byte")]) from None
    except OSError as exc:
        raise unreadable(source, exc) from None
    with fh:
        src = _Source(fh, source, on_bytes)
        top: dict[str, Any] = {}
        if src.peek() != "{":
            value = src.value("$")
            raise src.fail("$", f"expected an object, found {_kind(value)}")
        src.pos += 1
        if src.peek() == "}":
            src.pos += 1
        else:
            while True:
                key = src.value("$")
                if not isinstance(key, str):
                    raise src.malformed(
                        src.pos, "Expecting property name enclosed in double quotes"
                    )
                if key in top:
                    raise src.fail("$", f"duplicate key {_quote(key)} in an object")
                src.expect(":", "':' delimiter")
                if key == "entries" and src.peek() == "[":
                    top[key] = []
                    _entries(src, on_entry)
                else:
                    top[key] = src.value(key_path("$", key))
                if src.expect(",}", "',' delimiter") == "}":
                    break
        if src.peek():
            raise src.malformed(src.pos, "Extra data")
    return top


def _entries(src: _Source, on_entry: Callable[[int, Any, str], None]) -> None:
    src.pos += 1
    if src.peek() == "]":
        src.pos += 1
        return
    for i in itertools.count():
        on_entry(i, *src.value_and_text(f"$.entries[{i}]"))
        if src.expect(",]", "',' delimiter") == "]":
            return


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+', re.S)


def locate(text: str, wanted: Collection[str]) -> dict[str, tuple[int, int]]:
    """Line and column (1-based) of the values at the JSON paths in ``wanted``.

    One linear tokenising pass, run only when ``check`` has problems to place; paths
    are spelt as the loader spells them (:func:`termcli.glossary.key_path`). A key's
    own position stands for an unknown field, so a path names where to look.
    """
    found: dict[str, int] = {}
    # Each open container: [path, is_object, next index, pending key path]
    stack: list[list[Any]] = []
    expect_key = False

    def at(path: str, offset: int) -> None:
        if path in wanted and path not in found:
            found[path] = offset

    def value_path() -> str:
        if not stack:
            return "$"
        top = stack[-1]
        if top[1]:
            return str(top[3])
        path = f"{top[0]}[{top[2]}]"
        top[2] += 1
        return str(path)

    for m in _TOKEN.finditer(text):
        tok = m.group()
        if tok in ",:":
            if tok == "," and stack and stack[-1][1]:
                expect_key = True
            continue
        if tok in "}]":
            if stack:
                stack.pop()
            expect_key = False
            continue
        if expect_key and tok.startswith('"'):
            try:
                key = json.loads(tok)
            except ValueError:
                key = tok
            stack[-1][3] = key_path(stack[-1][0], key)
            at(stack[-1][3], m.start())
            expect_key = False
            continue
        path = value_path()
        at(path, m.start())
        if tok in "{[":
            stack.append([path, tok == "{", 0, ""])
            expect_key = tok == "{"
        if len(found) == len(wanted):
            break
    return {path: _line_col(text, offset) for path, offset in found.items()}


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
