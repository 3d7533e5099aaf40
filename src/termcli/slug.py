"""Slugs: the one spelling of an id (``a-z0-9`` words joined by single hyphens).

Entry, distinction and FAQ ids are slugs; the loader checks them with :data:`SLUG`,
the table importer makes them with :func:`slugify`, and the Markdown export uses
them as anchors when they are.
"""

from __future__ import annotations

import re

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

_LATIN = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ł": "l", "þ": "th", "ı": "i"})


def is_slug(text: str) -> bool:
    return SLUG.fullmatch(text) is not None


def slugify(text: str) -> str:
    """An ASCII slug, or "" when it would silently lose letters.

    Kana is romanized (ねとられ -> netorare) and Latin letters lose their marks,
    but a word in kanji or another script has no faithful ASCII form, and a slug
    built from what is left ("寝取られ" -> "rare") would mislead.
    """
    import unicodedata

    from termcli.normalize import fold, kana_to_romaji

    text = unicodedata.normalize("NFKD", kana_to_romaji(fold(text)).translate(_LATIN))
    if any(not ch.isascii() and ch.isalnum() for ch in text):
        return ""
    ascii_only = "".join(ch for ch in text if ch.isascii()).lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-")
