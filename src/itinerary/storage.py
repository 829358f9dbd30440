"""The person's state for one program: read, changed under a lock, written atomically, versioned.

One small YAML file per program (``paths.state_file``). Every change is a function applied
under the file's lock to what is on disk *now*, then written atomically (``files``). So a
process killed at any instant leaves the old state or the new, and two processes changing stars
at once both keep their changes.
"""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from itinerary.errors import StorageError
from itinerary.files import (
    NotARegularFile,
    TooLarge,
    move_aside,
    read_at_most,
    write_atomically,
)
from itinerary.paths import state_dir, state_file
from itinerary.sealed_state import SEAL_KIND, trusted_state
from itinerary.seals import remove_seal, seal_path, sealed_content, write_seal
from itinerary.selection import STATE_FORMAT, State
from itinerary.validation import adapter, dump, validate_or

if TYPE_CHECKING:
    import filelock

    from itinerary.yamlfile import SafeDumper

LOCK_TIMEOUT_SECONDS = 15
LOCK_POLL_SECONDS = 0.005
MAX_STATE_BYTES = 16 * 1024 * 1024


class StateStore:
    """The state of one program: read it, and change it safely."""

    def __init__(self, program_id: str, home: Path | None = None) -> None:
        self.program_id = program_id
        self.directory = state_dir(home)
        self.path = state_file(program_id, home)
        self._lock: filelock.FileLock | None = None  # made when first needed (see _locked)
        # Things the person must be told (a state file moved aside); the faces print them.
        self.notices: list[str] = []

    def load(self) -> State:
        """The state on disk; a fresh one if there is none. An unreadable file is moved aside
        (never emptied in place) and the move is reported in ``notices``."""
        try:
            return self._read()
        except _Unreadable:
            with self._locked():
                return self._read_or_set_aside()

    def update(self, change: Callable[[State], State]) -> State:
        """Apply ``change`` to the state on disk, under the lock, and save the result at once."""
        with self._locked():
            current = self._read_or_set_aside()
            changed = change(current)
            if changed != current:
                changed = self._write(changed)
            return changed

    def forget(self) -> bool:
        """Remove the state file (``itinerary remove --forget-stars``); whether there was one."""
        with self._locked():
            try:
                self.path.unlink()
                remove_seal(self.path)
            except FileNotFoundError:
                return False
            except OSError as error:
                why = error.strerror or error
                raise StorageError(f"cannot remove {self.path}: {why}") from None
            return True

    @staticmethod
    def prepare_writing() -> None:
        """Build the state's validator now (importing pydantic), so that the first change the
        planner saves does not wait for it: a fifth of a second, once."""
        adapter(State)

    def signature(self) -> tuple[int, int, int] | None:
        """What changes when the state file is written (by anyone): its inode, size and time of
        change; None while there is none. Cheap enough to ask every second."""
        try:
            status = os.stat(self.path)
        except OSError:
            return None
        return status.st_ino, status.st_size, status.st_mtime_ns

    # --- reading ----------------------------------------------------------------------------

    def _read(self) -> State:
        try:
            data = read_at_most(self.path, MAX_STATE_BYTES, regular_only=True)
        except FileNotFoundError:
            return State(program=self.program_id)
        except TooLarge:
            raise _Unreadable(
                f"it is over {MAX_STATE_BYTES:,} bytes, far more than any state"
            ) from None
        except NotARegularFile:  # a named pipe would hang every command; a device never ends
            raise _Unreadable("it is not a regular file (a named pipe or a device)") from None
        except OSError as error:
            raise StorageError(f"cannot read {self.path}: {error.strerror or error}") from None
        carried = sealed_content(self.path, data, SEAL_KIND, MAX_STATE_BYTES)
        state = _from_json(carried) if carried else None
        if state is None:
            state = self._parsed(data, sealed=carried is not None)
        if state.program != self.program_id:
            raise _Unreadable(f"it belongs to program {state.program!r}")
        return state

    def _parsed(self, data: bytes, *, sealed: bool) -> State:
        """The state file's YAML, validated unless it is sealed (ours, as we wrote it)."""
        from itinerary.yamlfile import YamlProblem, parse_yaml  # (a seal's state needs neither)

        try:
            document = parse_yaml(data)
        except YamlProblem as problem:
            where = f" at line {problem.position.line}" if problem.position else ""
            raise _Unreadable(f"{problem.message}{where}") from None
        content = document.data
        version = content.get("format") if isinstance(content, dict) else None
        if isinstance(version, int) and version > STATE_FORMAT:
            raise StorageError(
                f"{self.path} was written by a newer itinerary (state format {version}; this "
                f"one reads {STATE_FORMAT}). Upgrade itinerary; the file was left as it is."
            )
        if version == STATE_FORMAT and sealed:
            return trusted_state(content)  # (a mapping: it says its format)
        return validate_or(State, content, _Unreadable)

    def _read_or_set_aside(self) -> State:
        """Under the lock: read, or move an unreadable file aside and start clean."""
        try:
            return self._read()
        except _Unreadable as why:
            aside = move_aside(self.path, why)
            self.notices.append(
                f"your saved stars in {self.path} could not be read ({why}); the file was "
                f"moved to {aside} and a fresh state was started"
            )
            return State(program=self.program_id)

    # --- writing ----------------------------------------------------------------------------

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        # filelock is imported only here: a command that only reads (most do) spares its
        # import, a tenth of the start-up of `itinerary list`.
        import filelock

        if self._lock is None:
            self._lock = filelock.FileLock(str(self.path) + ".lock", timeout=LOCK_TIMEOUT_SECONDS)
        lock = self._lock
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StorageError(
                f"cannot create {self.directory}: {error.strerror or error}"
            ) from None
        try:
            # Poll often: a waiting process gets its turn soon after the holder lets go.
            lock.acquire(poll_interval=LOCK_POLL_SECONDS)
        except filelock.Timeout:
            raise StorageError(
                f"{self.path} stayed locked by another itinerary for {LOCK_TIMEOUT_SECONDS} s; "
                "nothing was changed"
            ) from None
        except OSError as error:  # a read-only disk, a folder where the lock file goes
            raise StorageError(
                f"cannot lock {lock.lock_file}: {error.strerror or error}; nothing was changed"
            ) from None
        try:
            self._remove_stale_temporaries()
            yield
        finally:
            lock.release()

    def _write(self, state: State) -> State:
        """Write ``state`` validated (a limit on reading is one on writing), and seal what was
        written (``seals``); the state as written. Never replace a readable file by one we could
        not read back (that would lose it all on the next start, when the unreadable file is
        moved aside). The safe dumper writes only what the safe loader reads, except text that
        is not valid Unicode: check that."""
        state = validate_or(State, state, lambda why: StorageError(
            f"could not save {self.path}: {why}; what was saved before is unchanged"
        ))  # fmt: skip
        content = _content(state)
        try:
            data = _render(state.program, content).encode("utf-8")
        except UnicodeEncodeError as error:
            raise StorageError(
                f"could not save {self.path}: it would hold text that is not valid Unicode "
                f"({error.reason}); what was saved before is unchanged"
            ) from None
        if len(data) > MAX_STATE_BYTES:  # the limit on reading, kept on writing
            raise StorageError(
                f"could not save {self.path}: it would be {len(data):,} bytes, over the "
                f"{MAX_STATE_BYTES:,} a state may be (and could not be read back); what was "
                "saved before is unchanged"
            )
        remove_seal(self.path)  # (a reader between the two writes validates the file)
        write_atomically(self.path, data)
        write_seal(self.path, data, SEAL_KIND, _as_json(content))
        return state

    def _remove_stale_temporaries(self) -> None:
        """Temporaries left by a process killed mid-write; safe to remove under the lock."""
        for name in (self.path.name, seal_path(self.path).name):
            for leftover in self.directory.glob(f".{name}.*.tmp"):
                with contextlib.suppress(OSError):
                    leftover.unlink()


