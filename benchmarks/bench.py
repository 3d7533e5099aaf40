"""termcli benchmark: start-up, large user glossaries, batch, gloss, and sdcv.

Every figure is a median over alternating runs, reported as a ratio to a baseline
measured in the same run (``python -I -c pass``, or the bundled-glossary lookup),
because the machines this runs on are shared and noisy. It prints one Markdown
table; nothing is asserted (CI runs ``--quick`` only to keep it from rotting).

    python benchmarks/bench.py            # full: 1k, 10k, 100k and 1M entries
    python benchmarks/bench.py --quick    # small sizes, few runs
    python benchmarks/bench.py --sizes 1000,100000 --runs 9
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SYLLABLES = [
    "ka",
    "ki",
    "ku",
    "ke",
    "ko",
    "sa",
    "shi",
    "su",
    "se",
    "so",
    "ta",
    "chi",
    "tsu",
    "te",
    "to",
    "na",
    "ni",
    "nu",
    "ne",
    "no",
    "ha",
    "hi",
    "fu",
    "he",
    "ho",
    "ma",
    "mi",
    "mu",
    "me",
    "mo",
    "ra",
    "ri",
    "ru",
    "re",
    "ro",
    "ya",
    "yu",
    "yo",
    "wa",
    "ga",
    "gi",
    "gu",
    "ge",
    "go",
    "za",
    "ji",
    "zu",
    "ze",
    "zo",
    "ba",
    "bi",
    "bu",
    "be",
    "bo",
    "pa",
    "pi",
    "pu",
    "pe",
    "po",
]
ENGLISH = [
    "service",
    "level",
    "agreement",
    "incident",
    "review",
    "budget",
    "runbook",
    "latency",
    "queue",
    "shard",
    "cache",
    "deploy",
    "rollback",
    "ticket",
    "vendor",
    "invoice",
    "policy",
    "ledger",
    "audit",
    "release",
    "window",
    "canary",
    "cluster",
    "replica",
    "quorum",
    "backlog",
]


def term_cmd() -> list[str]:
    exe = shutil.which("term", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "termcli"]


def run_once(
    cmd: Sequence[str], env: dict[str, str], stdin: bytes | None = None
) -> tuple[float, int, int]:
    """Wall seconds, peak RSS in KiB and exit code of one run."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        env=env,
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    if stdin is not None:
        assert proc.stdin is not None
        proc.stdin.write(stdin)
        proc.stdin.close()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    return elapsed, usage.ru_maxrss, os.waitstatus_to_exitcode(status)


def alternate(
    cmds: dict[str, tuple[list[str], dict[str, str]]], runs: int
) -> dict[str, tuple[float, int]]:
    """Median wall time and peak RSS of each command, the commands interleaved run by run."""
    times: dict[str, list[float]] = {k: [] for k in cmds}
    peaks: dict[str, int] = dict.fromkeys(cmds, 0)
    for cmd, env in cmds.values():
        run_once(cmd, env)  # warm caches and compiled indexes
    for _ in range(runs):
        for name, (cmd, env) in cmds.items():
            t, rss, _ = run_once(cmd, env)
            times[name].append(t)
            peaks[name] = max(peaks[name], rss)
    return {k: (statistics.median(v), peaks[k]) for k, v in times.items()}


def compile_package() -> None:
    """Byte-compile termcli as ``pip install`` does, so an editable checkout is timed fairly."""
    import compileall

    import termcli

    compileall.compile_dir(str(Path(termcli.__file__).parent), quiet=1)


def pseudo_word(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts))


def synthetic(n: int, seed: int = 7) -> tuple[dict[str, object], list[str]]:
    """A glossary of ``n`` entries with aliases and abbreviations, and some of its terms."""
    rng = random.Random(seed)
    entries = []
    seen: set[str] = set()
    while len(entries) < n:
        word = pseudo_word(rng, rng.randint(2, 4))
        if rng.random() < 0.3:
            word = f"{rng.choice(ENGLISH)} {word}"
        slug = word.replace(" ", "-")
        if slug in seen:
            continue
        seen.add(slug)
        alias = pseudo_word(rng, rng.randint(2, 4))
        entry: dict[str, object] = {
            "id": slug,
            "term": word.capitalize(),
            "aliases": [alias] if alias not in seen else [],
            "summary": f"Synthetic entry {len(entries)} about {word}.",
            "definition": f"{word.capitalize()} is a synthetic term. It exists to measure lookups.",
        }
        seen.add(alias)
        entries.append(entry)
    sample = [str(e["term"]).lower() for e in rng.sample(entries, min(50, n))]
    return {"schema_version": 1, "title": f"synthetic {n}", "entries": entries}, sample


