"""Reading a program in a process of its own, telling how far it has got.

The first open of a big program takes seconds (PyYAML on 16 MB). The planner shows a progress
bar meanwhile, and must answer keys at once, ``q`` included: a thread would share the
interpreter's lock with the screen, and could not be stopped (a daemon thread killed inside
pydantic's compiled code at exit aborts the interpreter). A child process runs on another core
and can simply be killed.

The child (``python -m itinerary.program_process PATH [ZONE]``) writes lines on its standard
output, each a word and JSON: ``read [N, M]`` as the parser goes, then ``program {...}``, the
validated program, or ``problems [...]`` / ``message "..."`` for a program it could not read.
It also leaves the program in the program cache, as ``load_program`` always does, so that the
next open is quick.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sys
from collections.abc import Callable, Sequence

from itinerary.errors import DataFileError, ItineraryError, ProgramError
from itinerary.model import Program
from itinerary.program import load_program
from itinerary.yamlfile import collector_paused

Progress = Callable[[int, int], None]

# A whole program travels on one line: allow for the biggest program load_program accepts.
LINE_LIMIT = 512 * 1024 * 1024
# Progress lines are sent when another hundredth has been read, not at every chunk.
STEPS = 100


async def load_program_in_child(
    path: str | os.PathLike[str], conference_zone: str | None, progress: Progress
) -> Program:
    """``load_program`` run by a child process; ``progress`` is called as it reads. Raise
    ProgramError (or ItineraryError) as ``load_program`` would. Cancelling kills the child."""
    command = [sys.executable, "-m", "itinerary.program_process", os.fspath(path)]
    if conference_zone:
        command.append(conference_zone)
    child = await asyncio.create_subprocess_exec(
        *command,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        limit=LINE_LIMIT,
    )
    assert child.stdout is not None and child.stderr is not None
    try:
        errors = asyncio.ensure_future(child.stderr.read())
        while line := await child.stdout.readline():
            word, _, rest = line.partition(b" ")
            if word == b"read":
                progress(*json.loads(rest))
            elif word == b"program":
                with collector_paused():
                    return Program.model_validate_json(rest)
            elif word == b"problems":
                raise ProgramError(json.loads(rest))
            elif word == b"message":
                raise ItineraryError(json.loads(rest))
        status = await child.wait()
        said = (await errors).decode("utf-8", "replace").strip().splitlines()
        last = said[-1] if said else f"exit status {status}"
        raise ProgramError([f"{os.fspath(path)}: reading it failed: {last}"])
    finally:
        if child.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                child.kill()
            await child.wait()


def main(argv: Sequence[str] | None = None) -> int:
    """The child: read the program named in ``argv``, answering on standard output."""
    path, *zone = sys.argv[1:] if argv is None else argv
    out = sys.stdout
    shown = -1

    def tell(word: str, message: object) -> None:
        out.write(f"{word} {json.dumps(message, ensure_ascii=False)}\n")
        out.flush()

    def reading(done: int, total: int) -> None:
        nonlocal shown
        step = done * STEPS // max(total, 1)
        if step != shown:
            shown = step
            tell("read", [done, total])

    try:
        program = load_program(path, zone[0] if zone else None, reading)
    except DataFileError as error:
        tell("problems", error.problems)
        return 0
    except ItineraryError as error:
        tell("message", str(error))
        return 0
    out.write(f"program {program.model_dump_json()}\n")
    out.flush()
    return 0


if __name__ == "__main__":
    try:
        status = main()
    except BrokenPipeError:  # the planner quit while this was reading
        status = 1
    # Freeing a big program object by object takes longer than reading it back; nothing is
    # left to save (the cache is written atomically, standard output flushed).
    os._exit(status)