class _Unreadable(Exception):
    """A state file that exists but is not a state of this program."""


class _Flow(list[object]):
    """A list written on one line: an export record is ``event: [0, fingerprint, time]``."""


@functools.cache
def _state_dumper() -> type[SafeDumper]:
    """The safe dumper, with an export record on one line; made on the first write (PyYAML is
    imported then: a command that only reads its state, most do, needs none of it)."""
    from itinerary.yamlfile import SafeDumper

    class StateDumper(SafeDumper):
        pass

    StateDumper.add_representer(
        _Flow, lambda dumper, data: dumper.represent_sequence("tag:yaml.org,2002:seq", data, True)
    )
    return StateDumper


def _content(state: State) -> dict[str, Any]:
    """What the state file says, as plain data (what parsing it gives back)."""
    data: dict[str, Any] = dump(state)
    data["format"] = STATE_FORMAT  # an older file read in is written in today's format
    data["exports"] = {event: _Flow(short) for event, short in state.short_exports().items()}
    return data


def _render(program: str, content: dict[str, Any]) -> str:
    import yaml

    header = (
        f"# itinerary: your stars for program {program!r}. Written by itinerary on every\n"
        "# change; safe to read, and to edit while no itinerary is running.\n"
    )
    return header + yaml.dump(
        content,
        Dumper=_state_dumper(),
        sort_keys=False,
        allow_unicode=True,
        width=100,
    )


def _as_json(content: dict[str, Any]) -> bytes:
    """The content as its seal carries it; nothing past the limit a seal is read with."""
    import orjson  # (a C library: a millisecond)

    carried = orjson.dumps(content)
    return carried if len(carried) <= MAX_STATE_BYTES else b""


def _from_json(carried: bytes) -> State | None:
    """The state a seal carries; None for a seal damaged since (the file is parsed instead)."""
    import orjson

    try:
        return trusted_state(orjson.loads(carried))
    except (ValueError, KeyError, TypeError, AttributeError, IndexError):
        return None
