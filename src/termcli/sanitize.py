"""Make data text safe to print: no control sequences, no bidi tricks.

Glossaries, notes and queries come from outside; a definition must not be able to
clear the screen, set the clipboard (OSC 52), plant a hyperlink (OSC 8) or reverse the
text that follows it (U+202E). The characters that could do so are listed once here,
and every output form takes its table from that list: the terminal shows visible
stand-ins (:func:`clean`), exported documents drop them (:func:`strip_controls`) and
JSON escapes them (:func:`json_escape`).
"""

from __future__ import annotations

from functools import lru_cache

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from typing import Any

# The one list. C0 controls (ESC among them) and DEL, C1 controls, and the bidi
# marks, embeddings, overrides and isolates.
C0 = frozenset(range(0x20)) | {0x7F}
C1 = frozenset(range(0x80, 0xA0))
BIDI = frozenset({0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)})
UNSAFE = C0 | C1 | BIDI
_KEPT = frozenset({0x09, 0x0A})  # tab and newline are layout, not commands


def _stand_in(o: int) -> str:
    if o < 0x20:
        return chr(0x2400 + o)  # ␛ for ESC and so on
    if o == 0x7F:
        return "␡"
    return "\ufffd"


_SHOWN = {o: _stand_in(o) for o in UNSAFE - _KEPT}
_STRIPPED: dict[int, None] = dict.fromkeys(UNSAFE - _KEPT)
# JSON's encoder escapes C0 itself; these it would pass raw. U+2028 and U+2029 too,
# for readers that take JSON for JavaScript.
_JSON = {o: f"\\u{o:04x}" for o in (UNSAFE - C0) | {0x7F, 0x2028, 0x2029}}


def clean(text: str) -> str:
    """Replace C0/C1 controls, DEL, ESC and bidi overrides; keep newlines and tabs."""
    return text.translate(_SHOWN)


def clean_line(text: str) -> str:
    """:func:`clean` for one-line fields: newlines and tabs become spaces too."""
    return clean(text).replace("\n", " ").replace("\t", " ")


def strip_controls(text: str) -> str:
    """Drop C0 (but newline and tab), DEL, C1 and bidi controls; CR and CRLF become LF.

    Dropped rather than replaced with stand-ins: an export is a document for
    people, and the stand-ins would only be noise there.
    """
    return text.replace("\r\n", "\n").replace("\r", "\n").translate(_STRIPPED)


def json_escape(encoded: str) -> str:
    """Escape, in text already encoded as JSON, what the encoder leaves raw but a
    terminal would obey: DEL, C1 controls, bidi controls, U+2028 and U+2029."""
    return encoded.translate(_JSON)


def is_control(ch: str) -> bool:
    """A C0 or C1 control character or DEL (tab and newline included)."""
    return ord(ch) in C0 or ord(ch) in C1


def _char_class(codes: Iterable[int]) -> str:
    return "".join(f"\\U{o:08x}" for o in sorted(codes))


_BANNED = {
    False: f"[{_char_class(UNSAFE)}\\ud800-\\udfff]",
    True: f"[{_char_class(UNSAFE - _KEPT)}\\ud800-\\udfff]",
}


@lru_cache(maxsize=2)
def banned(multiline: bool) -> Callable[[str], Any]:
    """The search that finds what :func:`unsafe_text` refuses (None when the text is fine)."""
    import re

    return re.compile(_BANNED[multiline]).search


def unsafe_text(value: str, *, multiline: bool = False) -> str:
    """Why ``value`` has no place in a glossary ('' when it is fine).

    Control characters and bidi overrides could drive a terminal or disguise text,
    and a lone surrogate cannot be written as UTF-8 at all.
    """
    m = banned(multiline)(value)
    if m is None:
        return ""
    o = ord(m.group())
    if 0xD800 <= o <= 0xDFFF:
        return f"holds a lone surrogate U+{o:04X}"
    return f"holds the control character U+{o:04X}"
