"""Reading a program in a process of its own, telling how far it has got.

The first open of a big program takes seconds (PyYAML on 16 MB). The planner shows a progress
bar meanwhile, and must answer keys at once, ``q`` included: a thread would share the
interpreter's lock with the screen, and could not be stopped (a daemon thread killed inside
pydantic's compiled code at exit aborts the interpreter). A child process runs on another core
and can simply be killed.

The child (``python -m itinerary.program_process PATH [ZONE]``) writes lines on its standard
output, each a word and JSON: ``read [N, M]`` as the parser goes, then ``program {...}``, the
validated program, or ``problems [...]`` / ``message "..."`` for a program it could not read.
Then it leaves the program in the program cache, as ``load_program`` always does, so that the
next open is quick: once it has sent the program it is not killed but let finish that.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from itinerary.errors import DataFileError, ItineraryError, ProgramError
from itinerary.model import Program
from itinerary.program import collector_paused, load_program
from itinerary.validation import validate_json

Progress = Callable[[int, int], None]

# A whole program travels on one line: allow for the biggest program load_program accepts.
LINE_LIMIT = 512 * 1024 * 1024
# Progress lines are sent when another hundredth has been read, not at every chunk.
STEPS = 100
# Seconds a child that has sent the program may take to write it to the cache, at the end.
CACHING_TIMEOUT = 30


class ProgramReader:
    """A child process reading a program file. Started as early as possible (``itinerary``
    starts it before importing the planner, which takes most of a second), then followed from
    the planner's event loop with ``program()``."""

    def __init__(self, path: str | os.PathLike[str], conference_zone: str | None = None):
        self.path = Path(path)
        command = [sys.executable, "-m", "itinerary.program_process", os.fspath(path)]
        if conference_zone:
            command.append(conference_zone)
        self._sent = False  # whether the child has sent the program
        # What the child says on stderr (only a crash does) goes to a file: a pipe nobody
        # reads until the end could fill up and stall it.
        self._errors = tempfile.TemporaryFile()  # noqa: SIM115 (closed by stop)
        try:
            self._child = subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=self._errors
            )
        except OSError as error:
            self._errors.close()
            raise ProgramError(
                [f"{self.path}: could not start a process to read it: {error.strerror or error}"]
            ) from None

    async def program(self, progress: Progress) -> Program:
        """The program, once the child has read it; ``progress`` is called as it reads. Raise
        ProgramError (or ItineraryError) as ``load_program`` would. Cancelling kills the
        child, and so does an error; once the program is here, the child is left to cache it."""
        loop = asyncio.get_running_loop()
        lines = asyncio.StreamReader(limit=LINE_LIMIT)
        assert self._child.stdout is not None
        transport, _ = await loop.connect_read_pipe(
            lambda: asyncio.StreamReaderProtocol(lines), self._child.stdout
        )
        try:
            while line := await lines.readline():
                word, _, rest = line.partition(b" ")
                if word == b"read":
                    progress(*json.loads(rest))
                elif word == b"program":
                    self._sent = True  # from now on, it is caching the program: let it
                    with collector_paused():
                        return validate_json(Program, rest)
                elif word == b"problems":
                    raise ProgramError(json.loads(rest))
                elif word == b"message":
                    raise ItineraryError(json.loads(rest))
            status = self._child.wait()  # its output has ended: it has exited, or is about to
            self._errors.seek(0)
            said = self._errors.read().decode("utf-8", "replace").strip().splitlines()
            raise ProgramError([f"{self.path}: reading it failed: {_why(status, said)}"])
        finally:
            transport.close()
            if not self._sent:
                self.stop()

    def stop(self) -> None:
        """Kill the child if it is still reading; once it has sent the program, let it finish
        writing the program cache (killed only if that takes unreasonably long)."""
        if self._child.poll() is None:
            if self._sent:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self._child.wait(timeout=CACHING_TIMEOUT)
            if self._child.poll() is None:
                self._child.kill()
                self._child.wait()
        self._errors.close()


def _why(status: int, said: list[str]) -> str:
    """Why a child ended without an answer: the last line it wrote (a crash's exception), or
    the signal that killed it (the kernel's out-of-memory killer sends SIGKILL)."""
    if said:
        return said[-1]
    if status < 0:
        with contextlib.suppress(ValueError):
            return f"the reading process was killed ({signal.Signals(-status).name})"
    return f"the reading process ended with status {status}"


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

    def send(program: bytes) -> None:
        out.buffer.write(b"program " + program + b"\n")
        out.flush()

    try:
        # The program is sent as soon as it is validated; the cache is written after.
        load_program(path, zone[0] if zone else None, reading, as_json=send)
    except DataFileError as error:
        tell("problems", error.problems)
    except ItineraryError as error:
        tell("message", str(error))
    return 0


if __name__ == "__main__":
    try:
        status = main()
    except BrokenPipeError:  # the planner quit while this was reading
        status = 1
    # Freeing a big program object by object takes longer than reading it back; nothing is
    # left to save (the cache is written atomically, standard output flushed).
    os._exit(status)