def generate_elsewhere(n: int, path: Path, stardict: Path | None) -> list[str]:
    """Write the synthetic glossary from a child process and return its sample terms.

    The parent must never hold a large glossary: a child forked from a big parent
    reports the parent's memory as its own peak until it execs.
    """
    args = [sys.executable, __file__, "--generate", str(n), str(path)]
    if stardict is not None:
        args.append(str(stardict))
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    return list(json.loads(out))


def _generate(argv: Sequence[str]) -> int:
    n, path = int(argv[0]), Path(argv[1])
    glossary, sample = synthetic(n)
    path.write_text(json.dumps(glossary), encoding="utf-8")
    if len(argv) > 2:
        write_stardict(glossary, Path(argv[2]))
    print(json.dumps(sample))
    return 0


def typo(word: str, rng: random.Random) -> str:
    """A realistic one-edit typo away from the first letter: a swap, a drop or a double."""
    if len(word) < 5:
        return word + word[-1]
    i = rng.randint(1, len(word) - 3)
    kind = rng.choice(("swap", "drop", "double"))
    if kind == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    return word[:i] + word[i] + word[i:]


def write_stardict(glossary: dict[str, object], folder: Path) -> Path:
    """The same glossary as a StarDict dictionary (aliases as synonyms) for sdcv."""
    import struct

    folder.mkdir(parents=True, exist_ok=True)
    entries = sorted(glossary["entries"], key=lambda e: str(e["term"]).lower().encode())  # type: ignore[index]
    body = bytearray()
    idx = bytearray()
    syn: list[tuple[bytes, int]] = []
    for number, e in enumerate(entries):
        text = f"{e['summary']}\n{e['definition']}".encode()
        word = str(e["term"]).encode()
        idx += word + b"\0" + struct.pack(">II", len(body), len(text))
        body += text
        for alias in e.get("aliases", []):
            syn.append((str(alias).encode(), number))
    syn.sort(key=lambda s: s[0].lower())
    (folder / "bench.dict").write_bytes(bytes(body))
    (folder / "bench.idx").write_bytes(bytes(idx))
    (folder / "bench.syn").write_bytes(b"".join(w + b"\0" + struct.pack(">I", n) for w, n in syn))
    (folder / "bench.ifo").write_text(
        "StarDict's dict ifo file\nversion=3.0.0\n"
        f"bookname=bench\nwordcount={len(entries)}\nsynwordcount={len(syn)}\n"
        f"idxfilesize={len(idx)}\nsametypesequence=m\n"
    )
    return folder


