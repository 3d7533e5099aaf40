"""Character cards read from real PNG and JSON files built here, and every refusal."""

from __future__ import annotations

import base64
import json
import os
import struct
import zlib
from pathlib import Path
from typing import Any

import pytest

from termcli import cardfile
from termcli.cardfile import Card, CardError, CardField, parse_card, read_card
from termcli.errors import TermError

SIGNATURE = b"\x89PNG\r\n\x1a\n"


def chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png(*extra: bytes) -> bytes:
    """A real 1x1 RGB PNG with the given chunks between its IDAT and IEND."""
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00\xff\x00\x00")  # filter type 0, one red pixel
    return (
        SIGNATURE
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", idat)
        + b"".join(extra)
        + chunk(b"IEND", b"")
    )


def b64(card: Any) -> bytes:
    return base64.b64encode(json.dumps(card).encode("utf-8"))


def text_chunk(keyword: str, card: Any) -> bytes:
    return chunk(b"tEXt", keyword.encode("latin-1") + b"\0" + b64(card))


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def refusal(path: Path) -> str:
    """The one-sentence error for reading ``path``, checked for its shape."""
    with pytest.raises(CardError) as info:
        read_card(path)
    message = str(info.value)
    assert isinstance(info.value, TermError) and info.value.exit_code == 2
    assert str(path) in message, message
    assert "\n" not in message and message.endswith("."), message
    return message


def labels(card: Card) -> list[str]:
    return [field.label for field in card.fields]


V2 = {
    "spec": "chara_card_v2",
    "spec_version": "2.0",
    "data": {
        "name": "Aiko",
        "description": "A tsundere librarian.",
        "personality": "Prickly, kind underneath.",
        "scenario": "{{user}} returns a book late.",
        "first_mes": "You're late. Again.",
        "mes_example": "<START>\n{{char}}: Hmph.",
        "creator_notes": "Best with a slow burn.",
        "system_prompt": "Stay in character.",
        "post_history_instructions": "Keep replies short.",
        "alternate_greetings": ["Oh. It's you.", "   ", "Welcome back, I suppose."],
        "tags": ["tsundere", "", "library"],
        "creator": "someone",
        "character_version": "1.0",
        "extensions": {"talkativeness": "0.5"},
    },
}

V3 = {
    "spec": "chara_card_v3",
    "spec_version": "3.0",
    "data": {
        "name": "Mika",
        "nickname": "Mi",
        "description": "A yandere idol.",
        "first_mes": "Senpai!",
        "group_only_greetings": ["Everyone's here!"],
        "creator_notes": "English notes.",
        "creator_notes_multilingual": {"en": "English notes.", "ja": "日本語のメモ"},
        "tags": [],
        "character_book": {
            "name": "Mika's world",
            "extensions": {},
            "entries": [
                {"keys": ["stage"], "content": "The stage is in Shibuya.", "name": "Stage"},
                {"keys": ["rival"], "content": "Rin is her rival.", "comment": "Rival note"},
                {"keys": ["", "fans"], "content": "Her fans are loud."},
                {"keys": ["secret"], "content": "Hidden.", "enabled": False, "name": "Off"},
                {"keys": [], "content": "No key at all."},
                {"keys": ["empty"], "content": "", "name": "Blank"},
            ],
        },
    },
}


def test_v1_json(tmp_path: Path) -> None:
    card = {
        "name": "Rei",
        "description": "Quiet pilot.",
        "personality": "Reserved.",
        "scenario": "",
        "first_mes": "...",
        "mes_example": "",
        "avatar": "none",
    }
    got = read_card(write(tmp_path, "rei.json", json.dumps(card)))
    assert got == Card(
        "Rei",
        "v1",
        (
            CardField("name", "Rei"),
            CardField("description", "Quiet pilot."),
            CardField("personality", "Reserved."),
            CardField("first message", "..."),
        ),
    )


