"""Safe file writing for exports: portable names, no escape from the chosen folder,
no writing through a planted symlink, no replacing a file without ``force``.

Every check is made before the first write, so a refusal leaves the folder untouched.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path

from termcli import atomic
from termcli.errors import ExportError
from termcli.sanitize import strip_controls

NAME_MAX = 100


# --------------------------------------------------------------------------- file names

_WINDOWS_RESERVED = frozenset(
    ["con", "prn", "aux", "nul"] + [f"com{i}" for i in range(10)] + [f"lpt{i}" for i in range(10)]
)


def safe_filename(name: str, taken: set[str]) -> str:
    """A ``.md`` file name that is the same on Linux, macOS and Windows, and not yet taken.

    The stem is ASCII ``[a-z0-9-]`` at most :data:`NAME_MAX` bytes: no separators,
    dots, trailing blanks or reserved device names, and lowercase so that names
    differing only in case or Unicode form (API/api, NFC/NFD café) cannot land on
    one file of a case-insensitive disk. ``taken`` holds lowercase names already
    used; the result is added to it.
    """
    folded = unicodedata.normalize("NFKD", strip_controls(name))
    ascii_only = "".join(ch for ch in folded if ch.isascii()).lower()
    stem = re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-")[:NAME_MAX].strip("-")
    if not stem:
        digest = hashlib.sha256(
            unicodedata.normalize("NFC", name).encode("utf-8", "surrogatepass")
        ).hexdigest()[:10]
        stem = f"entry-{digest}" if name.strip() else "entry"
    if stem in _WINDOWS_RESERVED:
        stem += "-entry"
    candidate = f"{stem}.md"
    n = 1
    while candidate in taken:
        n += 1
        suffix = f"-{n}"
        candidate = stem[: NAME_MAX - len(suffix)].rstrip("-") + suffix + ".md"
    taken.add(candidate)
    return candidate


def _check_name(name: str) -> None:
    """Refuse a name that is not one portable ASCII path component (see safe_filename)."""
    bad = (
        not name
        or name in (".", "..")
        or not name.isascii()
        or any(ord(c) < 0x20 or c == "\x7f" or c in '/\\:*?"<>|' for c in name)
        or name != name.rstrip(". ")
        or name.split(".", 1)[0].rstrip(" ").lower() in _WINDOWS_RESERVED
        or len(name) > NAME_MAX + 10
    )
    if bad:
        raise ExportError(f"{name!r} is not a safe file name to export to.")


# --------------------------------------------------------------------------- writing


class _Folder:
    """A directory opened once, so names resolve inside it even if its path is swapped.

    Where the platform has no ``dir_fd`` (Windows) names are joined to the path and
    the lstat checks in :func:`_write_all` are the guard.
    """

    def __init__(self, folder: Path, *, nofollow: bool, mode: int | None = None) -> None:
        self.path = folder
        self.mode = mode  # for new files; None: the usual 0666 less the umask
        self.fd: int | None = None
        if {os.open, os.stat, os.rename, os.unlink} <= os.supports_dir_fd:
            flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
            if nofollow:
                flags |= getattr(os, "O_NOFOLLOW", 0)
            try:
                self.fd = os.open(folder, flags)
            except OSError as exc:
                raise ExportError(f"Cannot open the folder {folder} ({exc.strerror}).") from None

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)

    def _p(self, name: str) -> str:
        return name if self.fd is not None else str(self.path / name)

    def lstat(self, name: str) -> os.stat_result | None:
        try:
            return os.stat(self._p(name), dir_fd=self.fd, follow_symlinks=False)
        except FileNotFoundError:
            return None

    def create(self, name: str, data: bytes) -> None:
        """A new file; fails if anything, even a dangling symlink, holds the name."""
        atomic.create_new(self._p(name), data, mode=self.mode, dir_fd=self.fd)

    def replace(self, name: str, data: bytes) -> None:
        """Write beside the target, then rename over it: a rename never writes through a
        symlink or a hard link to a file outside the folder, as O_TRUNC would. The
        replaced file's mode is kept."""
        atomic.write_atomic(self._p(name), data, mode=None, keep_mode=True, dir_fd=self.fd)