DESCRIBE = ("girl", "who", "is", "mean", "but", "secretly", "likes", "him")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="small sizes and few runs (CI)")
    parser.add_argument("--sizes", help="comma-separated glossary sizes")
    parser.add_argument("--runs", type=int, help="runs per command")
    args = parser.parse_args(argv)
    sizes = (
        [int(s) for s in args.sizes.split(",")]
        if args.sizes
        else ([1_000, 10_000] if args.quick else [1_000, 10_000, 100_000, 1_000_000])
    )
    runs = args.runs or (3 if args.quick else 11)
    term = term_cmd()
    rng = random.Random(11)
    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="termcli-bench-") as tmp:
        home = Path(tmp) / "home"
        env = {**os.environ, "TERMCLI_HOME": str(home)}
        for var in ("NO_COLOR", "FORCE_COLOR", "TERMCLI_HIDE_MATURE", "PYTHONDONTWRITEBYTECODE"):
            env.pop(var, None)
        compile_package()
        tty = {**env, "FORCE_COLOR": "1", "COLUMNS": "100"}
        floor = [sys.executable, "-I", "-c", "pass"]
        startup = alternate(
            {
                "floor": (floor, env),
                "rich": ([*term, "lookup", "ntr"], tty),
                "plain": ([*term, "lookup", "ntr", "--plain"], env),
                "typo": ([*term, "lookup", "tsundre"], tty),
                "json": ([*term, "lookup", "ntr", "--json"], env),
                "describe": ([*term, *DESCRIBE], tty),
                "describe-plain": ([*term, *DESCRIBE, "--plain"], env),
            },
            runs,
        )
        base = startup["floor"][0]
        rows.append(("python -I -c pass (floor)", f"{base * 1000:.1f} ms", "1.00× floor"))
        for key, label, budget in (
            ("rich", "term lookup ntr (Rich, FORCE_COLOR=1)", "≤ 8×"),
            ("plain", "term lookup ntr --plain", "≤ 6×"),
            ("json", "term lookup ntr --json", ""),
            ("typo", "term lookup tsundre (Rich)", "≤ 9×"),
            ("describe", "term girl who is mean but secretly likes him (Rich)", "≤ 8×"),
            ("describe-plain", "the same, --plain", "≤ 6×"),
        ):
            t = startup[key][0]
            rows.append((label, f"{t * 1000:.1f} ms", f"{t / base:.2f}× floor {budget}".strip()))
        bundled_lookup = startup["plain"][0]
        rows.extend(completion_rows(term, env, runs))

        queries = "\n".join(
            ["ntr", "yandre", "what does ntr mean", "character card", "kubernetes"] * 400
        )
        t0 = time.perf_counter()
        run_once([*term, "lookup", "--batch"], env, queries.encode())
        batch = time.perf_counter() - t0
        rows.append(
            (
                "term lookup --batch, 2,000 queries",
                f"{batch:.2f} s",
                f"{2000 / batch:,.0f} queries/s",
            )
        )

        for n in sizes:
            path = Path(tmp) / f"synthetic-{n}.json"
            stardict = Path(tmp) / "stardict" if n == max(sizes) and shutil.which("sdcv") else None
            sample = generate_elsewhere(n, path, stardict)
            genv = {**env, "TERMCLI_HOME": str(Path(tmp) / f"home-{n}")}
            t_build, build_rss, code = run_once(
                [*term, "--glossary", str(path), "lookup", sample[0], "--plain"], genv
            )
            assert code == 0, f"lookup in the {n}-entry glossary failed"
            exact_q = sample[1]
            typo_q = (
                typo(sample[2].replace(" ", ""), rng)
                if " " not in sample[2]
                else typo(sample[2], rng)
            )
            timed = alternate(
                {
                    "bundled": ([*term, "lookup", "ntr", "--plain"], env),
                    "exact": ([*term, "--glossary", str(path), "lookup", exact_q, "--plain"], genv),
                    "typo": ([*term, "--glossary", str(path), "lookup", typo_q, "--plain"], genv),
                },
                runs,
            )
            ref = timed["bundled"][0]
            rows.append(
                (
                    f"{n:,} entries: first run (index build + lookup)",
                    f"{t_build:.2f} s",
                    f"peak {build_rss / 1024:.0f} MiB",
                )
            )
            word = exact_q.split()[0]
            t_text, text_rss, _ = run_once(
                [*term, "--glossary", str(path), "search", word, "--plain"], genv
            )
            rows.append(
                (
                    f"{n:,} entries: first search (builds the full-text index unless the first run did)",
                    f"{t_text:.2f} s",
                    f"peak {text_rss / 1024:.0f} MiB; with the lookup index {t_build + t_text:.1f} s",
                )
            )
            searched = alternate(
                {
                    "bundled": ([*term, "lookup", "ntr", "--plain"], env),
                    "search": ([*term, "--glossary", str(path), "search", word, "--plain"], genv),
                },
                runs,
            )
            t, rss = searched["search"]
            rows.append(
                (
                    f"{n:,} entries: term search",
                    f"{t * 1000:.1f} ms",
                    f"{t / searched['bundled'][0]:.2f}× bundled lookup (≤ 3×); peak {rss / 1024:.0f} MiB",
                )
            )
            for key in ("exact", "typo"):
                t, rss = timed[key]
                rows.append(
                    (
                        f"{n:,} entries: {key} lookup",
                        f"{t * 1000:.1f} ms",
                        f"{t / ref:.2f}× bundled lookup; peak {rss / 1024:.0f} MiB",
                    )
                )
            sdcv = shutil.which("sdcv")
            if sdcv and stardict is not None:
                data = stardict
                both = alternate(
                    {
                        "term": (
                            [*term, "--glossary", str(path), "lookup", typo_q, "--plain"],
                            genv,
                        ),
                        "sdcv": ([sdcv, "-n", "--data-dir", str(data), typo_q], env),
                    },
                    runs,
                )
                rows.append(
                    (
                        f"sdcv vs term, typo, {n:,} entries",
                        f"sdcv {both['sdcv'][0] * 1000:.0f} ms / term {both['term'][0] * 1000:.0f} ms",
                        f"sdcv time ÷ term time = {both['sdcv'][0] / both['term'][0]:.2f}",
                    )
                )
            path.unlink()
        gloss_rate = gloss_throughput(quick=args.quick)
        if gloss_rate:
            rows.append(("term gloss core, after start-up", f"{gloss_rate:.1f} MB/s", "≥ 5 MB/s"))
        rows += hostile_rows(term, env, Path(tmp), args.quick)
    del bundled_lookup
    print("| measurement | time | ratio |")
    print("|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    return 0


def completion_rows(term: list[str], env: dict[str, str], runs: int) -> list[tuple[str, str, str]]:
    """One Tab press: an entry name and an option name (both answered before Typer is
    imported; option names from the table cached by the warm-up run), beside the floor
    and the plain lookup they must keep up with."""
    bash = {**env, "_TERM_COMPLETE": "complete_bash"}
    timed = alternate(
        {
            "floor": ([sys.executable, "-I", "-c", "pass"], env),
            "lookup": ([*term, "lookup", "ntr", "--plain"], env),
            "name": (term, {**bash, "COMP_WORDS": "term lookup tsu", "COMP_CWORD": "2"}),
            "option": (term, {**bash, "COMP_WORDS": "term lookup --", "COMP_CWORD": "2"}),
        },
        runs,
    )
    base, lookup = timed["floor"][0], timed["lookup"][0]
    out = []
    for key, label in (
        ("name", "completion: term lookup tsu<TAB> (bash)"),
        ("option", "completion: term lookup --<TAB> (bash)"),
    ):
        t = timed[key][0]
        ratio = f"{t / base:.2f}× floor (lookup --plain {lookup / base:.2f}×) ≤ 6×"
        out.append((label, f"{t * 1000:.1f} ms", ratio))
    return out


def hostile_rows(
    term: list[str], env: dict[str, str], tmp: Path, quick: bool
) -> list[tuple[str, str, str]]:
    """The inputs that once hung (issue 15): one run each, with the exit code."""
    scale = 10 if quick else 1
    query = "word " * (20_000 // scale)
    aliases = [f"alias {i}" for i in range(200_000 // scale)]
    shared = 100_000 // scale
    many = 1_000_000 // scale
    cases: list[tuple[str, list[str], dict[str, object] | None]] = [
        (f"lookup of a {len(query) // 1000} KB query", ["lookup", query], None),
        (f"search of a {len(query) // 1000} KB query", ["search", query], None),
        (
            f"check, one entry with {len(aliases):,} aliases",
            ["check", "--standalone"],
            {"entries": [{"id": "a", "term": "A", "definition": "d", "aliases": aliases}]},
        ),
        (
            f"check, {shared:,} entries sharing one name",
            ["check", "--standalone"],
            {
                "entries": [
                    {"id": f"e{i}", "term": "Same", "definition": "d"} for i in range(shared)
                ]
            },
        ),
        (f"check, {many:,} entries", ["check", "--standalone"], synthetic(many)[0]),
    ]
    out = []
    for label, argv, doc in cases:
        if doc is not None:
            path = tmp / "hostile.json"
            path.write_text(json.dumps({"schema_version": 1, **doc}), encoding="utf-8")
            argv = [*argv, str(path)]
        seconds, _, code = run_once([*term, *argv], env)
        out.append((label, f"{seconds:.2f} s", f"exit {code}; budget 1 s for a query"))
    return out


def gloss_throughput(quick: bool) -> float | None:
    try:
        from termcli.gloss import Glosser
        from termcli.glossary import load
    except ImportError:
        return None
    g = load()
    glosser = Glosser.from_glossary(g)
    sample = (
        "honestly the LN was better than the anime, and the tsundere MC has real gap moe. "
        "my AI companion forgot my name again, the context window is tiny; swipe and it's fine. "
        "no NTR please, vanilla only. 彼女はツンデレだよ. the subway was late so I read scanlations.\n"
    ).replace(". ", ".\n")  # a chat log: one message a line, a glossary term every ~25 bytes
    text = sample * ((1 if quick else 5) * 1_000_000 // len(sample))
    start = time.perf_counter()
    glosser.spans(text)
    elapsed = time.perf_counter() - start
    return len(text.encode()) / 1e6 / elapsed


if __name__ == "__main__":
    if sys.argv[1:2] == ["--generate"]:
        raise SystemExit(_generate(sys.argv[2:]))
    raise SystemExit(main())
