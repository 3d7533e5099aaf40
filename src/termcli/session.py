"""One run of ``term``: its options, settings, glossary, notes and output.

Everything is loaded on first use, so a command pays only for what it touches: a
lookup never opens the notes database when it does not exist, and ``term paths``
never parses a glossary.
"""

from __future__ import annotations

import os
from functools import cached_property, partial
from pathlib import Path

from termcli import paths
from termcli.commandline import Options
from termcli.errors import TermError
from termcli.output import Output

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from termcli.index import DiskIndex
    from termcli.keyindex import KeyIndex, MemoryIndex
    from termcli.model import Distinction, Entry, Faq, Glossary
    from termcli.notes import Note, NoteStore
    from termcli.search import Outcome
    from termcli.textindex import TextHit, TextIndex

HIDE_ENV = "TERMCLI_HIDE_MATURE"


class ConfigError(TermError):
    """The config file cannot be used; the message is one sentence naming it."""


CONFIG_MAX = 64 << 10
PATH_MAX = 4096
NAME_MAX = 255


def read_config() -> dict[str, Any]:
    """The settings, checked; a ConfigError for anything unusable.

    The file is read only up to :data:`CONFIG_MAX` bytes: tomllib is quadratic on a
    key of many dotted parts and recursive on nested arrays, and no settings file
    needs more.
    """
    from termcli.readfile import TooLarge, read_limited

    path = paths.config_file()
    try:
        data = read_limited(path, CONFIG_MAX)
    except (FileNotFoundError, NotADirectoryError):
        return {}
    except TooLarge:
        raise ConfigError(
            f"the config file {path} is over {CONFIG_MAX // 1024} KiB; a settings file is smaller"
        ) from None
    except OSError as exc:
        raise ConfigError(f"cannot read the config file {path} ({exc.strerror})") from None
    import tomllib

    try:
        config = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"the config file {path} is not valid TOML ({exc})") from None
    except RecursionError:
        raise ConfigError(f"the config file {path} is nested too deeply") from None
    except ValueError as exc:  # an integer of more than 4,300 digits
        raise ConfigError(
            f"the config file {path} has a value Python cannot read ({exc})"
        ) from None
    known = {"hide_mature": bool, "glossaries": list, "pager": bool, "hide": list}
    for key, value in config.items():
        if key not in known:
            raise ConfigError(f"the config file {path} has an unknown setting {key!r}")
        if not isinstance(value, known[key]):
            raise ConfigError(f"the config file {path}: {key} must be a {known[key].__name__}")
    for item in config.get("glossaries", []):
        if not isinstance(item, str):
            raise ConfigError(f"the config file {path}: glossaries must list file paths as strings")
    return config


def glossary_path(text: str | Path, base: Path | None, where: str) -> Path:
    """A glossary path the system can open: ``~user`` expanded, no NUL byte, no name
    longer than the system allows. ``where`` says who named it, for the message."""
    raw = str(text)
    shown = raw if len(raw) <= 80 else raw[:60] + "…"
    if "\0" in raw:
        raise ConfigError(f"{where} names a glossary path with a NUL byte ({shown!r})")
    try:
        path = Path(raw).expanduser()
    except RuntimeError:
        raise ConfigError(f"{where} names a glossary under an unknown user ({shown!r})") from None
    if base is not None:
        path = base / path
    encoded = os.fsencode(path)
    if len(encoded) > PATH_MAX or any(len(os.fsencode(part)) > NAME_MAX for part in path.parts):
        raise ConfigError(f"{where} names a glossary path too long for the system ({shown!r})")
    return path


def check_query(query: str) -> None:
    """Refuse a query longer than any name, before ranking spends time on it."""
    from termcli.scores import MAX_QUERY

    if len(query) > MAX_QUERY:
        from termcli.errors import UsageError

        raise UsageError(
            f"the query is {len(query):,} characters; the limit is {MAX_QUERY}"
            " (to explain a long text, use `term gloss`)"
        )


def _truthy(value: str) -> bool | None:
    value = value.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    return None


def _pager_allowed(options: Options) -> bool:
    return not options.no_pager and bool(read_config().get("pager", True))


