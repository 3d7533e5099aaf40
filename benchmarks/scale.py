"""One large glossary, end to end: the first run (both indexes built), search and lookup.

The full benchmark (bench.py) runs every size and every row; this runs one size, for
the 1,000,000-entry figures, in a few minutes:

    python benchmarks/scale.py 1000000
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv else 1_000_000
    with tempfile.TemporaryDirectory(prefix="termcli-scale-") as tmp:
        home = Path(tmp)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["TERMCLI_HOME"] = str(home / "home")
        bench.compile_package()
        term = bench.term_cmd()
        path = home / f"synthetic-{n}.json"
        sample = bench.generate_elsewhere(n, path, None)
        mine = {**env, "TERMCLI_HOME": str(home / "big")}
        first = [*term, "--glossary", str(path), "lookup", sample[0], "--plain"]
        t, rss, code = bench.run_once(first, mine)
        print(
            f"| {n:,} entries: first run (the lookup index, and the full-text one beside it above 2 MB) | {t:.1f} s | peak {rss / 1024:.0f} MiB (the larger process), exit {code} |"
        )
        word = sample[1].split()[0]
        timed = bench.alternate(
            {
                "python -I -c pass (floor)": ([sys.executable, "-I", "-c", "pass"], env),
                "bundled lookup": ([*term, "lookup", "ntr", "--plain"], env),
                "search": ([*term, "--glossary", str(path), "search", word, "--plain"], mine),
                "exact lookup": (
                    [*term, "--glossary", str(path), "lookup", sample[2], "--plain"],
                    mine,
                ),
            },
            5,
        )
        base = timed["bundled lookup"][0]
        for name, (t, rss) in timed.items():
            print(
                f"| {n:,} entries: {name} | {t * 1000:.0f} ms | {t / base:.2f}× a bundled lookup; peak {rss / 1024:.0f} MiB |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
