"""The one-pass check for canonical entries agrees with the full, field-by-field checks.

The full checks (glossary._entry) are the reference: whatever the quick check accepts,
they must accept too and read as the same record, and the raw dict must decode to that
record as a stored index row does. Entries that are canonical by construction must be
recognised, or the quick path would be dead code that only looks fast.
"""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from termcli.canonical import canonical_entry
from termcli.glossary import _entry, _Reader
from termcli.model import RATINGS, RELATION_TYPES, USAGE_LABELS, entry_from_dict

_WORD = st.text(alphabet="abcdefghij", min_size=1, max_size=6)
_SLUG = st.lists(_WORD, min_size=1, max_size=3).map("-".join)
_LINE = st.lists(_WORD, min_size=1, max_size=4).map(" ".join)
_PROSE = st.lists(_LINE, min_size=1, max_size=3).map("\n".join)
_DISTINCT = st.lists(_LINE, max_size=3, unique=True)


@st.composite
def canonical_raw(draw: st.DrawFn) -> dict[str, object]:
    """A valid entry with every value already clean and stripped."""
    raw: dict[str, object] = {"id": draw(_SLUG), "term": draw(_LINE), "definition": draw(_PROSE)}
    optional: dict[str, st.SearchStrategy[object]] = {
        "summary": _LINE,
        "rating": st.sampled_from(RATINGS),
        "literal": _LINE,
        "origin": _PROSE,
        "avoid": _PROSE,
        "sense": _LINE,
        "abbreviations": _DISTINCT,
        "aliases": _DISTINCT,
        "examples": st.lists(_PROSE, max_size=2, unique=True),
        "keywords": _DISTINCT,
        "categories": st.lists(_SLUG, max_size=2, unique=True),
        "tags": st.lists(_SLUG, max_size=2, unique=True),
        "native": st.fixed_dictionaries({"text": _LINE}, optional={"reading": _LINE}),
        "sources": st.lists(
            st.fixed_dictionaries({"title": _LINE}, optional={"url": _LINE}), max_size=2
        ),
        "usage": st.fixed_dictionaries(
            {"labels": st.lists(st.sampled_from(USAGE_LABELS), min_size=1, unique=True)},
            optional={"note": _PROSE},
        ),
    }
    for key in draw(st.lists(st.sampled_from(sorted(optional)), unique=True)):
        raw[key] = draw(optional[key])
    targets = draw(st.lists(_SLUG, max_size=3, unique=True))
    if targets and raw["id"] not in targets:
        raw["related"] = [{"id": t, "type": draw(st.sampled_from(RELATION_TYPES))} for t in targets]
    return raw


# What can go wrong with a string: whitespace to strip, emptiness, a control
# character, a bidi override, a lone surrogate, a newline in a one-line field, a
# value no slug, rating, type or label allows.
_SPOILS = [" {}", "{} ", "", "\t", "{}\x1b", "{}\u202e", "{}\ud800", "{}\nx", "No-{}", "cousin"]
_WRONG = [None, 1, True, 1.5, {}, [], [1], {"text": ""}]


def _leaves(value: object, path: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    """The path to every string inside ``value``."""
    if isinstance(value, str):
        return [path]
    items = value.items() if isinstance(value, dict) else enumerate(value)  # type: ignore[attr-defined]
    return [leaf for k, v in items for leaf in _leaves(v, (*path, k))]


def spoiled(raw: dict[str, object]) -> list[object]:
    """Every way of spoiling ``raw`` once: each string spoiled each way, each field of
    the wrong type or dropped, each list with a duplicate, an unknown field, no object."""
    import copy

    out: list[object] = [[raw], "entry"]
    for *parents, last in _leaves(raw):
        for spoil in _SPOILS:
            variant = copy.deepcopy(raw)
            holder: object = variant
            for key in parents:
                holder = holder[key]  # type: ignore[index]
            holder[last] = spoil.format(holder[last])  # type: ignore[index]
            out.append(variant)
    for key in [*raw, "unknown", "Term"]:
        out += [{**raw, key: wrong} for wrong in _WRONG]
        out.append({k: v for k, v in raw.items() if k != key})
        value = raw.get(key)
        if isinstance(value, list) and value:
            out.append({**raw, key: [*value, value[0]]})
    return out


def _full(raw: object):  # type: ignore[no-untyped-def]
    reader = _Reader("test")
    entry = _entry(reader, raw, "$.entries[0]")
    return entry, reader.problems


@given(canonical_raw())
def test_canonical_entries_are_recognised_and_read_as_the_full_checks_read_them(
    raw: dict[str, object],
) -> None:
    entry = canonical_entry(raw)
    full, problems = _full(raw)
    assert problems == []
    assert entry is not None
    assert entry == full
    assert entry_from_dict(json.loads(json.dumps(raw))) == entry  # raw is its own stored row


@given(canonical_raw())
def test_whatever_the_quick_check_accepts_the_full_checks_accept_as_the_same_entry(
    raw: dict[str, object],
) -> None:
    for variant in spoiled(raw):
        entry = canonical_entry(variant)
        full, problems = _full(variant)
        if entry is not None:
            assert problems == [], variant
            assert entry == full, variant


def test_a_spoiled_value_is_left_to_the_full_checks() -> None:
    base = {"id": "a-b", "term": "A b", "definition": "Text."}
    assert canonical_entry(base) is not None
    for key, value in [
        ("term", " A b"),
        ("summary", "x" * 141),
        ("rating", ""),
        ("aliases", ["x", "x"]),
        ("tags", ["Not a slug"]),
        ("related", [{"id": "a-b", "type": "broader"}]),
        ("related", [{"id": "c", "type": "cousin"}]),
        ("definition", "a\x1b[2Jb"),
        ("term", "a\nb"),
        ("native", {"text": "x", "script": "y"}),
        ("usage", {"labels": ["made-up"]}),
        ("extra", "field"),
    ]:
        assert canonical_entry({**base, key: value}) is None, (key, value)
    assert canonical_entry({**base, "definition": "line\n\tindented"}) is not None


def test_every_refused_character_is_unprintable() -> None:
    """The quick check skips the pattern search for printable text."""
    from termcli.sanitize import UNSAFE

    assert not any(chr(o).isprintable() for o in (*UNSAFE, *range(0xD800, 0xE000)))