class Session:
    def __init__(self, options: Options) -> None:
        self.options = options
        self._entry_words: dict[str, frozenset[str]] = {}
        self._entry_glossaries: dict[str, Glossary] = {}
        self.bulk = False  # many lookups in one run (lookup --batch)
        self.output = Output(
            json_mode=options.json, plain_mode=options.plain, pager=partial(_pager_allowed, options)
        )

    def close(self) -> None:
        """Release the notes database, if this run opened it."""
        notes = self.__dict__.get("notes")
        if notes is not None:
            notes.close()

    @cached_property
    def config(self) -> dict[str, Any]:
        return read_config()

    @cached_property
    def hide_mature(self) -> bool:
        if self.options.hide_mature is not None:
            return self.options.hide_mature
        env = os.environ.get(HIDE_ENV)
        if env is not None:
            value = _truthy(env)
            if value is None:
                raise ConfigError(f"${HIDE_ENV} must be 1 or 0, not {env!r}")
            return value
        return bool(self.config.get("hide_mature", False))

    @cached_property
    def _glossary_files(self) -> list[Path]:
        """User glossaries in layering order: the config folder (by name), config list, then --glossary."""
        folder = paths.glossaries_dir()
        found = sorted(folder.glob("*.json")) if folder.is_dir() else []
        base = paths.config_dir()
        where = f"the config file {paths.config_file()}"
        listed = [glossary_path(p, base, where) for p in self.config.get("glossaries", [])]
        given = [glossary_path(p, None, "--glossary") for p in self.options.glossaries]
        return [*found, *listed, *given]

    def glossary_files(self) -> list[Path]:
        return self._glossary_files

    @cached_property
    def glossary(self) -> Glossary:
        """Every entry of every layer, for the commands that walk them all, read from
        the layers' indexes: a large user glossary's JSON is parsed once, when its
        index is built, not on every run."""
        if not self.glossary_files():
            return self.bundled
        from termcli.layering import merge_layers

        return merge_layers(self.bundled, self.disk_indexes)

    @cached_property
    def _bundled_state(self) -> tuple[Glossary, MemoryIndex]:
        from termcli.index import bundled_state

        return bundled_state()

    @property
    def bundled(self) -> Glossary:
        return self._bundled_state[0]

    @cached_property
    def bundled_index(self) -> DiskIndex:
        """The bundled glossary compiled like a user glossary: a lookup reads the few
        rows it needs instead of loading every entry, however large the glossary grows."""
        from termcli.index import open_index

        # No note when the cache cannot be written: the bundled glossary is then simply
        # read from the package, as it always can be.
        return open_index(paths.bundled_glossary(), set, None, None)

    def _note(self, sentence: str) -> None:
        self.output.error(f"note: {sentence}")

    def layers(self) -> list[DiskIndex]:
        """Every compiled layer, bundled first."""
        return [self.bundled_index, *self.disk_indexes]

    @cached_property
    def index(self) -> KeyIndex:
        """What lookups search: every layer's compiled index, or for many lookups in one
        run (``bulk``), the bundled glossary's keys loaded once into memory."""
        from termcli.keyindex import LayeredIndex

        bundled: KeyIndex = self._bundled_state[1] if self.bulk else self.bundled_index
        if not self.glossary_files():
            return bundled
        return LayeredIndex([bundled, *self.disk_indexes])

    @cached_property
    def disk_indexes(self) -> list[DiskIndex]:
        from termcli.index import open_index
        from termcli.render import progress_reporter

        out: list[DiskIndex] = []
        for path in self.glossary_files():
            try:
                big = path.is_file() and path.stat().st_size > 2_000_000
            except OSError:
                big = False  # open_index says why the file cannot be read
            report = progress_reporter(path.name) if big else None
            ids = partial(self._ids_below, tuple(out))
            out.append(open_index(path, ids, report, self._note))
        return out

    def _ids_below(self, layers: tuple[DiskIndex, ...]) -> set[str]:
        """Ids a user glossary may refer to: the bundled ones and earlier layers'."""
        ids = set(self.bundled_index.ids())
        for layer in layers:
            ids |= layer.ids()
        return ids

    @cached_property
    def extras(self) -> tuple[tuple[Distinction, ...], tuple[Faq, ...]]:
        """Every layer's distinctions and FAQ, layered once per run."""
        from termcli.layering import layer_by_id

        extras = [layer.extras() for layer in self.layers()]
        return layer_by_id(d for d, _ in extras), layer_by_id(f for _, f in extras)

    def entry_glossary(self, entry_id: str) -> Glossary:
        """A glossary holding what an entry's card shows, read from the layers' indexes
        without loading every entry: the entry, what it relates to and what relates to
        it, merged across the layers, with the distinctions and FAQ of every layer."""
        cached = self._entry_glossaries.get(entry_id)
        if cached is not None:
            return cached
        from termcli.layering import merge_entry
        from termcli.model import Glossary

        layers = self.layers()
        wanted = {entry_id: None}  # in file order: the card lists relations as written
        for layer in layers:
            e = layer.entry(entry_id)
            if e is not None:
                wanted.update(dict.fromkeys(r.id for r in e.related))
            wanted.update(dict.fromkeys(src for src, _, _ in layer.relations_to(entry_id)))
        distinctions, faq = self.extras
        for d in distinctions:
            if entry_id in d.entries:
                wanted.update(dict.fromkeys(d.entries))
        entries: dict[str, Entry] = {}
        for layer in layers:
            for wanted_id in wanted:
                e = layer.entry(wanted_id)
                if e is not None:
                    prior = entries.get(wanted_id)
                    entries[wanted_id] = merge_entry(prior, e) if prior else e
        title = self.bundled_index.title
        g = Glossary(title, entries, distinctions, faq, tuple(str(x.source) for x in layers))
        self._entry_glossaries[entry_id] = g
        return g

    @cached_property
    def text_indexes(self) -> list[TextIndex] | None:
        """One full-text index per layer, bundled first; None when one cannot be had
        (a cache that cannot be written): then search scans the entries in memory."""
        from termcli.textindex import contexts, open_text_index

        def bundled() -> tuple[Any, dict[str, list[str]]]:
            g = self.bundled
            return g.entries.values(), contexts(g.distinctions, g.faq)

        out = [open_text_index(paths.bundled_glossary(), bundled)]
        for layer in self.disk_indexes:

            def user(layer: DiskIndex = layer) -> tuple[Any, dict[str, list[str]]]:
                return layer.entries(), contexts(*layer.extras())

            out.append(open_text_index(layer.source, user))
        if any(index is None for index in out):
            return None
        return [index for index in out if index is not None]

    def text_search(self, text: str, limit: int) -> list[TextHit]:
        """Entries by the words they hold, BM25 across every layer; the mature filter
        applied. A later layer's hit for the same id replaces an earlier one's."""
        from termcli.textindex import Query

        indexes = self.text_indexes
        if indexes is None:
            return []
        query = Query.parse(text, self.synonyms)
        from termcli.textindex import ranking

        best: dict[str, TextHit] = {}
        for index in indexes:
            for hit in index.search(query, limit, self.hides_id):
                best[hit.id] = hit
        return sorted(best.values(), key=ranking)[:limit]

    @cached_property
    def synonyms(self) -> dict[str, tuple[str, ...]]:
        """The bundled map extended by each user layer in order: a layer's expansions of
        a key follow the earlier ones (each once), and a key it alone has is added."""
        from termcli.meaning import SYNONYMS

        return _extended(dict(SYNONYMS), self.file_synonyms)

    @cached_property
    def file_synonyms(self) -> dict[str, tuple[str, ...]]:
        """What the user glossaries' own ``synonyms`` say, layered in order: what an
        export writes (the bundled map lives in code and goes with the tool)."""
        merged: dict[str, tuple[str, ...]] = {}
        for layer in self.disk_indexes:
            _extended(merged, layer.synonyms())
        return merged

    @cached_property
    def notes(self) -> NoteStore:
        from termcli.notes import NoteStore

        return NoteStore(paths.notes_db())

    def notes_for(self, entry_id: str) -> list[Note]:
        if not os.path.lexists(paths.notes_db()):
            return []  # spares a lookup the sqlite3 import; lexists: a dangling link is an error
        return self.notes.list(entry_id)

    @cached_property
    def block_rules(self) -> list[str]:
        """The block list in force: config, then $TERMCLI_HIDE, then --hide."""
        from termcli import blocklist

        saved = [blocklist.normalized(str(r)) for r in self.config.get("hide", [])]
        env = blocklist.from_env(os.environ.get(blocklist.ENV))
        given = [blocklist.normalized(r) for r in self.options.hide]
        return list(dict.fromkeys((*saved, *env, *given)))

    def is_hidden(self, entry: Entry) -> bool:
        """Hidden by the mature filter or by the block list."""
        from termcli import blocklist

        return (self.hide_mature and entry.mature) or blocklist.blocks(entry, self.block_rules)

    def hides_id(self, entry_id: str) -> bool:
        """Whether the filters hide one entry, reading only its rows in each layer."""
        if not self.hide_mature and not self.block_rules:
            return False
        if "_hidden" in self.__dict__:
            return entry_id in self._hidden
        entry = self.entry(entry_id)
        return entry is not None and self.is_hidden(entry)

    def entry(self, entry_id: str) -> Entry | None:
        """One entry merged across the layers, reading only its rows."""
        if "glossary" in self.__dict__:
            return self.glossary.entries.get(entry_id)
        from termcli.layering import merge_entry

        entry: Entry | None = None
        for layer in self.layers():
            e = layer.entry(entry_id)
            if e is not None:
                entry = merge_entry(entry, e) if entry else e
        return entry

    def hidden(self) -> set[str]:
        return self._hidden

    @cached_property
    def _hidden(self) -> set[str]:
        """Every id the filters hide; the filters do not change during a run, so once."""
        if not self.hide_mature and not self.block_rules:
            return set()
        return {e.id for e in self.glossary.entries.values() if self.is_hidden(e)}

    def visible(self) -> list[Entry]:
        hidden = self.hidden()
        return [e for e in self.glossary.entries.values() if e.id not in hidden]

    def resolve(self, query: str) -> Outcome:
        check_query(query)
        from termcli.search import lookup

        return lookup(
            self.index,
            query,
            hidden=self.hides_id,
            entry_words=self.entry_words,
            exact=self.options.exact,
        )

    def entry_words(self, entry_id: str) -> frozenset[str]:
        words = self._entry_words.get(entry_id)
        if words is None:
            from termcli.search import context_words

            words = context_words(self.entry_glossary(entry_id), entry_id)
            self._entry_words[entry_id] = words
        return words


def _extended(
    merged: dict[str, tuple[str, ...]], more: dict[str, tuple[str, ...]]
) -> dict[str, tuple[str, ...]]:
    for key, words in more.items():
        merged[key] = tuple(dict.fromkeys((*merged.get(key, ()), *words)))
    return merged
