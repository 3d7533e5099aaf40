"""Read a whole input file without trusting it: at most a limit, and only regular files.

``st_size`` says nothing of ``/dev/zero`` or a FIFO, so the limit is enforced on
the bytes actually read (at most ``limit + 1``), and anything that is not a
regular file is refused before a byte is read. Errors are ``OSError`` subclasses
with a ``strerror``, so callers that already say "cannot read X (why)" need no
new branch.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

GLOSS_MAX = 64 << 20  # a chat log to gloss


class NotRegular(OSError):
    def __init__(self, path: Path) -> None:
        super().__init__(errno.EINVAL, "not a regular file", str(path))


class TooLarge(OSError):
    def __init__(self, path: Path, limit: int) -> None:
        super().__init__(errno.EFBIG, f"larger than {limit:,} bytes", str(path))
        self.limit = limit


def open_regular(path: Path) -> int:
    """A descriptor for ``path``, refused unless it is a regular file (a FIFO does not
    block: it is opened non-blocking and then refused)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotRegular(path)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_limited(path: Path, limit: int) -> bytes:
    """The file's bytes; :class:`TooLarge` past ``limit``, :class:`NotRegular` for devices,
    FIFOs and folders. Also raises ``OSError`` for names the system refuses (a NUL byte
    becomes ``EINVAL``, an over-long name ``ENAMETOOLONG``)."""
    try:
        fd = open_regular(path)
    except ValueError:
        raise OSError(errno.EINVAL, "the name holds a NUL byte", str(path)) from None
    with os.fdopen(fd, "rb") as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(path, limit)
    return data
