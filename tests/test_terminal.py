"""The tool in a real pseudo-terminal: the pager, and what a person sees on screen."""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

pyte = pytest.importorskip("pyte")

ROWS, COLS = 24, 80


class Screen:
    """``term`` under a pty of ROWS x COLS, read through a terminal emulator."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        import pty

        self.screen = pyte.Screen(COLS, ROWS)
        self.stream = pyte.ByteStream(self.screen)
        master, slave = pty.openpty()
        import fcntl
        import struct
        import termios

        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        full = {
            **os.environ,
            **env,
            "TERM": "xterm-256color",
            "COLUMNS": str(COLS),
            "LINES": str(ROWS),
        }
        full.pop("NO_COLOR", None)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "termcli", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=full,
            close_fds=True,
            start_new_session=True,
        )
        os.close(slave)
        self.master = master

    def pump(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if ready:
                try:
                    data = os.read(self.master, 65536)
                except OSError:
                    return
                if not data:
                    return
                self.stream.feed(data)

    def wait_for(self, text: str, seconds: float = 20.0) -> bool:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self.pump(0.1)
            if any(text in line for line in self.screen.display):
                return True
        return False

    def send(self, keys: bytes) -> None:
        os.write(self.master, keys)

    def finish(self, seconds: float = 10.0) -> int:
        end = time.monotonic() + seconds
        while self.proc.poll() is None and time.monotonic() < end:
            self.pump(0.1)
        self.pump(0.2)
        os.close(self.master)
        if self.proc.poll() is None:
            self.proc.kill()
        return self.proc.wait()


needs_less = pytest.mark.skipif(shutil.which("less") is None, reason="less is not installed")


@needs_less
def test_long_card_opens_in_the_pager_with_its_top_on_screen(term_home: Path) -> None:
    s = Screen(["ntr"], {"TERMCLI_HOME": str(term_home), "TERMCLI_PAGER": "less -FIRX"})
    assert s.wait_for("Netorare"), "\n".join(s.screen.display)
    s.pump(0.5)
    top = s.screen.display[0]
    assert "Netorare" in top and "MATURE" in top, top
    assert s.screen.display[-1].startswith(":"), s.screen.display[-1]
    s.send(b"q")
    assert s.finish() == 0


def test_no_pager_prints_straight_through(term_home: Path) -> None:
    s = Screen(
        ["--no-pager", "yandere"], {"TERMCLI_HOME": str(term_home), "TERMCLI_PAGER": "less -FIRX"}
    )
    assert s.finish(30) == 0
    assert not any(line.startswith(":") for line in s.screen.display[-1:])


def test_short_output_is_not_paged(term_home: Path) -> None:
    s = Screen(["paths"], {"TERMCLI_HOME": str(term_home), "TERMCLI_PAGER": "less -FIRX"})
    assert s.finish(30) == 0
    assert any("notes" in line for line in s.screen.display)
