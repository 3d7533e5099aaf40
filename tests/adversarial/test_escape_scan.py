"""No escape sequence from data reaches a terminal: every command, every output mode.

Glossaries may not hold control characters any more (the loader refuses them), so the
hostile text comes in the ways that remain: a note, a query, a file name, a card.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.helpers import term

HOSTILE = "\x1b]52;c;aGk=\x07\x1b[2J\u202eevil\x9b31m"
# Rich's own sequences: colours (SGR) and the source links it draws (OSC 8, whose
# URLs were sanitized on the way in). Anything else a terminal would obey is danger.
OWN = re.compile(r"\x1b\[[0-9;]*m|\x1b\]8;[^\x1b\x07]*\x1b\\")
DANGER = re.compile(r"\x1b|\x9b|\x07|\u202e")


def dangerous(text: str) -> re.Match[str] | None:
    return DANGER.search(OWN.sub("", text))


MODES = {"plain": ("--plain",), "json": ("--json",), "rich": ()}


@pytest.fixture
def hostile(term_home: Path, tmp_path: Path) -> Path:
    assert term("note", "add", "ntr", HOSTILE).exit_code == 0
    odd = tmp_path / f"odd{HOSTILE.replace('/', '_')}.json"
    odd.write_text('{"schema_version": 1, "entries": []}')
    return odd


COMMANDS = [
    ("lookup", "ntr"),
    ("lookup", HOSTILE),
    ("lookup", "zz" + HOSTILE),
    ("related", "ntr"),
    ("related", HOSTILE),
    ("compare", "ntr", HOSTILE),
    ("search", "evil"),
    ("search", HOSTILE),
    ("faq", HOSTILE),
    ("list", "--tag", HOSTILE),
    ("gloss", "NTR " + HOSTILE),
    ("note", "list"),
    ("hide", HOSTILE),
    ("export", "ntr", "--format", "md"),
    ("export", "ntr", "--format", "csv"),
    ("note", "export", "--format", "md"),
]


@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: "-".join(x[:12] for x in a))
def test_no_escape_reaches_the_terminal(hostile: Path, args: tuple[str, ...], mode: str) -> None:
    env = {"FORCE_COLOR": "1"} if mode == "rich" else None
    extra = MODES[mode]
    if args[0] in ("export", "note") and mode == "json" and "export" in args:
        extra = ()  # documents refuse --json; their text is scanned as it is
    r = term(*args, *extra, env=env)
    for stream in (r.stdout, r.stderr):
        assert not dangerous(stream), (args, mode, stream[:300])


@pytest.mark.parametrize("mode", list(MODES))
def test_file_names_are_shown_safely(hostile: Path, mode: str) -> None:
    env = {"FORCE_COLOR": "1"} if mode == "rich" else None
    for args in (("paths",), ("check", str(hostile)), ("list",)):
        r = term("--glossary", str(hostile), *args, *MODES[mode], env=env)
        for stream in (r.stdout, r.stderr):
            assert not dangerous(stream), (args, mode, stream[:300])
