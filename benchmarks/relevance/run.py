"""Relevance harness: how often `term QUERY` and `term search` find what people mean.

The queries in queries.json were written by an evaluator who did not read the matcher
(see its "written_by"); this script only runs them. Kinds:

- describe: a description without the name; top-1 through `term QUERY` (the entry
  shown, found by name or by meaning) and top-3 through `term search`;
- known: a name as people type it; top-1 through `term QUERY`;
- outside: must find nothing (`term QUERY` exits 1).

Usage: python benchmarks/relevance/run.py [--quick] [--misses N] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="every 4th query only (CI)")
    parser.add_argument("--misses", type=int, default=0, help="print this many misses per kind")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--queries", type=Path, default=HERE / "queries.json")
    args = parser.parse_args()
    os.environ.setdefault("TERMCLI_HOME", tempfile.mkdtemp(prefix="termcli-relevance-"))

    from termcli import commands
    from termcli.commandline import Options
    from termcli.session import Session

    data = json.loads(args.queries.read_text(encoding="utf-8"))
    step = 4 if args.quick else 1
    session = Session(Options())
    figures: dict[str, dict[str, float]] = {}
    misses: dict[str, list[str]] = {}
    started = time.perf_counter()

    def shown(query: str) -> tuple[str | None, int]:
        view = commands.lookup(session, query)
        return (view.entry.entry.id if view.entry else None), view.code

    rows = data["describe"][::step]
    top1 = top3 = 0
    for row in rows:
        got, _ = shown(row["q"])
        expect = set(row["expect"])
        top1 += got in expect
        hits = [h.entry.id for h in commands.search(session, row["q"], 3).hits]
        top3 += bool(expect & set(hits))
        if got not in expect:
            misses.setdefault("describe", []).append(
                f"{row['q']!r} -> {got} (want {sorted(expect)})"
            )
    figures["describe"] = {
        "n": len(rows),
        "top1_lookup": _pct(top1, rows),
        "top3_search": _pct(top3, rows),
    }

    rows = data["known"][::step]
    ok = 0
    for row in rows:
        got, _ = shown(row["q"])
        ok += got in set(row["expect"])
        if got not in set(row["expect"]):
            misses.setdefault("known", []).append(f"{row['q']!r} -> {got} (want {row['expect']})")
    figures["known"] = {"n": len(rows), "top1_lookup": _pct(ok, rows)}

    rows = data["outside"][::step]
    rejected = 0
    for row in rows:
        got, code = shown(row["q"])
        rejected += code == 1
        if code != 1:
            misses.setdefault("outside", []).append(f"{row['q']!r} -> {got} (exit {code})")
    figures["outside"] = {"n": len(rows), "rejected": _pct(rejected, rows)}
    elapsed = time.perf_counter() - started

    if args.json:
        print(json.dumps({"figures": figures, "seconds": round(elapsed, 1)}, indent=2))
    else:
        print(f"relevance ({'quick' if args.quick else 'full'}; {elapsed:.1f} s)")
        for kind, values in figures.items():
            parts = ", ".join(
                f"{k} {v:.1f}%" if k != "n" else f"{int(v)} queries" for k, v in values.items()
            )
            print(f"  {kind:<9} {parts}")
        for kind, lines in misses.items():
            for line in lines[: args.misses]:
                print(f"  miss [{kind}] {line}")
    return 0


def _pct(count: int, rows: list[object]) -> float:
    return 100.0 * count / len(rows) if rows else 0.0


if __name__ == "__main__":
    sys.exit(main())
