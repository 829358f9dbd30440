"""Reading and writing files safely: bounded reads that never hang, atomic writes that never
leave half a file.

A reader takes at most a given number of bytes, whatever the file claims, and can refuse
anything but a regular file (a named pipe would hang, a device never ends). A writer puts the
bytes in a temporary file beside the target, fsyncs it, renames it over the target and fsyncs
the directory: a process killed at any instant leaves the old bytes or the new.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from datetime import datetime, timezone
from pathlib import Path

from itinerary.errors import StorageError


class TooLarge(Exception):
    """A file over the size a reader accepts."""


class NotARegularFile(OSError):
    """A named pipe, a device or a socket where only a file will do (a state, a cache entry)."""


def read_at_most(
    path: Path, limit: int, *, regular_only: bool = False, follow_symlinks: bool = True
) -> bytes:
    """The bytes of ``path``, or TooLarge past ``limit``: read up to the limit, not by the size
    the file claims (a device such as /dev/zero claims none and never ends). OSError as open.

    Opened without waiting, so that a named pipe nobody writes to cannot hang the open; with
    ``regular_only`` anything but a file (a pipe, a device) is NotARegularFile, never read;
    without ``follow_symlinks`` a symbolic link is an OSError (ELOOP)."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    if not follow_symlinks:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    descriptor = os.open(path, flags)
    with open(descriptor, "rb") as stream:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            if regular_only:
                raise NotARegularFile(errno.EINVAL, "not a regular file", str(path))
            os.set_blocking(descriptor, True)  # a pipe given on purpose (<(curl …)): wait for it
        elif status.st_size > limit:  # a regular file says its size: no need to read it
            raise TooLarge(path)
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(path)
    return data


def write_atomically(path: Path, data: bytes, *, private: bool = True) -> None:
    """Replace ``path`` by ``data`` so that, whatever happens, it holds the old bytes or the new.

    Written to a temporary file in the same directory, flushed to disk, renamed over ``path``;
    the directory is synced so the rename itself survives a power cut. Raises StorageError,
    with ``path`` untouched, when the disk is full, read-only or missing.

    A symbolic link is written through (its target is replaced, the link stays), and a device
    or pipe (/dev/null, /dev/stdout) is written to as it is: renaming a file over it would
    replace it.
    """
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    if path.is_dir():  # os.replace would say "Device or resource busy" for "." or "/"
        raise StorageError(f"could not save {path}: it is a folder; give a file name")
    if path.exists() and not path.is_file():
        try:
            with open(path, "wb") as stream:
                stream.write(data)
        except OSError as error:
            raise StorageError(f"could not write {path}: {error.strerror or error}") from None
        return
    import tempfile  # only when writing: most commands only read

    try:
        handle, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
        )
    except OSError as error:
        raise StorageError(f"could not write {path}: {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            if not private:  # a file for the person to use elsewhere: the usual permissions
                os.fchmod(stream.fileno(), 0o666 & ~_umask())
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise StorageError(
                f"could not save {path}: {error.strerror or error}; "
                "what was saved before is unchanged"
            ) from None
        raise
    _fsync_directory(path.parent)


def _umask() -> int:
    """The process's umask: it can only be read by setting it, so it is set straight back."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _fsync_directory(directory: Path) -> None:
    """Make the rename itself durable (POSIX); a no-op where directories cannot be opened."""
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def move_aside(path: Path, why: object) -> Path:
    """Move a file that cannot be read (``why``) out of the way, never deleting it: renamed
    beside itself as ``NAME.unreadable-<UTC time>``. Returns the new path; a StorageError that
    says nothing was changed when even that fails."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    aside = path.with_name(f"{path.name}.unreadable-{stamp}")
    try:
        os.replace(path, aside)
    except OSError as error:
        raise StorageError(
            f"{path} cannot be read ({why}) and could not be moved aside: "
            f"{error.strerror or error}. Nothing was changed."
        ) from None
    return aside


def unreadable_reason(why: Exception, limit: int) -> str:
    """Why a small file of ours (at most ``limit`` bytes) could not be read, as its notice says
    it: too large, not a regular file, not UTF-8, else the parser's or the checks' own words."""
    if isinstance(why, TooLarge):
        return f"it is over {limit:,} bytes"
    if isinstance(why, NotARegularFile):
        return "it is not a regular file"
    if isinstance(why, UnicodeDecodeError):
        return "it is not UTF-8 text"
    return str(getattr(why, "message", why))  # a YamlProblem keeps its words apart


def set_aside_notice(path: Path, why: str, said: str, instead: str) -> str:
    """Move ``path`` aside (``move_aside``) and say so: "SAID could not be read (WHY); the file
    was moved to … and INSTEAD", or, when even the move fails, why, and INSTEAD."""
    try:
        aside = move_aside(path, why)
    except StorageError as error:
        return f"{error} {instead[:1].upper()}{instead[1:]}."
    return f"{said} could not be read ({why}); the file was moved to {aside} and {instead}"
