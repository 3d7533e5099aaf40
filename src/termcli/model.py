"""Typed records of glossary schema v1: the only place the schema is spelled out.

Raw JSON is parsed into these once, by :mod:`termcli.glossary`; everything after
that trusts them, so the fields here are already validated and normalized.
"""

from __future__ import annotations

from termcli.record import Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

SCHEMA_VERSION = 1
RATINGS = ("general", "mature")
RELATION_TYPES = ("broader", "narrower", "variant", "contrast", "see-also")
INVERSE_RELATION = {
    "broader": "narrower",
    "narrower": "broader",
    "variant": "variant",
    "contrast": "contrast",
    "see-also": "see-also",
}
SUMMARY_MAX = 140
# The fields of an entry, required then optional.
ENTRY_REQUIRED = ("id", "term", "definition")
ENTRY_OPTIONAL = (
    "summary",
    "abbreviations",
    "aliases",
    "native",
    "literal",
    "categories",
    "tags",
    "rating",
    "origin",
    "examples",
    "related",
    "sources",
    "keywords",
    "avoid",
    "usage",
    "sense",
)
# Fields whose text is prose: newlines and tabs are layout there, not names.
LONG_TEXT = frozenset(
    {"definition", "description", "origin", "examples", "answer", "takeaway", "note", "avoid"}
)
# Words a full stop follows without ending the sentence ("e.g. a yandere").
_ABBREVIATIONS = frozenset(
    ["e.g", "i.e", "etc", "vs", "cf", "mr", "mrs", "ms", "dr", "st", "no", "approx", "ca", "viz"]
)


def first_sentence(text: str) -> str:
    """Text up to the first full stop that ends a sentence, not one after "e.g." or "Mr."."""
    import re

    for stop in re.finditer(r"\.(?=\s)", text):
        before = text[: stop.start()]
        word = before.rsplit(None, 1)[-1].lstrip("(\"'[").casefold() if before.strip() else ""
        if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            continue
        return before
    return text


# Register and status labels, after JMdict's misc tags; the data guide says when each applies.
USAGE_LABELS = (
    "slang",
    "vulgar",
    "derogatory",
    "offensive",
    "dated",
    "jocular",
    "platform-specific",
    "contested",
)


class Native(Record):
    __slots__ = ("language", "reading", "text")

    def __init__(self, text: str, reading: str = "", language: str = "") -> None:
        self.text = text
        self.reading = reading
        self.language = language


class Relation(Record):
    __slots__ = ("id", "note", "type")

    def __init__(self, id: str, type: str, note: str = "") -> None:
        self.id = id
        self.type = type
        self.note = note


class Source(Record):
    __slots__ = ("title", "url")

    def __init__(self, title: str, url: str = "") -> None:
        self.title = title
        self.url = url


class Usage(Record):
    """Register labels (from USAGE_LABELS) and what to say instead."""

    __slots__ = ("labels", "note")

    def __init__(self, labels: tuple[str, ...], note: str = "") -> None:
        self.labels = labels
        self.note = note


