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


@pytest.fixture(scope="session")
def prebuilt_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled glossary's caches (lookup index, full-text index, loaded state),
    built once per session: building them costs each test that looks anything up
    about half a second, which was most of the suite's time."""
    home = tmp_path_factory.mktemp("bundled") / "termcli-home"
    before = os.environ.get("TERMCLI_HOME")
    os.environ["TERMCLI_HOME"] = str(home)
    try:
        from termcli.commandline import Options
        from termcli.session import Session

        session = Session(Options())
        session.bundled_index.exact("ntr", False)
        assert session.text_indexes is not None
        session.bundled.entries.get("ntr")
    finally:
        if before is None:
            del os.environ["TERMCLI_HOME"]
        else:
            os.environ["TERMCLI_HOME"] = before
    return home / "cache"


@pytest.fixture(autouse=True)
def term_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> Iterator[Path]:
    """No test touches a real home: every path the tool computes lands here. The
    bundled caches are copied in (never linked: a test may damage its copy), except
    for tests marked ``cold_cache``, which see the caches built from nothing."""
    home = tmp_path / "termcli-home"
    if request.node.get_closest_marker("cold_cache") is None:
        import shutil

        shutil.copytree(request.getfixturevalue("prebuilt_cache"), home / "cache")
    monkeypatch.setenv("TERMCLI_HOME", str(home))
    for var in ("TERMCLI_HIDE_MATURE", "NO_COLOR", "FORCE_COLOR", "EDITOR", "VISUAL"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("COLUMNS", "100")
    yield home
    assert os.environ.get("TERMCLI_HOME") == str(home)
