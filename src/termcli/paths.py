"""Every user path, computed at call time so tests and ``TERMCLI_HOME`` can move them.

``TERMCLI_HOME`` puts all of the tool's files under one folder; otherwise the
platform's conventions apply (platformdirs: XDG on Linux, Application Support on
macOS, AppData on Windows).
"""

from __future__ import annotations

import os
from pathlib import Path

from termcli.record import Record

APP = "termcli"
HOME_ENV = "TERMCLI_HOME"


def _home() -> Path | None:
    value = os.environ.get(HOME_ENV, "").strip()
    return Path(value).expanduser() if value else None


def _platform(kind: str) -> Path:
    import platformdirs

    getter = {
        "data": platformdirs.user_data_path,
        "config": platformdirs.user_config_path,
        "cache": platformdirs.user_cache_path,
    }[kind]
    return Path(getter(APP, appauthor=False))


def bundled_glossary() -> Path:
    """The bundled glossary: inside the wheel, or ``data/`` in a source checkout."""
    return bundled_data("glossary.json")


def bundled_data(name: str) -> Path:
    """A data file shipped with term: inside the wheel, or ``data/`` in a source checkout."""
    here = Path(__file__).resolve().parent
    packaged = here / "data" / name
    if packaged.is_file():
        return packaged
    checkout = here.parents[1] / "data" / name
    if checkout.is_file():
        return checkout
    from importlib.resources import files

    return Path(str(files("termcli") / "data" / name))


def data_dir() -> Path:
    home = _home()
    return home / "data" if home else _platform("data")


def config_dir() -> Path:
    home = _home()
    return home / "config" if home else _platform("config")


def cache_dir() -> Path:
    home = _home()
    return home / "cache" if home else _platform("cache")


def notes_db() -> Path:
    return data_dir() / "notes.sqlite3"


def config_file() -> Path:
    return config_dir() / "config.toml"


def glossaries_dir() -> Path:
    return config_dir() / "glossaries"


def index_dir() -> Path:
    return cache_dir() / "index"


class Place(Record):
    __slots__ = ("name", "path", "why")

    def __init__(self, name: str, path: Path, why: str) -> None:
        self.name = name
        self.path = path
        self.why = why


def places() -> list[Place]:
    """What ``term paths`` shows: each location and the reason it is there."""
    home = _home()
    why = f"under ${HOME_ENV}" if home else "platform default (set $TERMCLI_HOME to move)"
    return [
        Place("notes", notes_db(), why),
        Place("config", config_file(), why),
        Place(
            "glossaries",
            glossaries_dir(),
            why + "; every *.json here is layered over the bundled glossary",
        ),
        Place("cache", cache_dir(), why),
    ]
