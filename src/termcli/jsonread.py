"""Reading JSON objects with duplicate-key detection, for every JSON reader of the tool.

Python's ``json`` keeps the last of two equal keys without a word; a glossary or a
notes export that says one thing twice is more likely a mistake than a choice, so
every reader builds its objects through :func:`pairs_hook`.
"""

from __future__ import annotations

from collections.abc import Callable

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class DuplicateKey(ValueError):
    """A key appears twice in one JSON object (raised when no list collects them)."""

    def __init__(self, key: str) -> None:
        super().__init__(f"the key {key!r} appears twice in one object")


def pairs_hook(
    dupes: list[str] | None = None,
) -> Callable[[list[tuple[str, Any]]], dict[str, Any]]:
    """An ``object_pairs_hook`` that notices repeated keys.

    With a ``dupes`` list, each repeated key is appended to it and the last value
    kept, so the caller can report every one after decoding; without one, the first
    repeat raises :class:`DuplicateKey` (a ``ValueError``) at once.
    """

    def hook(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in items:
            if key in out:
                if dupes is None:
                    raise DuplicateKey(key)
                dupes.append(key)
            out[key] = value
        return out

    return hook


# Both glossary readers (whole-file and streaming) decode through these, so they
# accept and refuse the same files.
MAX_INT_DIGITS = 4300


class NumberTooLong(ValueError):
    """An integer longer than Python converts (``sys.int_info.default_max_str_digits``)."""

    def __init__(self, digits: int) -> None:
        super().__init__(f"a number has {digits:,} digits, over the {MAX_INT_DIGITS:,} allowed")


def parse_int(text: str) -> int:
    """``parse_int`` for ``json``: a sentence instead of int()'s ValueError."""
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise NumberTooLong(len(text.lstrip("-")))
    return int(text)
