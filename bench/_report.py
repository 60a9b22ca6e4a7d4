"""Write one benchmark's results into its own section of docs/benchmarks.md.

Each benchmark owns the text between ``<!-- bench:NAME -->`` and ``<!-- /bench:NAME -->``; running it again
replaces that section only, so results stay next to the command that produced them.
"""

from __future__ import annotations

import fcntl
import platform
import re
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "benchmarks.md"
SHARED = ROOT.parent / "shared"

HEADER = """# Benchmarks

Every figure here was produced by the command shown beside it, on the project's standard machine (2 cores,
24 GiB, no GPU) unless stated otherwise. Re-running a command rewrites its own section. Speed is reported as a
ratio against a peer measured on the same input in the same run where a peer exists; absolute times drift.
"""


# The exit status of a benchmark whose data is not there: it measured nothing, so it must not look like a pass
# (0) or like a result under its floor (1).
NO_DATA = 2


def missing_data(*paths: Path) -> int | None:
    """:data:`NO_DATA`, after naming each of ``paths`` that does not exist on stderr; None when all exist."""
    absent = [p for p in paths if not p.exists()]
    for p in absent:
        print(f"benchmark data not found: {p} (see ../shared/data/README.md)", file=sys.stderr)
    return NO_DATA if absent else None


def machine() -> str:
    return f"{platform.python_implementation()} {platform.python_version()}, {platform.machine()}, " \
           f"{datetime.now(UTC).strftime('%Y-%m-%d')}"


def write_section(name: str, title: str, command: str, body: str) -> None:
    """Replace (or append) the section ``name`` of docs/benchmarks.md."""
    DOC.parent.mkdir(parents=True, exist_ok=True)
    section = (
        f"<!-- bench:{name} -->\n## {title}\n\nCommand: `{command}`  \nRun: {machine()}\n\n"
        f"{body.strip()}\n<!-- /bench:{name} -->"
    )
    with open(DOC.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        text = DOC.read_text(encoding="utf-8") if DOC.exists() else HEADER
        pattern = re.compile(rf"<!-- bench:{re.escape(name)} -->.*?<!-- /bench:{re.escape(name)} -->", re.S)
        if pattern.search(text):
            text = pattern.sub(lambda _m: section, text)
        else:
            text = text.rstrip() + "\n\n" + section + "\n"
        tmp = DOC.with_suffix(".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(DOC)


def table(headers: list[str], rows: list[list[object]]) -> str:
    """A Markdown table."""
    out = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(out)
