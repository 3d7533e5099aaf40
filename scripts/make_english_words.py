"""Regenerate data/english-words.txt.gz: the everyday English words a lookup must never
"correct" into a glossary term (yurt is not yuri, deer is not deredere).

Source: the `wordfreq` package (its data is CC BY-SA 4.0; see the README). Run it in a
throwaway environment, then commit the file:

    python -m venv /tmp/wf && /tmp/wf/bin/pip install wordfreq
    /tmp/wf/bin/python scripts/make_english_words.py
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

MIN_ZIPF = 2.3  # about once per 5 million words: "yurt" is in, typos such as "yandre" are not
OUT = Path(__file__).resolve().parents[1] / "data" / "english-words.txt.gz"


def main() -> None:
    from wordfreq import top_n_list, zipf_frequency

    words = sorted(
        w
        for w in top_n_list("en", 200_000)
        if re.fullmatch(r"[a-z]{3,}", w) and zipf_frequency(w, "en") >= MIN_ZIPF
    )
    data = ("\n".join(words) + "\n").encode("ascii")
    OUT.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    print(f"{len(words):,} words, {OUT.stat().st_size:,} bytes -> {OUT}")


if __name__ == "__main__":
    main()
