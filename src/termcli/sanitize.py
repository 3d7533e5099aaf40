"""Make data text safe to print: no control sequences, no bidi tricks.

Glossaries, notes and queries come from outside; a definition must not be able to
clear the screen, set the clipboard (OSC 52), plant a hyperlink (OSC 8) or reverse the
text that follows it (U+202E). Every character that could do so is replaced by a
visible stand-in before the text reaches any output.
"""

from __future__ import annotations

_BIDI = {0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}


def _replacement(o: int) -> str | None:
    if o in (0x09, 0x0A):
        return None
    if o < 0x20 or o == 0x7F:
        return chr(0x2400 + o) if o < 0x20 else "␡"
    if 0x80 <= o < 0xA0:
        return "\ufffd"
    if o in _BIDI:
        return "\ufffd"
    return None


_TABLE = {
    o: r for o in (*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0), *_BIDI) if (r := _replacement(o))
}


def clean(text: str) -> str:
    """Replace C0/C1 controls, DEL, ESC and bidi overrides; keep newlines and tabs."""
    return text.translate(_TABLE)


def clean_line(text: str) -> str:
    """:func:`clean` for one-line fields: newlines and tabs become spaces too."""
    return clean(text).replace("\n", " ").replace("\t", " ")
