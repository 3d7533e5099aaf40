"""The installed `term` and `python -m termcli`, run as a user would, from another folder."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR")}
    full_env = {**base, **env}
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=full_env, timeout=60)


def test_installed_console_script(tmp_path: Path) -> None:
    exe = shutil.which("term", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.fail("the `term` console script is not installed next to this Python")
    r = run([exe, "lookup", "ntr", "--json"], tmp_path)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["entry"]["id"] == "netorare"
    r = run([exe, "kubernetes"], tmp_path)
    assert r.returncode == 1 and "no entry for 'kubernetes'" in r.stderr
    r = run([exe, "--help"], tmp_path)
    assert r.returncode == 0 and "lookup" in r.stdout


def test_python_dash_m(tmp_path: Path) -> None:
    r = run([sys.executable, "-m", "termcli", "yandre", "--plain"], tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("Yandere")


def test_no_color_and_pipe_give_plain_text(tmp_path: Path) -> None:
    r = run([sys.executable, "-m", "termcli", "tsundere"], tmp_path, NO_COLOR="1", FORCE_COLOR="1")
    assert "╭" in r.stdout and "Tsundere" in r.stdout  # NO_COLOR keeps the layout
    assert not re.search(r"\x1b\[[0-9;]*(3[0-9]|9[0-7]|38;)", r.stdout), "no colour codes"
    r = run([sys.executable, "-m", "termcli", "tsundere"], tmp_path)
    assert "\x1b" not in r.stdout and r.stdout.startswith("Tsundere")  # a pipe stays plain
    r = run([sys.executable, "-m", "termcli", "tsundere"], tmp_path, FORCE_COLOR="1")
    assert "\x1b[" in r.stdout and "╭" in r.stdout
