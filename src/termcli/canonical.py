"""Entries already in their stored form, recognised in one pass.

Checking an entry field by field, as :mod:`termcli.glossary` does so that it can say
what is wrong and where, costs most of a large glossary's index build. Nearly every
entry of a real file is already canonical: known fields of the right types, text that
is clean, stripped and not empty where it must not be, slugs where slugs belong, known
ratings and relation types. :func:`canonical_entry` recognises such an entry with a
few checks over all of its text at once and decodes it as the index decodes its own
rows; anything else gets None and goes through the full checks, which say why. The
raw dict of a canonical entry is then its own stored row.
"""

from __future__ import annotations

from termcli.model import (
    ENTRY_OPTIONAL,
    ENTRY_REQUIRED,
    LONG_TEXT,
    RATINGS,
    RELATION_TYPES,
    SUMMARY_MAX,
    USAGE_LABELS,
    Entry,
    entry_from_dict,
)
from termcli.sanitize import banned
from termcli.slug import SLUG

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# How each field of an entry is shaped. The full checks in glossary._entry are the
# reference; tests/test_canonical.py holds this module to them.
_TEXT, _TEXTS, _SLUGS, _NATIVE, _RELATED, _SOURCES, _USAGE = range(7)
_SHAPES = {
    "id": _TEXT,
    "term": _TEXT,
    "definition": _TEXT,
    "summary": _TEXT,
    "rating": _TEXT,
    "literal": _TEXT,
    "origin": _TEXT,
    "avoid": _TEXT,
    "sense": _TEXT,
    "abbreviations": _TEXTS,
    "aliases": _TEXTS,
    "examples": _TEXTS,
    "keywords": _TEXTS,
    "categories": _SLUGS,
    "tags": _SLUGS,
    "native": _NATIVE,
    "related": _RELATED,
    "sources": _SOURCES,
    "usage": _USAGE,
}
_REQUIRED = frozenset(ENTRY_REQUIRED)
_FIELDS = frozenset(_SHAPES)
assert frozenset(ENTRY_OPTIONAL) | _REQUIRED == _FIELDS, (
    "every field has a shape, and only fields do"
)
_NATIVE_FIELDS = frozenset({"text", "reading", "language"})
_RELATION_FIELDS = frozenset({"id", "type", "note"})
_SOURCE_FIELDS = frozenset({"title", "url"})
_USAGE_FIELDS = frozenset({"labels", "note"})


def canonical_entry(raw: Any) -> Entry | None:
    """The entry ``raw`` holds when it is canonical; None sends it to the full checks."""
    if type(raw) is not dict or not _FIELDS.issuperset(raw) or not raw.keys() >= _REQUIRED:
        return None
    line: list[str] = []  # one-line text
    prose: list[str] = []  # text where newlines and tabs are layout
    for key, value in raw.items():
        shape = _SHAPES[key]
        if shape == _TEXT:
            if type(value) is not str:
                return None
            (prose if key in LONG_TEXT else line).append(value)
        elif shape in (_TEXTS, _SLUGS):
            if not _distinct_texts(value):
                return None
            if shape == _SLUGS and not all(SLUG.fullmatch(v) for v in value):
                return None
            (prose if key in LONG_TEXT else line).extend(value)
        elif shape == _NATIVE:
            if not _record(value, _NATIVE_FIELDS, "text", line):
                return None
        elif shape == _RELATED:
            if not _relations(value, raw["id"], line, prose):
                return None
        elif shape == _SOURCES:
            if type(value) is not list:
                return None
            for item in value:
                if not _record(item, _SOURCE_FIELDS, "title", line):
                    return None
        elif not _usage(value, line, prose):
            return None
    if not (raw["id"] and raw["term"] and raw["definition"]):
        return None
    if not SLUG.fullmatch(raw["id"]) or len(raw.get("summary", "")) > SUMMARY_MAX:
        return None
    if raw.get("rating", "general") not in RATINGS:
        return None
    if not _clean(" ".join(line), False) or not _clean(" ".join(prose), True):
        return None
    if [v.strip() for v in line] != line or [v.strip() for v in prose] != prose:
        return None
    return entry_from_dict(raw)


def _clean(text: str, multiline: bool) -> bool:
    """No character :func:`termcli.sanitize.unsafe_text` refuses. Every such character
    is unprintable, so printable text (nearly all of it) needs no pattern search."""
    return text.isprintable() or banned(multiline)(text) is None


def _distinct_texts(value: Any) -> bool:
    """A list of distinct, non-empty strings (their cleanliness is checked with the rest)."""
    return (
        type(value) is list
        and all(type(v) is str and v for v in value)
        and len(set(value)) == len(value)
    )


def _record(value: Any, fields: frozenset[str], required: str, sink: list[str]) -> bool:
    """A small object of one-line strings, ``required`` among them and not empty."""
    if type(value) is not dict or not fields.issuperset(value) or not value.get(required):
        return False
    if not all(type(v) is str for v in value.values()):
        return False
    sink += value.values()
    return True


def _relations(value: Any, own_id: Any, line: list[str], prose: list[str]) -> bool:
    if type(value) is not list:
        return False
    ids: set[str] = set()
    for item in value:
        if type(item) is not dict or not _RELATION_FIELDS.issuperset(item):
            return False
        target, kind, note = item.get("id"), item.get("type"), item.get("note", "")
        if type(target) is not str or not target or target == own_id or target in ids:
            return False
        if kind not in RELATION_TYPES or type(note) is not str:
            return False
        ids.add(target)
        line += (target, kind)
        prose.append(note)
    return True


def _usage(value: Any, line: list[str], prose: list[str]) -> bool:
    if type(value) is not dict or not _USAGE_FIELDS.issuperset(value):
        return False
    labels, note = value.get("labels"), value.get("note", "")
    if not _distinct_texts(labels) or not labels or type(note) is not str:
        return False
    if not all(label in USAGE_LABELS for label in labels):
        return False
    prose.append(note)
    return True