def test_v2_json_fields_in_reading_order(tmp_path: Path) -> None:
    got = read_card(write(tmp_path, "aiko.json", "\ufeff" + json.dumps(V2, indent=2)))
    assert got.name == "Aiko" and got.spec == "v2"
    assert labels(got) == [
        "name",
        "description",
        "personality",
        "scenario",
        "first message",
        "alternate greeting 1",
        "alternate greeting 3",
        "example messages",
        "tags",
        "creator notes",
        "system prompt",
        "post-history instructions",
    ]
    texts = {field.label: field.text for field in got.fields}
    assert texts["tags"] == "tsundere, library"
    assert texts["example messages"] == "<START>\n{{char}}: Hmph."
    assert texts["alternate greeting 3"] == "Welcome back, I suppose."


def test_v3_png_with_lorebook(tmp_path: Path) -> None:
    got = read_card(write(tmp_path, "mika.png", png(text_chunk("ccv3", V3))))
    assert got.name == "Mika" and got.spec == "v3"
    assert [(f.label, f.text) for f in got.fields] == [
        ("name", "Mika"),
        ("nickname", "Mi"),
        ("description", "A yandere idol."),
        ("first message", "Senpai!"),
        ("group greeting 1", "Everyone's here!"),
        ("creator notes", "English notes."),
        ("creator notes (ja)", "日本語のメモ"),
        ("lorebook: Stage", "The stage is in Shibuya."),
        ("lorebook: Rival note", "Rin is her rival."),
        ("lorebook: fans", "Her fans are loud."),
        ("lorebook: entry 5", "No key at all."),
    ]


def test_ccv3_wins_over_chara_whatever_the_order(tmp_path: Path) -> None:
    both = png(text_chunk("chara", V2), text_chunk("ccv3", V3))
    assert read_card(write(tmp_path, "both.png", both)).name == "Mika"
    reversed_ = png(text_chunk("ccv3", V3), text_chunk("chara", V2))
    assert parse_card(reversed_, "r.png").spec == "v3"
    assert parse_card(png(text_chunk("chara", V2)), "v2.png").name == "Aiko"


def test_compressed_text_chunks_are_read(tmp_path: Path) -> None:
    ztxt = chunk(b"zTXt", b"chara\0\0" + zlib.compress(b64(V2)))
    assert parse_card(png(ztxt), "z.png").name == "Aiko"
    itxt = chunk(b"iTXt", b"ccv3\0\1\0en\0\0" + zlib.compress(b64(V3)))
    assert parse_card(png(itxt), "i.png").name == "Mika"
    plain_itxt = chunk(b"iTXt", b"chara\0\0\0\0\0" + b64(V2))
    assert parse_card(png(plain_itxt), "p.png").name == "Aiko"


def test_data_after_iend_is_ignored() -> None:
    assert parse_card(png(text_chunk("chara", V2)) + b"trailing junk", "t.png").name == "Aiko"


def test_lone_surrogates_become_replacement_characters() -> None:
    raw = b'{"name": "A\\ud800B", "description": "ok \\ud83d\\ude00"}'
    got = parse_card(raw, "s.json")
    assert got.name == "A\ufffdB"
    assert got.fields[1].text == "ok \U0001f600"
    got.name.encode("utf-8")  # would raise on a surrogate


def test_null_fields_count_as_absent() -> None:
    got = parse_card(json.dumps({"name": "N", "tags": None, "scenario": None}).encode(), "n.json")
    assert labels(got) == ["name"]


# Refusals: one sentence each, naming the file


def test_neither_png_nor_json(tmp_path: Path) -> None:
    assert "neither a PNG nor JSON" in refusal(write(tmp_path, "pic.gif", b"GIF89a\x01\x00"))
    assert "neither a PNG nor JSON" in refusal(write(tmp_path, "bin", b"\xff\xfe\x00{"))
    assert "is empty" in refusal(write(tmp_path, "empty.json", b""))


