"""Start-up guard: importing the CLI must not drag in the heavy libraries.

Each costs milliseconds on every run; they are imported inside the functions that
need them (typer's own tests/test_rich_import.py does the same check).
"""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("rich", "rapidfuzz", "sqlite3", "pydantic", "platformdirs", "markdown_it")


def loaded_after(code: str) -> set[str]:
    probe = f"import sys, json\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return {m.split(".")[0] for m in json.loads(out.stdout)}


def test_import_cli_loads_no_heavy_module() -> None:
    loaded = loaded_after("import termcli.cli")
    assert not loaded & set(HEAVY), loaded & set(HEAVY)


def test_fast_path_plain_lookup_loads_neither_typer_nor_rich() -> None:
    code = (
        "import os, io, contextlib; os.environ['NO_COLOR']='1';"
        "from termcli.entry import main;"
        "buf = io.StringIO();\n"
        "with contextlib.redirect_stdout(buf): main(['lookup', 'ntr', '--plain'])"
    )
    loaded = loaded_after(code)
    # sqlite3 is expected: the bundled glossary is read from its compiled index.
    assert not loaded & {"typer", "click", "rich", "pydantic", "rapidfuzz"}, loaded


def test_a_card_in_a_terminal_is_drawn_without_rich() -> None:
    code = (
        "import os, io, contextlib; os.environ['FORCE_COLOR']='1'; os.environ.pop('NO_COLOR', None)\n"
        "from termcli.entry import main\n"
        "buf = io.StringIO()\n"
        "with contextlib.redirect_stdout(buf): main(['lookup', 'ntr', '--no-pager'])\n"
        "assert '\\x1b[1;36mNetorare' in buf.getvalue(), buf.getvalue()[:200]"
    )
    loaded = loaded_after(code)
    assert not loaded & {"typer", "click", "rich"}, loaded


def test_fast_path_plain_search_loads_neither_typer_nor_rich() -> None:
    code = (
        "import os, io, contextlib; os.environ['NO_COLOR']='1';"
        "from termcli.entry import main;"
        "buf = io.StringIO();\n"
        "with contextlib.redirect_stdout(buf): code = main(['search', 'betrayal', '--plain'])\n"
        "assert code == 0 and 'Netorare' in buf.getvalue(), buf.getvalue()"
    )
    loaded = loaded_after(code)
    assert not loaded & {"typer", "click", "rich", "pydantic"}, loaded


def test_records_survive_pickling_in_any_slot_order() -> None:
    import pickle

    from termcli.glossary import load
    from termcli.keyindex import MemoryIndex

    g = load()
    index = MemoryIndex.from_glossary(g)
    g2, index2 = pickle.loads(pickle.dumps((g, index)))
    assert g2.entries == g.entries and g2.title == g.title
    assert g2.entries["netorare"].term == "Netorare"
    assert index2.exact("ntr", False) == index.exact("ntr", False)


def test_fast_lookup_loads_no_export_or_import_module() -> None:
    """Writing files and reading exports are for the commands that do it."""
    probe = (
        "import os, io, sys, json, contextlib; os.environ['NO_COLOR']='1'\n"
        "from termcli.entry import main\n"
        "with contextlib.redirect_stdout(io.StringIO()): main(['lookup', 'ntr', '--plain'])\n"
        "print(json.dumps(sorted(sys.modules)))"
    )
    # The first run builds the index (reading the JSON); the run measured is the next.
    subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    loaded = set(json.loads(out.stdout))
    unwanted = {
        "secrets",
        "termcli.export",
        "termcli.safefiles",
        "termcli.markdown",
        "termcli.notes_io",
        "termcli.jsonstream",
        "termcli.importer",
    }
    assert not loaded & unwanted, loaded & unwanted
