"""Finding processes the planner started, from outside: what a person would see in ``ps``."""

from __future__ import annotations

import os
from pathlib import Path

HAS_PROC = Path("/proc").is_dir()


def children_reading(path: Path) -> list[int]:
    """Processes whose command line is the program reader's child reading ``path``."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            command = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"itinerary.program_process" in command and os.fsencode(path) in command:
            found.append(int(entry.name))
    return found
