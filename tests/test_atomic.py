"""The one atomic-write helper: modes, no-replace publishing, nothing left behind."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from termcli import atomic


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.cold_cache
@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
def test_write_atomic_is_private_by_default_and_can_keep_a_mode(tmp_path: Path) -> None:
    target = tmp_path / "f.txt"
    atomic.write_atomic(target, b"one")
    assert target.read_bytes() == b"one" and mode(target) == 0o600
    os.chmod(target, 0o640)
    atomic.write_atomic(target, b"two", keep_mode=True)
    assert target.read_bytes() == b"two" and mode(target) == 0o640
    atomic.write_atomic(target, b"three")
    assert mode(target) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["f.txt"]


def test_publish_without_replace_never_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "db"
    first, second = atomic.temp_path(target), atomic.temp_path(target)
    assert first != second and Path(first).parent == tmp_path
    atomic.create_new(first, b"first")
    atomic.create_new(second, b"second")
    assert atomic.publish(first, target, replace=False)
    assert not atomic.publish(second, target, replace=False)
    assert target.read_bytes() == b"first"


def test_create_new_refuses_an_existing_name(tmp_path: Path) -> None:
    target = tmp_path / "x"
    target.write_bytes(b"mine")
    with pytest.raises(FileExistsError):
        atomic.create_new(target, b"theirs")
    assert target.read_bytes() == b"mine"
