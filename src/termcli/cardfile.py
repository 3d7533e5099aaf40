"""AI character cards: the JSON that SillyTavern, Chub, Janitor and RisuAI exchange.

A card is JSON in one of three shapes: V1 puts ``name``, ``description``,
``personality``, ``scenario``, ``first_mes`` and ``mes_example`` at the top level;
V2 (``"spec": "chara_card_v2"``) and V3 (``"spec": "chara_card_v3"``) put them and
their additions under ``data``. It travels as a ``.json`` file, or inside a PNG as a
text chunk whose keyword is ``chara`` (V2) or ``ccv3`` (V3) and whose text is the
JSON, UTF-8 encoded, then base64; when both are present ``ccv3`` wins.

Everything read here is untrusted: sizes and counts are bounded before anything is
allocated, every PNG chunk's CRC is checked, and each failure is one sentence naming
the file. The text itself is kept as written (sanitising is the output's job) except
that lone surrogates, which ``json`` accepts as ``\\ud800``, become U+FFFD.
"""

from __future__ import annotations

import base64
import json
import os
import re
import stat
import struct
import zlib

from termcli.errors import TermError
from termcli.record import Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

__all__ = [
    "MAX_CARD_BYTES",
    "Card",
    "CardError",
    "CardField",
    "parse_card",
    "read_card",
]

MAX_CARD_BYTES = 32 * 1024 * 1024
"""The largest card file read, and the largest text a compressed chunk may inflate to."""
MAX_CHUNKS = 100_000
"""More chunks than this is not an avatar but an attempt to make the walk slow."""
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

_KEYWORDS = ("ccv3", "chara")  # in order of preference
_TEXT_CHUNKS = (b"tEXt", b"zTXt", b"iTXt")
_READ_BLOCK = 1 << 20
_SURROGATE = re.compile("[\ud800-\udfff]")
_SPECS = {"chara_card_v2": "v2", "chara_card_v3": "v3"}


class CardError(TermError):
    """A file that cannot be read as a character card; ``str()`` is one sentence naming it."""

    exit_code = 2


class CardField(Record):
    """One labelled piece of a card's text, e.g. ``("first message", "Hello.")``."""

    __slots__ = ("label", "text")

    def __init__(self, label: str, text: str) -> None:
        self.label = label
        self.text = text


class Card(Record):
    """A card's name, its format (``"v1"``, ``"v2"`` or ``"v3"``) and its text in reading order."""

    __slots__ = ("fields", "name", "spec")

    def __init__(self, name: str, spec: str, fields: tuple[CardField, ...]) -> None:
        self.name = name
        self.spec = spec
        self.fields = fields


def read_card(path: Path) -> Card:
    """Read a ``.png`` or ``.json`` card; a directory, device or FIFO is refused unread."""
    source = str(path)
    return parse_card(_read_bounded(path, source), source)


def parse_card(data: bytes, source: str) -> Card:
    """A card from a file's bytes: a PNG (by its signature) or else JSON.

    ``source`` names the file in error messages.
    """
    if len(data) > MAX_CARD_BYTES:
        raise _too_big(source)
    if data.startswith(PNG_SIGNATURE):
        keyword, payload = _card_chunk(data, source)
        where = f"The '{keyword}' chunk of {source}"
        obj = _load_json(_decode_base64(payload, where), where)
    else:
        obj = _load_json(_json_text(data, source), source)
    return _normalize(obj, source)


# Reading the file


