"""Bytes that are not UTF-8, on stdin and in argv, under a UTF-8 locale (strict stdio)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def run(
    args: list[bytes], stdin: bytes, home: Path, **env: str
) -> subprocess.CompletedProcess[bytes]:
    full = {**os.environ, "TERMCLI_HOME": str(home), "PYTHONUTF8": "0", "LC_ALL": "C.UTF-8", **env}
    return subprocess.run(
        [sys.executable.encode(), b"-m", b"termcli", *args],
        input=stdin,
        capture_output=True,
        env=full,
        timeout=60,
    )


def test_undecodable_stdin_is_read_not_a_traceback(term_home: Path) -> None:
    r = run([b"lookup", b"--batch"], b"\xff\n", term_home)
    assert b"Traceback" not in r.stderr and r.returncode in (0, 1)
    assert json.loads(r.stdout.decode())["status"] == "none"
    r = run([b"gloss", b"-"], b"\xff NTR\n", term_home)
    assert b"Traceback" not in r.stderr and r.returncode == 0
    assert "Netorare" in r.stdout.decode()


def test_undecodable_argv_is_a_query_not_a_traceback(term_home: Path) -> None:
    r = run([b"lookup", b"\xed\xa0\x80", b"--json"], b"", term_home)
    assert b"Traceback" not in r.stderr and r.returncode == 1
    assert json.loads(r.stdout.decode())["status"] == "none"


def test_a_legacy_console_gets_text_it_can_show(term_home: Path) -> None:
    for encoding in ("cp1252", "ascii"):
        r = run([b"ntr"], b"", term_home, PYTHONIOENCODING=encoding)
        assert r.returncode == 0 and b"Traceback" not in r.stderr
        assert r.stdout.startswith(b"Netorare")
        r = run([b"ntr", b"--json"], b"", term_home, PYTHONIOENCODING=encoding)
        assert json.loads(r.stdout.decode(encoding))["entry"]["native"]["text"] == "寝取られ"


def test_a_notes_export_is_private_at_umask_022(tmp_path: Path) -> None:
    import stat

    from tests.helpers import term

    term("note", "add", "ntr", "private thought")
    out = tmp_path / "notes.json"
    old = os.umask(0o022)
    try:
        assert term("note", "export", "--out", str(out)).exit_code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
