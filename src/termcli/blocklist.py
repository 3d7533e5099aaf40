"""The personal block list: what a person never wants to see, kept in the config file.

A rule is an entry (by id or any of its names), ``tag:T`` or ``category:C``. Rules
come from ``hide = [...]`` in config.toml, ``$TERMCLI_HIDE`` (comma-separated) and
``--hide`` (this run only); ``term hide`` and ``term unhide`` edit the config file in
one atomic write that keeps every other setting as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from termcli.errors import UsageError
from termcli.model import Entry

ENV = "TERMCLI_HIDE"
_HIDE_LINE = re.compile(r"(?ms)^hide\s*=\s*\[.*?\]\s*\n?")


def normalized(rule: str) -> str:
    """A rule as stored: ``tag:`` and ``category:`` prefixes lowercased, text trimmed."""
    rule = rule.strip()
    head, sep, tail = rule.partition(":")
    if sep and head.strip().lower() in ("tag", "category"):
        return f"{head.strip().lower()}:{tail.strip().lower()}"
    return rule


def blocks(entry: Entry, rules: Sequence[str]) -> bool:
    """Whether any rule hides ``entry``."""
    if not rules:
        return False
    from termcli.normalize import strict_key

    names = {strict_key(n) for n in (*entry.names(), entry.id)}
    tags = {t.lower() for t in entry.tags}
    categories = {c.lower() for c in entry.categories}
    for rule in rules:
        if rule.startswith("tag:"):
            if rule[4:] in tags:
                return True
        elif rule.startswith("category:"):
            if rule[9:] in categories:
                return True
        elif strict_key(rule) in names:
            return True
    return False


def from_env(value: str | None) -> list[str]:
    return [normalized(r) for r in (value or "").split(",") if r.strip()]


def _toml_list(rules: Iterable[str]) -> str:
    import json

    return "hide = [" + ", ".join(json.dumps(r, ensure_ascii=False) for r in rules) + "]\n"


def write(config: Path, rules: Sequence[str]) -> None:
    """Store ``rules`` as the config's ``hide`` list, keeping everything else as written."""
    from termcli import atomic

    try:
        text = config.read_text(encoding="utf-8") if config.exists() else ""
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read the config file {config} ({exc})") from None
    rest = _HIDE_LINE.sub("", text)
    head, sep, tail = rest.partition("\n[")  # top-level keys must come before any table
    new = head.rstrip("\n") + ("\n" if head.strip() else "") + _toml_list(rules)
    if sep:
        new += "\n[" + tail
    import tomllib

    try:
        tomllib.loads(new)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"the config file {config} could not be updated safely ({exc})") from None
    config.parent.mkdir(parents=True, exist_ok=True)
    atomic.write_atomic(config, new.encode("utf-8"), keep_mode=True)