def test_png_without_a_card(tmp_path: Path) -> None:
    other = chunk(b"tEXt", b"Comment\0hello")
    message = refusal(write(tmp_path, "plain.png", png(other)))
    assert "has no character card in it (no 'chara' or 'ccv3' text chunk)" in message


def test_bad_base64(tmp_path: Path) -> None:
    bad = chunk(b"tEXt", b"chara\0not*base64!")
    message = refusal(write(tmp_path, "b64.png", png(bad)))
    assert "'chara' chunk" in message and "not valid base64" in message


def test_base64_of_bytes_that_are_not_utf8(tmp_path: Path) -> None:
    bad = chunk(b"tEXt", b"chara\0" + base64.b64encode(b"\xff\xfe{}"))
    assert "UTF-8" in refusal(write(tmp_path, "utf.png", png(bad)))


def test_bad_json_gives_line_and_column(tmp_path: Path) -> None:
    message = refusal(write(tmp_path, "bad.json", '{\n  "name": "A",\n  "description" "B"\n}'))
    assert "not valid JSON" in message and "line 3, column 17" in message
    inside = chunk(b"tEXt", b"chara\0" + base64.b64encode(b'{"name": }'))
    message = refusal(write(tmp_path, "bad.png", png(inside)))
    assert "'chara' chunk" in message and "line 1, column 10" in message


def test_deep_json_is_refused_not_a_recursion_error(tmp_path: Path) -> None:
    assert "nested too deeply" in refusal(write(tmp_path, "deep.json", "[" * 200_000))


def test_json_that_is_not_a_card(tmp_path: Path) -> None:
    for name, text in [("obj.json", '{"title": "x"}'), ("list.json", "[1, 2]")]:
        assert "not a character card" in refusal(write(tmp_path, name, text))
    lorebook = json.dumps({"spec": "lorebook_v3", "data": {"entries": []}})
    assert "'lorebook_v3'" in refusal(write(tmp_path, "book.json", lorebook))
    empty_v2 = json.dumps({"spec": "chara_card_v2", "data": {"tags": []}})
    assert "no 'name' or 'description'" in refusal(write(tmp_path, "v2.json", empty_v2))


@pytest.mark.parametrize(
    ("card", "field", "kind"),
    [
        ({"spec": "chara_card_v2", "data": {"name": "A", "tags": "a, b"}}, "data.tags", "a string"),
        (
            {"spec": "chara_card_v2", "data": {"name": "A", "tags": ["a", 3]}},
            "data.tags",
            "a list holding a number",
        ),
        ({"name": 5, "description": "d"}, "name", "a number"),
        ({"spec": 2, "data": {"name": "A"}}, "spec", "a number"),
        ({"spec": "chara_card_v2"}, "data", "null"),
        ({"spec": "chara_card_v2", "data": []}, "data", "a list"),
        (
            {"spec": "chara_card_v3", "data": {"name": "A", "alternate_greetings": [["x"]]}},
            "data.alternate_greetings",
            "a list holding a list",
        ),
        (
            {
                "spec": "chara_card_v2",
                "data": {"name": "A", "character_book": {"entries": [{"keys": "k"}]}},
            },
            "data.character_book.entries[0].keys",
            "a string",
        ),
        (
            {
                "spec": "chara_card_v2",
                "data": {"name": "A", "character_book": {"entries": [{"content": 1}]}},
            },
            "data.character_book.entries[0].content",
            "a number",
        ),
        (
            {
                "spec": "chara_card_v2",
                "data": {"name": "A", "character_book": {"entries": [{"enabled": "no"}]}},
            },
            "data.character_book.entries[0].enabled",
            "a string",
        ),
        ({"spec": "chara_card_v2", "data": {"name": "A", "character_book": []}}, "", "a list"),
    ],
)
def test_wrong_field_types_name_the_field(
    tmp_path: Path, card: dict[str, Any], field: str, kind: str
) -> None:
    message = refusal(write(tmp_path, "typed.json", json.dumps(card)))
    field = field or "data.character_book"
    assert f"the field '{field}' is {kind}, not " in message


