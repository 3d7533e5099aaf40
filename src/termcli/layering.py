"""The layering rules: how a later glossary file changes what an earlier one said.

Kept apart from the validator (:mod:`termcli.glossary`) so a lookup that merges its
layers' records does not import the code that checks files.
"""

from __future__ import annotations

from collections.abc import Iterable

from termcli.model import Entry

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Protocol, TypeVar

    class _HasId(Protocol):
        @property
        def id(self) -> str: ...

    R = TypeVar("R", bound=_HasId)


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