def _read_bounded(path: Path, source: str) -> bytes:
    """At most MAX_CARD_BYTES + 1 bytes, whatever ``st_size`` claims."""
    try:
        _require_regular(os.stat(path), source)
        # O_NONBLOCK: should a FIFO be swapped in after the stat, opening it does not wait
        # for a writer; the fstat below then refuses it.
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
        fd = os.open(path, flags | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise CardError(f"{source} does not exist.") from None
    except OSError as exc:
        raise CardError(f"Cannot read {source}: {_reason(exc)}.") from None
    blocks: list[bytes] = []
    try:
        _require_regular(os.fstat(fd), source)
        total, limit = 0, MAX_CARD_BYTES + 1
        while total < limit:
            block = os.read(fd, min(_READ_BLOCK, limit - total))
            if not block:
                break
            blocks.append(block)
            total += len(block)
    except OSError as exc:
        raise CardError(f"Cannot read {source}: {_reason(exc)}.") from None
    finally:
        os.close(fd)
    data = b"".join(blocks)
    if len(data) > MAX_CARD_BYTES:
        raise _too_big(source)
    return data


def _require_regular(st: os.stat_result, source: str) -> None:
    mode = st.st_mode
    if stat.S_ISREG(mode):
        if st.st_size > MAX_CARD_BYTES:
            raise _too_big(source)
        return
    if stat.S_ISDIR(mode):
        what = "is a directory"
    elif stat.S_ISFIFO(mode):
        what = "is a named pipe (FIFO)"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        what = "is a device"
    elif stat.S_ISSOCK(mode):
        what = "is a socket"
    else:
        what = "is not a regular file"
    raise CardError(f"{source} {what}, not a character card file.")


def _reason(exc: OSError) -> str:
    text = exc.strerror or type(exc).__name__
    return text[:1].lower() + text[1:]


def _too_big(source: str) -> CardError:
    return CardError(f"{source} is over the {MAX_CARD_BYTES:,}-byte limit for a character card.")


# The PNG container


def _card_chunk(data: bytes, source: str) -> tuple[str, bytes]:
    """The keyword and base64 text of the preferred card chunk, every CRC checked to IEND."""
    view = memoryview(data)
    found: dict[str, tuple[bytes, bytes]] = {}
    pos = len(PNG_SIGNATURE)
    count = 0
    while True:
        if len(data) - pos < 12:
            raise CardError(f"{source} is a truncated PNG: it ends before its IEND chunk.")
        length, kind = struct.unpack_from(">I4s", data, pos)
        count += 1
        if count > MAX_CHUNKS:
            raise CardError(f"{source} is not a usable PNG: it has over {MAX_CHUNKS:,} chunks.")
        if not kind.isalpha():
            raise CardError(f"{source} is a damaged PNG: chunk {count} has no valid type.")
        name = kind.decode("ascii")
        if length > 0x7FFFFFFF or length > len(data) - pos - 12:
            raise CardError(
                f"{source} is a truncated PNG: it ends inside its '{name}' chunk (chunk {count})."
            )
        end = pos + 8 + length
        (crc,) = struct.unpack_from(">I", data, end)
        if zlib.crc32(view[pos + 4 : end]) != crc:
            raise CardError(
                f"{source} is a damaged PNG: the CRC of its '{name}' chunk (chunk {count}) "
                "does not match."
            )
        if kind == b"IEND":
            break
        if kind in _TEXT_CHUNKS:
            keyword, _, rest = data[pos + 8 : end].partition(b"\0")
            word = keyword.decode("latin-1").lower()
            if word in _KEYWORDS and word not in found:
                found[word] = (kind, rest)
        pos = end + 4
    for word in _KEYWORDS:
        if word in found:
            kind, rest = found[word]
            return word, _chunk_text(kind, rest, f"The '{word}' chunk of {source}")
    raise CardError(f"{source} has no character card in it (no 'chara' or 'ccv3' text chunk).")


def _chunk_text(kind: bytes, rest: bytes, where: str) -> bytes:
    """The text of a tEXt, zTXt or iTXt chunk after its keyword, inflated if compressed."""
    if kind == b"tEXt":
        return rest
    if kind == b"zTXt":
        if rest[:1] != b"\0":
            raise CardError(f"{where} is compressed by an unknown method.")
        return _inflate(rest[1:], where)
    flag, method = rest[:1], rest[1:2]
    _lang, sep1, after = rest[2:].partition(b"\0")
    _translated, sep2, text = after.partition(b"\0")
    if not method or not sep1 or not sep2:
        raise CardError(f"{where} is malformed.")
    if flag == b"\0":
        return text
    if flag != b"\1" or method != b"\0":
        raise CardError(f"{where} is compressed by an unknown method.")
    return _inflate(text, where)


def _inflate(raw: bytes, where: str) -> bytes:
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(raw, MAX_CARD_BYTES + 1)
    except zlib.error:
        raise CardError(f"{where} is damaged: its compressed text cannot be inflated.") from None
    if len(out) > MAX_CARD_BYTES:
        raise CardError(f"{where} inflates to over the {MAX_CARD_BYTES:,}-byte limit.")
    if not inflater.eof:
        raise CardError(f"{where} is damaged: its compressed text is cut short.")
    return out


def _decode_base64(payload: bytes, where: str) -> str:
    compact = payload.translate(None, b" \t\r\n")
    compact += b"=" * (-len(compact) % 4)  # some writers drop the padding
    try:
        raw = base64.b64decode(compact, validate=True)
    except ValueError:
        raise CardError(f"{where} is not valid base64.") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CardError(f"{where} does not decode to UTF-8 text.") from None


# The JSON


def _json_text(data: bytes, source: str) -> str:
    if not data.strip():
        raise CardError(f"{source} is empty, so it is not a character card.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = ""
    if not text.lstrip().startswith(("{", "[")):
        raise CardError(f"{source} is not a character card: it is neither a PNG nor JSON.")
    return text


def _load_json(text: str, where: str) -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CardError(
            f"{where} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}."
        ) from None
    except RecursionError:
        raise CardError(f"{where} is JSON nested too deeply to read.") from None
    except ValueError:  # an integer too long to convert
        raise CardError(f"{where} is not valid JSON: it holds a number too long to read.") from None


def _normalize(obj: object, source: str) -> Card:
    not_card = (
        f"{source} is JSON but not a character card (it has no 'name' or 'description' field)."
    )
    if not isinstance(obj, dict):
        raise CardError(not_card)
    declared = obj.get("spec")
    known = isinstance(declared, str) and declared in _SPECS
    if known or (declared is None and isinstance(obj.get("data"), dict)):
        spec = _SPECS.get(str(declared), "v2")
        data = obj.get("data")
        if not isinstance(data, dict):
            raise CardError(f"{source}: the field 'data' is {_kind(data)}, not an object.")
        read = _Reader(data, "data.", source)
    elif declared is None or declared == "chara_card_v1":
        spec = "v1"
        read = _Reader(obj, "", source)
    elif isinstance(declared, str):
        shown = declared[:40]
        raise CardError(f"{source} is a {shown!r} file, not a character card that term can read.")
    else:
        raise CardError(f"{source}: the field 'spec' is {_kind(declared)}, not a string.")
    if "name" not in read.data and "description" not in read.data:
        raise CardError(not_card)

    name = read.text("name")
    fields: list[CardField] = []

    def add(label: str, text: str) -> None:
        if text.strip():
            fields.append(CardField(label, text))

    add("name", name)
    add("nickname", read.text("nickname"))
    add("description", read.text("description"))
    add("personality", read.text("personality"))
    add("scenario", read.text("scenario"))
    add("first message", read.text("first_mes"))
    for number, greeting in enumerate(read.texts("alternate_greetings"), 1):
        add(f"alternate greeting {number}", greeting)
    for number, greeting in enumerate(read.texts("group_only_greetings"), 1):
        add(f"group greeting {number}", greeting)
    add("example messages", read.text("mes_example"))
    add("tags", ", ".join(tag for tag in read.texts("tags") if tag.strip()))
    notes = read.text("creator_notes")
    add("creator notes", notes)
    for language, text in read.translations("creator_notes_multilingual"):
        if text != notes:
            add(f"creator notes ({language})", text)
    add("system prompt", read.text("system_prompt"))
    add("post-history instructions", read.text("post_history_instructions"))
    for label, text in read.lorebook("character_book"):
        add(f"lorebook: {label}", text)
    return Card(name, spec, tuple(fields))


class _Reader:
    """Typed access to one JSON object's fields; a wrong type is a CardError naming the field.

    ``null`` counts as absent, as several editors write it for an empty field.
    """

    __slots__ = ("data", "prefix", "source")

    def __init__(self, data: dict[str, object], prefix: str, source: str) -> None:
        self.data = data
        self.prefix = prefix
        self.source = source

    def _wrong(self, path: str, value: object, expected: str) -> CardError:
        return CardError(
            f"{self.source}: the field '{self.prefix}{path}' is {_kind(value)}, not {expected}."
        )

    def text(self, key: str, obj: dict[str, object] | None = None, path: str = "") -> str:
        value = (self.data if obj is None else obj).get(key)
        if value is None:
            return ""
        if not isinstance(value, str):
            raise self._wrong(path or key, value, "a string")
        return _clean(value)

    def texts(self, key: str, obj: dict[str, object] | None = None, path: str = "") -> list[str]:
        value = (self.data if obj is None else obj).get(key)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self._wrong(path or key, value, "a list of strings")
        return [_clean(item) for item in value]

    def translations(self, key: str) -> list[tuple[str, str]]:
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise self._wrong(key, value, "an object of strings")
        return [(_clean(lang), _clean(text)) for lang, text in value.items()]

    def lorebook(self, key: str) -> list[tuple[str, str]]:
        """``(label, content)`` of each enabled entry, in the book's order."""
        book = self.data.get(key)
        if book is None:
            return []
        if not isinstance(book, dict):
            raise self._wrong(key, book, "an object")
        entries = book.get("entries")
        if entries is None:
            return []
        if not isinstance(entries, list):
            raise self._wrong(f"{key}.entries", entries, "a list")
        out: list[tuple[str, str]] = []
        for index, entry in enumerate(entries):
            at = f"{key}.entries[{index}]"
            if not isinstance(entry, dict):
                raise self._wrong(at, entry, "an object")
            enabled = entry.get("enabled")
            if enabled is not None and not isinstance(enabled, bool):
                raise self._wrong(f"{at}.enabled", enabled, "true or false")
            content = self.text("content", entry, f"{at}.content")
            keys = self.texts("keys", entry, f"{at}.keys")
            title = self.text("name", entry, f"{at}.name")
            comment = self.text("comment", entry, f"{at}.comment")
            if enabled is False:
                continue
            label = next(
                (t.strip() for t in (title, comment, *keys) if t.strip()), f"entry {index + 1}"
            )
            out.append((label, content))
        return out


def _clean(text: str) -> str:
    """Lone surrogates (valid in JSON, not in UTF-8) become U+FFFD; all else is kept."""
    return _SURROGATE.sub("\ufffd", text)


def _kind(value: object, inner: bool = True) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        if inner and value and not all(isinstance(item, str) for item in value):
            bad = next(item for item in value if not isinstance(item, str))
            return f"a list holding {_kind(bad, inner=False)}"
        return "a list"
    return "an object"
