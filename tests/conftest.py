from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parents[1]

# Property tests run a small sample by default, so the suite stays under a minute;
# HYPOTHESIS_PROFILE=thorough runs them at depth (before a release, or after touching
# the parser, the exporters or the matcher).
settings.register_profile("default", max_examples=25, deadline=None)
settings.register_profile("thorough", max_examples=500, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


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
