"""The layering rules: how a later glossary file changes what an earlier one said.

Kept apart from the validator (:mod:`termcli.glossary`) so a lookup that merges its
layers' records does not import the code that checks files.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from termcli.model import Entry

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Protocol, TypeVar

    class _HasId(Protocol):
        @property
        def id(self) -> str: ...

    R = TypeVar("R", bound=_HasId)

    from pathlib import Path

    from termcli.model import Distinction, Faq, Glossary

    class Layer(Protocol):
        """A compiled user glossary (:class:`termcli.index.DiskIndex`)."""

        title: str
        description: str
        source: Path

        def entries(self) -> list[Entry]: ...

        def extras(self) -> tuple[list[Distinction], list[Faq]]: ...


def merge_entry(old: Entry, new: Entry) -> Entry:
    """Layering rule: text fields the newer file sets win; lists are united, older items first."""

    def union(a: tuple[Any, ...], b: tuple[Any, ...]) -> tuple[Any, ...]:
        return a + tuple(x for x in b if x not in a)

    related = {rel.id: rel for rel in old.related}
    related.update({rel.id: rel for rel in new.related})
    return Entry(
        id=old.id,
        term=new.term,
        definition=new.definition,
        summary=new.summary or old.summary,
        abbreviations=union(old.abbreviations, new.abbreviations),
        aliases=union(old.aliases, new.aliases),
        native=new.native or old.native,
        literal=new.literal or old.literal,
        categories=union(old.categories, new.categories),
        tags=union(old.tags, new.tags),
        rating=new.rating if new.rating != "general" else old.rating,
        origin=new.origin or old.origin,
        examples=union(old.examples, new.examples),
        related=tuple(related.values()),
        sources=union(old.sources, new.sources),
        keywords=union(old.keywords, new.keywords),
        avoid=new.avoid or old.avoid,
        usage=new.usage or old.usage,
        sense=new.sense or old.sense,
    )


def layer_by_id(layers: Iterable[Iterable[R]]) -> tuple[R, ...]:
    """Layering rule for distinctions and FAQ: a record whose id an earlier layer
    already has replaces it, in the earlier record's place; new ids follow in order."""
    out: dict[str, R] = {}
    for layer in layers:
        out.update((record.id, record) for record in layer)
    return tuple(out.values())


def merge_layers(base: Glossary, layers: Sequence[Layer]) -> Glossary:
    """``base`` with the compiled user ``layers`` over it, by the rules above: what
    :func:`termcli.glossary.merge` makes of the files, read from their indexes, which
    were validated when they were built."""
    from termcli.model import Glossary

    entries = dict(base.entries)
    for layer in layers:
        for entry in layer.entries():
            prior = entries.get(entry.id)
            entries[entry.id] = merge_entry(prior, entry) if prior else entry
    extras = [layer.extras() for layer in layers]
    return Glossary(
        title=next((x.title for x in reversed(layers) if x.title), base.title),
        entries=entries,
        distinctions=layer_by_id([base.distinctions, *(d for d, _ in extras)]),
        faq=layer_by_id([base.faq, *(f for _, f in extras)]),
        sources=(*base.sources, *(str(x.source) for x in layers)),
        description=next(
            (x.description for x in reversed(layers) if x.description), base.description
        ),
    )
