"""Atomic file writing: a reader sees the old file or the new one, never half of one.

Every file the tool writes goes the same way: a temporary file in the target's own
folder (so the final rename cannot cross file systems), its data synced to disk, then
moved into place in one step, and the folder synced so the new name survives a power
cut too. :func:`write_atomic` does all of it for bytes in hand; a file some other
program fills by name (an SQLite database) takes :func:`temp_path` and
:func:`publish`. A ``dir_fd`` makes every name relative to a folder opened once.
"""

from __future__ import annotations

import os
import stat
from contextlib import suppress

PRIVATE = 0o600  # the default: notes, caches and exports are one person's files
_O_BINARY: int = getattr(os, "O_BINARY", 0)
_O_NOFOLLOW: int = getattr(os, "O_NOFOLLOW", 0)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TypeAlias

    Name: TypeAlias = "str | os.PathLike[str]"


def temp_path(target: Name) -> str:
    """A fresh hidden name in ``target``'s folder for a file that will replace it."""
    head, tail = os.path.split(os.fspath(target))
    return os.path.join(head, f".{tail[:40]}.{os.getpid()}.{os.urandom(4).hex()}.tmp")


def create_new(
    path: Name, data: bytes = b"", *, mode: int | None = PRIVATE, dir_fd: int | None = None
) -> None:
    """Create ``path`` holding ``data``, synced; fail if anything is already there.

    ``O_EXCL`` never follows a symlink and never truncates what someone else made.
    ``mode`` is set exactly (whatever the umask); ``None`` leaves the usual 0666
    less the umask. A failed write removes the file again.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_NOFOLLOW | _O_BINARY
    fd = os.open(path, flags, 0o666 if mode is None else mode, dir_fd=dir_fd)
    try:
        try:
            if mode is not None and hasattr(os, "fchmod"):
                os.fchmod(fd, mode)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException:
        with suppress(OSError):
            os.unlink(path, dir_fd=dir_fd)
        raise


def publish(tmp: Name, target: Name, *, replace: bool = True, dir_fd: int | None = None) -> bool:
    """Sync the finished file ``tmp`` and move it to ``target`` in one step.

    With ``replace`` a file at ``target`` is replaced (a rename never writes through
    a symlink or a hard link there, as truncating would). Without it ``tmp`` is
    hard-linked in, which fails rather than replace: of several processes racing to
    create ``target`` exactly one wins, and False tells the others. ``tmp`` is left
    for the caller to remove in that case.
    """
    _sync_file(tmp, dir_fd)
    # no dir_fd arguments at all where there is none: not every platform takes them
    fds: dict[str, int] = {} if dir_fd is None else {"src_dir_fd": dir_fd, "dst_dir_fd": dir_fd}
    if replace:
        os.replace(tmp, target, **fds)
    else:
        try:
            if dir_fd is None:
                os.link(tmp, target)
            else:
                os.link(tmp, target, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
        except FileExistsError:
            return False
        except OSError:
            if not _copy_new(tmp, target, dir_fd):
                return False
    sync_dir(os.path.dirname(os.fspath(target)) or ".", dir_fd)
    return True


def write_atomic(
    path: Name,
    data: bytes,
    *,
    mode: int | None = PRIVATE,
    keep_mode: bool = False,
    dir_fd: int | None = None,
) -> None:
    """Replace (or create) ``path`` with ``data`` atomically.

    The new file gets ``mode`` (see :func:`create_new`), or with ``keep_mode`` the
    mode of the file it replaces, when there is one.
    """
    if keep_mode:
        with suppress(OSError):
            mode = stat.S_IMODE(os.stat(path, dir_fd=dir_fd, follow_symlinks=False).st_mode)
    tmp = temp_path(path)
    create_new(tmp, data, mode=mode, dir_fd=dir_fd)
    try:
        publish(tmp, path, dir_fd=dir_fd)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp, dir_fd=dir_fd)
        raise


def sync_dir(folder: Name, dir_fd: int | None = None) -> None:
    """Sync a folder so a new name in it survives a power cut; not possible everywhere."""
    if dir_fd is not None:
        with suppress(OSError):
            os.fsync(dir_fd)
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _sync_file(path: Name, dir_fd: int | None) -> None:
    fd = os.open(path, os.O_RDONLY | _O_BINARY, dir_fd=dir_fd)
    try:
        with suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def _copy_new(tmp: Name, target: Name, dir_fd: int | None) -> bool:
    """Fallback where hard links are not allowed: copy into a file only we create.

    A reader racing this copy may briefly see a short file; it only happens on file
    systems without hard links. False when ``target`` already exists.
    """
    fd = os.open(tmp, os.O_RDONLY | _O_BINARY, dir_fd=dir_fd)
    try:
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        mode = stat.S_IMODE(os.fstat(fd).st_mode)
    finally:
        os.close(fd)
    try:
        create_new(target, b"".join(chunks), mode=mode, dir_fd=dir_fd)
    except FileExistsError:
        return False
    return True
