"""Finding processes the planner started, from outside: what a person would see in ``ps``; and
running the planner's program reader to its end, as the tests of the reading process do."""

from __future__ import annotations

import os
from pathlib import Path

from itinerary.model import Program
from itinerary.program_process import ProgramReader, Progress

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


async def load_program_in_child(
    path: str | os.PathLike[str], conference_zone: str | None, progress: Progress
) -> Program:
    """``load_program`` run by a child process (see ProgramReader), returning once the child
    is done, the program cache written."""
    reader = ProgramReader(path, conference_zone)
    try:
        return await reader.program(progress)
    finally:
        reader.stop()
