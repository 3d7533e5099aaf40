"""A light base for plain records, in place of ``dataclasses``.

``dataclasses`` costs about 17 ms to import and 1 ms per class on a small machine,
which is a fifth of a lookup's whole budget; these records are ordinary classes
with ``__slots__`` and an explicit ``__init__``, and this base gives them equality,
hashing, a readable repr and cheap pickling from their slots.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, TypeVar

    R = TypeVar("R", bound="Record")


class Record:
    __slots__: tuple[str, ...] = ()

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Record) or type(other) is not type(self):
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({fields})"

    def replace(self: R, **changes: Any) -> R:
        """A copy with some fields changed (the records are treated as immutable)."""
        unknown = set(changes) - set(self.__slots__)
        if unknown:
            raise TypeError(f"{type(self).__name__} has no field {sorted(unknown)[0]!r}")
        obj = _restore(type(self), self._values())
        for name, value in changes.items():
            setattr(obj, name, value)
        return obj

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return _restore, (type(self), self._values())


def _restore(cls: type[R], values: tuple[Any, ...]) -> R:
    """Rebuild from slot values without calling ``__init__`` (its order may differ)."""
    obj = cls.__new__(cls)
    for name, value in zip(cls.__slots__, values, strict=True):
        setattr(obj, name, value)
    return obj
