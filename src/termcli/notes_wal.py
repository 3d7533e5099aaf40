"""Which pages a write-ahead log would replay, read without SQLite.

SQLite replays any ``-wal`` file it finds beside a database: the log names no database,
so one copied over from another computer rewrites the notes with someone else's.
:mod:`termcli.notes` asks this module for exactly the frames SQLite would replay (the
same salts and checksum chain, up to the last commit) so it can check they carry this
database's identity before any connection may read or write the log.
"""

from __future__ import annotations

import struct

__all__ = ["committed_pages"]

_MAGIC = (0x377F0682, 0x377F0683)
_HEADER = 32
_FRAME_HEADER = 24
_MASK = 0xFFFFFFFF


def _checksum(data: bytes, big_endian: bool, s0: int, s1: int) -> tuple[int, int]:
    words = struct.unpack(f"{'>' if big_endian else '<'}{len(data) // 4}I", data)
    for i in range(0, len(words), 2):
        s0 = (s0 + words[i] + s1) & _MASK
        s1 = (s1 + words[i + 1] + s0) & _MASK
    return s0, s1


def committed_pages(log: bytes) -> list[tuple[int, bytes]]:
    """(page number, page) of every frame SQLite would replay from ``log``, in order.

    A frame torn by a writer still at work fails its checksum, exactly as SQLite sees
    it, so a live log is never mistaken for a damaged or foreign one.
    """
    if len(log) < _HEADER:
        return []
    magic, _version, page_size, _seq, salt1, salt2, c1, c2 = struct.unpack(">8I", log[:_HEADER])
    if magic not in _MAGIC or not 512 <= page_size <= 65536 or page_size & (page_size - 1):
        return []
    big = bool(magic & 1)
    sums = _checksum(log[:24], big, 0, 0)
    if sums != (c1, c2):
        return []
    frames: list[tuple[int, bytes]] = []
    committed = 0
    pos = _HEADER
    while pos + _FRAME_HEADER + page_size <= len(log):
        pgno, commit, s1, s2, f1, f2 = struct.unpack(">6I", log[pos : pos + _FRAME_HEADER])
        if pgno == 0 or (s1, s2) != (salt1, salt2):
            break
        page = log[pos + _FRAME_HEADER : pos + _FRAME_HEADER + page_size]
        sums = _checksum(log[pos : pos + 8], big, *sums)
        sums = _checksum(page, big, *sums)
        if sums != (f1, f2):
            break
        frames.append((pgno, page))
        if commit:
            committed = len(frames)
        pos += _FRAME_HEADER + page_size
    return frames[:committed]
