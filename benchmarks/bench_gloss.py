"""Throughput of ``term gloss``: how many MB of chat text per second :meth:`Glosser.spans` scans.

Run from the repository root: ``python benchmarks/bench_gloss.py [--mb 5]``. Uses
data/glossary.json when present, else tests/data/mini.json. Prints construction time
and MB/s (UTF-8 bytes) for three kinds of text: plain English chat, chat mixing
English with Japanese, emoji and the odd full-width letter, and mostly Japanese.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from termcli.gloss import Glosser  # noqa: E402
from termcli.glossary import load_file, merge  # noqa: E402
from termcli.model import Glossary  # noqa: E402

FILLER = (
    "the a to and of is it that you was for on are with as i his they be at one have this "
    "from or had by hot word but what some we can out other were all there when up use "
    "how said an each she which do their time if will way about many then them write "
    "like so these her long make thing see him two has look more day could go come did "
    "people my over know water than call first who may down side been now find "
    "subway submarine entry august lnk autumn harness shipment canonical tokenize"
)
WORDS = FILLER.split()
JAPANESE = (
    "彼女はツンデレだよ",
    "この異世界アニメは面白い",
    "今日は雨が降っています",
    "推しの配信を見た",
    "漫画家さんのサイン会に行きたい",
    "それはちょっと違うと思う",
    "ライトノベルを読んでいます",
)
EXTRAS = ("😂", "🔥", "ＮＴＲ", "ｗｗｗ", "café", "naïve", "→", "…")


def glossary() -> Glossary:
    path = ROOT / "data" / "glossary.json"
    if not path.is_file():
        path = ROOT / "tests" / "data" / "mini.json"
    return merge([load_file(path)])


def names(g: Glossary) -> list[str]:
    out: list[str] = []
    for e in g.entries.values():
        out += [e.term, *e.abbreviations, *e.aliases]
    return out


def chat(rng: random.Random, terms: list[str], size: int, japanese: float, extras: float) -> str:
    lines: list[str] = []
    total = 0
    n = 0
    while total < size:
        n += 1
        words = [rng.choice(WORDS) for _ in range(rng.randint(4, 22))]
        for _ in range(rng.randint(0, 2)):
            term = rng.choice(terms)
            term = term.lower() if rng.random() < 0.5 else term
            words.insert(rng.randrange(len(words) + 1), term + ("s" if rng.random() < 0.1 else ""))
        if rng.random() < japanese:
            words.insert(rng.randrange(len(words) + 1), rng.choice(JAPANESE))
        if rng.random() < extras:
            words.append(rng.choice(EXTRAS))
        line = f"[{n // 60 % 24:02}:{n % 60:02}] user{rng.randint(1, 400)}: " + " ".join(words)
        lines.append(line)
        total += len(line.encode()) + 1
    return "\n".join(lines) + "\n"


def best_of(fn: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def construction(g: Glossary) -> float:
    """With the regex cache emptied each time, as in a fresh ``term gloss`` process."""

    def build() -> None:
        re.purge()
        Glosser.from_glossary(g)

    return best_of(build, 5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=5.0, help="size of each text in MB")
    args = parser.parse_args()
    g = glossary()
    print(f"{len(g.entries)} entries; construction {construction(g) * 1000:.1f} ms")
    glosser = Glosser.from_glossary(g)
    rng = random.Random(7)
    terms = names(g)
    size = int(args.mb * 1_000_000)
    texts = {
        "English chat, ASCII": chat(rng, [t for t in terms if t.isascii()], size, 0.0, 0.0),
        "mixed: Japanese, emoji, full-width": chat(rng, terms, size, 0.15, 0.05),
        "mostly Japanese": "".join(
            rng.choice(JAPANESE) + ("。" if i % 3 else "\n") for i in range(size // 45)
        )
        + chat(rng, terms, size // 10, 1.0, 0.3),
    }
    for label, text in texts.items():
        mb = len(text.encode()) / 1_000_000
        count = len(glosser.spans(text))
        seconds = best_of(partial(glosser.spans, text))
        print(f"{label:36} {mb:4.1f} MB {mb / seconds:6.1f} MB/s  {count / mb:6.0f} names/MB")


if __name__ == "__main__":
    main()