class Entry(Record):
    __slots__ = (
        "abbreviations",
        "aliases",
        "avoid",
        "categories",
        "definition",
        "examples",
        "id",
        "keywords",
        "literal",
        "native",
        "origin",
        "rating",
        "related",
        "sense",
        "sources",
        "summary",
        "tags",
        "term",
        "usage",
    )

    def __init__(
        self,
        id: str,
        term: str,
        definition: str,
        summary: str = "",
        abbreviations: tuple[str, ...] = (),
        aliases: tuple[str, ...] = (),
        native: Native | None = None,
        literal: str = "",
        categories: tuple[str, ...] = (),
        tags: tuple[str, ...] = (),
        rating: str = "general",
        origin: str = "",
        examples: tuple[str, ...] = (),
        related: tuple[Relation, ...] = (),
        sources: tuple[Source, ...] = (),
        keywords: tuple[str, ...] = (),
        avoid: str = "",
        usage: Usage | None = None,
        sense: str = "",
    ) -> None:
        self.id = id
        self.term = term
        self.definition = definition
        self.summary = summary
        self.abbreviations = abbreviations
        self.aliases = aliases
        self.native = native
        self.literal = literal
        self.categories = categories
        self.tags = tags
        self.rating = rating
        self.origin = origin
        self.examples = examples
        self.related = related
        self.sources = sources
        self.keywords = keywords
        self.avoid = avoid
        self.usage = usage
        self.sense = sense

    @property
    def mature(self) -> bool:
        return self.rating == "mature"

    @property
    def short(self) -> str:
        """The summary, or the definition's first sentence when a glossary has none."""
        if self.summary:
            return self.summary
        head = first_sentence(self.definition).rstrip(".")
        if len(head) > SUMMARY_MAX:
            head = head[: SUMMARY_MAX - 1].rstrip() + "…"
        return head + ("." if not head.endswith("…") else "")

    def name_kinds(self) -> tuple[tuple[str, str], ...]:
        """Every name the entry answers to as ``(kind, name)``, most canonical first.

        Kinds are term, abbreviation, alias, native and reading; this order is the
        one a tie between two names is broken in. The one list of an entry's names:
        the matcher's index and the glosser both read it.
        """
        out = [("term", self.term)]
        out += [("abbreviation", a) for a in self.abbreviations]
        out += [("alias", a) for a in self.aliases]
        if self.native is not None:
            out.append(("native", self.native.text))
            if self.native.reading:
                out.append(("reading", self.native.reading))
        return tuple(out)

    def names(self) -> tuple[str, ...]:
        """Every name the entry answers to, most canonical first."""
        return tuple(name for _, name in self.name_kinds())


class Aspect(Record):
    __slots__ = ("name", "values")

    def __init__(self, name: str, values: dict[str, str]) -> None:
        self.name = name
        self.values = values


class Distinction(Record):
    __slots__ = ("aspects", "entries", "id", "takeaway", "title")

    def __init__(
        self,
        id: str,
        title: str,
        entries: tuple[str, ...],
        aspects: tuple[Aspect, ...],
        takeaway: str = "",
    ) -> None:
        self.id = id
        self.title = title
        self.entries = entries
        self.aspects = aspects
        self.takeaway = takeaway


class Faq(Record):
    __slots__ = ("answer", "entries", "id", "question")

    def __init__(self, id: str, question: str, answer: str, entries: tuple[str, ...] = ()) -> None:
        self.id = id
        self.question = question
        self.answer = answer
        self.entries = entries


class Glossary(Record):
    """One or more glossary files merged; ``by_id`` keeps file order."""

    __slots__ = ("_inverse", "description", "distinctions", "entries", "faq", "sources", "title")

    def __init__(
        self,
        title: str,
        entries: dict[str, Entry],
        distinctions: tuple[Distinction, ...] = (),
        faq: tuple[Faq, ...] = (),
        sources: tuple[str, ...] = (),
        description: str = "",
        _inverse: dict[str, tuple[Relation, ...]] | None = None,
    ) -> None:
        self.title = title
        self.entries = entries
        self.distinctions = distinctions
        self.faq = faq
        self.sources = sources
        self.description = description
        self._inverse = _inverse

    def get(self, entry_id: str) -> Entry | None:
        return self.entries.get(entry_id)

    def relations(self, entry_id: str) -> tuple[Relation, ...]:
        """Relations written on the entry plus the implied inverses written on others."""
        if self._inverse is None:
            inverse: dict[str, list[Relation]] = {}
            for other in self.entries.values():
                for rel in other.related:
                    inverse.setdefault(rel.id, []).append(
                        Relation(other.id, INVERSE_RELATION[rel.type], rel.note)
                    )
            self._inverse = {k: tuple(v) for k, v in inverse.items()}
        entry = self.entries.get(entry_id)
        own = entry.related if entry else ()
        seen = {r.id for r in own}
        implied = tuple(r for r in self._inverse.get(entry_id, ()) if r.id not in seen)
        return own + implied

    def distinctions_for(self, entry_id: str) -> tuple[Distinction, ...]:
        return tuple(d for d in self.distinctions if entry_id in d.entries)

    def faq_for(self, entry_id: str) -> tuple[Faq, ...]:
        return tuple(f for f in self.faq if entry_id in f.entries)


