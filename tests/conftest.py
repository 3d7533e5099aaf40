from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def term_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """No test touches a real home: every path the tool computes lands here."""
    home = tmp_path / "termcli-home"
    monkeypatch.setenv("TERMCLI_HOME", str(home))
    for var in ("TERMCLI_HIDE_MATURE", "NO_COLOR", "FORCE_COLOR", "EDITOR", "VISUAL"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("COLUMNS", "100")
    yield home
    assert os.environ.get("TERMCLI_HOME") == str(home)