def test_truncated_png(tmp_path: Path) -> None:
    whole = png(text_chunk("chara", V2))
    message = refusal(write(tmp_path, "cut.png", whole[: len(whole) - 40]))
    assert "truncated PNG" in message and "'tEXt' chunk" in message
    message = refusal(write(tmp_path, "noend.png", whole[: -len(chunk(b"IEND", b""))]))
    assert "ends before its IEND chunk" in message
    assert "truncated PNG" in refusal(write(tmp_path, "sig.png", SIGNATURE + b"\0\0"))


def test_bad_crc(tmp_path: Path) -> None:
    whole = bytearray(png(text_chunk("chara", V2)))
    whole[whole.index(b"chara") + 10] ^= 0x01  # one bit of the base64 text
    message = refusal(write(tmp_path, "crc.png", bytes(whole)))
    assert "damaged PNG" in message and "CRC of its 'tEXt' chunk (chunk 3)" in message


def test_bad_chunk_type(tmp_path: Path) -> None:
    whole = SIGNATURE + struct.pack(">I", 0) + b"\x00\x01\x02\x03" + b"\0\0\0\0"
    assert "no valid type" in refusal(write(tmp_path, "type.png", whole))


def test_too_many_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cardfile, "MAX_CHUNKS", 5)
    many = png(*[chunk(b"tIME", b"\0" * 7)] * 10, text_chunk("chara", V2))
    assert "over 5 chunks" in refusal(write(tmp_path, "many.png", many))


def test_over_the_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cardfile, "MAX_CARD_BYTES", 100)
    data = json.dumps({"name": "A", "description": "x" * 200}).encode()
    assert "over the 100-byte limit" in refusal(write(tmp_path, "big.json", data))
    with pytest.raises(CardError, match="over the 100-byte limit"):
        parse_card(data, "big.json")
    small = json.dumps({"name": "A"}).encode()
    assert parse_card(small, "small.json").name == "A"


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="no /proc")
def test_size_limit_does_not_trust_st_size(monkeypatch: pytest.MonkeyPatch) -> None:
    """/proc files are regular files that report a size of 0 yet hold more."""
    path = Path("/proc/self/status")
    assert path.stat().st_size == 0
    monkeypatch.setattr(cardfile, "MAX_CARD_BYTES", 10)
    assert "over the 10-byte limit" in refusal(path)


def test_compressed_chunk_bomb_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cardfile, "MAX_CARD_BYTES", 1000)
    bomb = chunk(b"zTXt", b"chara\0\0" + zlib.compress(b"A" * 100_000))
    with pytest.raises(CardError, match="inflates to over the 1,000-byte limit"):
        parse_card(png(bomb), "bomb.png")
    cut = chunk(b"zTXt", b"chara\0\0" + zlib.compress(b64(V2))[:-6])
    with pytest.raises(CardError, match="cut short"):
        parse_card(png(cut), "cut.png")


def test_directory(tmp_path: Path) -> None:
    assert "is a directory" in refusal(tmp_path)


def test_missing_file(tmp_path: Path) -> None:
    assert "does not exist" in refusal(tmp_path / "nope.png")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    assert "named pipe (FIFO)" in refusal(fifo)


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_device_is_refused(device: str) -> None:
    if not os.path.exists(device):
        pytest.skip(f"no {device}")
    assert "is a device" in refusal(Path(device))


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(tmp_path: Path) -> None:
    path = write(tmp_path, "locked.json", json.dumps({"name": "A"}))
    path.chmod(0)
    try:
        assert "Cannot read" in refusal(path)
    finally:
        path.chmod(0o600)