def entry_to_dict(entry: Entry) -> dict[str, object]:
    """The schema-v1 form of an entry, omitting empty optional fields (the parser's inverse)."""
    out: dict[str, object] = {"id": entry.id, "term": entry.term}
    if entry.sense:
        out["sense"] = entry.sense
    if entry.abbreviations:
        out["abbreviations"] = list(entry.abbreviations)
    if entry.aliases:
        out["aliases"] = list(entry.aliases)
    if entry.native is not None:
        native = {"text": entry.native.text}
        if entry.native.reading:
            native["reading"] = entry.native.reading
        if entry.native.language:
            native["language"] = entry.native.language
        out["native"] = native
    if entry.literal:
        out["literal"] = entry.literal
    if entry.categories:
        out["categories"] = list(entry.categories)
    if entry.tags:
        out["tags"] = list(entry.tags)
    out["rating"] = entry.rating
    if entry.summary:
        out["summary"] = entry.summary
    out["definition"] = entry.definition
    if entry.origin:
        out["origin"] = entry.origin
    if entry.examples:
        out["examples"] = list(entry.examples)
    if entry.keywords:
        out["keywords"] = list(entry.keywords)
    if entry.avoid:
        out["avoid"] = entry.avoid
    if entry.usage is not None:
        usage: dict[str, object] = {"labels": list(entry.usage.labels)}
        if entry.usage.note:
            usage["note"] = entry.usage.note
        out["usage"] = usage
    if entry.related:
        out["related"] = [
            {"id": r.id, "type": r.type, **({"note": r.note} if r.note else {})}
            for r in entry.related
        ]
    if entry.sources:
        out["sources"] = [
            {"title": s.title, **({"url": s.url} if s.url else {})} for s in entry.sources
        ]
    return out


def entry_from_dict(raw: dict[str, Any]) -> Entry:
    """:func:`entry_to_dict`'s inverse, for dicts this tool wrote itself (an index row)
    or found canonical (:mod:`termcli.canonical`): trusted, so not validated again."""
    get = raw.get
    native = get("native")
    usage = get("usage")
    return Entry(
        raw["id"],
        raw["term"],
        get("definition", ""),
        get("summary", ""),
        tuple(get("abbreviations", ())),
        tuple(get("aliases", ())),
        None
        if native is None
        else Native(native["text"], native.get("reading", ""), native.get("language", "")),
        get("literal", ""),
        tuple(get("categories", ())),
        tuple(get("tags", ())),
        get("rating", "general"),
        get("origin", ""),
        tuple(get("examples", ())),
        tuple(Relation(r["id"], r["type"], r.get("note", "")) for r in get("related", ())),
        tuple(Source(x["title"], x.get("url", "")) for x in get("sources", ())),
        tuple(get("keywords", ())),
        get("avoid", ""),
        None if usage is None else Usage(tuple(usage["labels"]), usage.get("note", "")),
        get("sense", ""),
    )


def distinction_from_dict(raw: dict[str, Any]) -> Distinction:
    """:func:`distinction_to_dict`'s inverse, for this tool's own rows (trusted)."""
    return Distinction(
        raw["id"],
        raw["title"],
        tuple(raw["entries"]),
        tuple(Aspect(a["name"], dict(a["values"])) for a in raw["aspects"]),
        raw.get("takeaway", ""),
    )


def faq_from_dict(raw: dict[str, Any]) -> Faq:
    """:func:`faq_to_dict`'s inverse, for this tool's own rows (trusted)."""
    return Faq(raw["id"], raw["question"], raw["answer"], tuple(raw.get("entries", ())))


def distinction_to_dict(d: Distinction) -> dict[str, object]:
    out: dict[str, object] = {
        "id": d.id,
        "title": d.title,
        "entries": list(d.entries),
        "aspects": [{"name": a.name, "values": dict(a.values)} for a in d.aspects],
    }
    if d.takeaway:
        out["takeaway"] = d.takeaway
    return out


def faq_to_dict(f: Faq) -> dict[str, object]:
    out: dict[str, object] = {"id": f.id, "question": f.question, "answer": f.answer}
    if f.entries:
        out["entries"] = list(f.entries)
    return out