def _refusal(shown: str, st: os.stat_result, force: bool) -> str | None:
    if stat.S_ISLNK(st.st_mode):
        return f"{shown} is a symbolic link; refusing to write through it."
    if not stat.S_ISREG(st.st_mode):
        return f"{shown} exists and is not a regular file."
    if not force:
        return f"{shown} already exists; use --force to overwrite it."
    return None


def _short(shown: str) -> str:
    return shown if len(shown) <= 100 else shown[:60] + "…" + shown[-20:]


def _write_all(folder: _Folder, items: Sequence[tuple[str, str]], force: bool) -> None:
    """Check every target before writing any, so a refusal leaves the folder untouched."""
    shown = {name: str(folder.path / name) for name, _ in items}
    for name, _ in items:
        if len(os.fsencode(name)) > 255:
            raise ExportError(f"{_short(shown[name])}: the file name is over 255 bytes.")
        try:
            st = folder.lstat(name)
        except OSError as exc:
            raise ExportError(
                f"Cannot write {_short(shown[name])} ({exc.strerror or exc})."
            ) from None
        if st is not None and (why := _refusal(shown[name], st, force)):
            raise ExportError(why)
    for name, text in items:
        data = text.encode("utf-8")
        try:
            st = folder.lstat(name)
            if st is None:
                folder.create(name, data)
            elif why := _refusal(shown[name], st, force):
                raise ExportError(why)
            else:
                folder.replace(name, data)
        except FileExistsError:
            why = f"{shown[name]} already exists; use --force to overwrite it."
            raise ExportError(why) from None
        except OSError as exc:
            raise ExportError(f"Cannot write {shown[name]} ({exc.strerror or exc}).") from None


def write_files(folder: Path, files: Mapping[str, str], *, force: bool) -> list[Path]:
    """Write each ``name -> text`` into ``folder``, creating the folder if needed.

    Names must be single portable components (make them with :func:`safe_filename`)
    and distinct after case folding and NFC; all of that, and every existing file,
    is checked before the first write. The folder itself must not be a symlink, and
    files are opened relative to its descriptor with ``O_NOFOLLOW``.
    """
    seen: dict[str, str] = {}
    for name in files:
        _check_name(name)
        key = unicodedata.normalize("NFC", name).casefold()
        if key in seen:
            raise ExportError(f"{name!r} and {seen[key]!r} would be the same file on some systems.")
        seen[key] = name
    if folder.is_symlink():
        raise ExportError(f"{folder} is a symbolic link; choose the real folder.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise ExportError(f"{folder} exists and is not a folder.") from None
    except OSError as exc:
        raise ExportError(f"Cannot create the folder {folder} ({exc.strerror}).") from None
    if folder.is_symlink() or not folder.is_dir():
        raise ExportError(f"{folder} is not a folder.")
    handle = _Folder(folder, nofollow=True)
    try:
        _write_all(handle, list(files.items()), force)
    finally:
        handle.close()
    return [folder / name for name in files]


def write_file(path: Path, text: str, *, force: bool, private: bool = False) -> None:
    """Write one export where the user asked, never through a symlink at ``path``.

    Symlinks among the parent folders are the user's own layout (``/tmp`` on macOS)
    and are followed; the parent folder must already exist. A ``private`` file (a copy
    of your notes) is created readable by you only; a replaced file keeps its mode.
    """
    if path.name in ("", ".", ".."):
        raise ExportError(f"{path} is not a file name.")
    try:
        folder_ok = path.parent.is_dir()
    except (OSError, ValueError):
        folder_ok = False
    if not folder_ok:
        raise ExportError(f"The folder {path.parent} does not exist.")
    handle = _Folder(path.parent, nofollow=False, mode=0o600 if private else None)
    try:
        _write_all(handle, [(path.name, text)], force)
    finally:
        handle.close()
