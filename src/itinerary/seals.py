"""Seals: a file we validated and wrote is known again by the digest of its bytes.

Validating with pydantic (importing it and building a validator) costs more than the rest of
``itinerary list`` together, so a file itinerary writes (the state, the preferences) is sealed
as it is written: a hidden file beside it holds the digest of the bytes written, and of which
kind and format they are. When the bytes read have that digest, they are ours, validated
before, and are built without validating again; any other (edited by hand, copied from
elsewhere, written by an older itinerary, its seal lost or stale) is validated in full. A seal
is a cache: losing one costs only speed.

A seal may also carry, after its line, what the file says in a form that is quicker to read than
the file itself (the state's JSON: parsing a state of 500 stars as YAML takes 60 ms, its JSON
one), so that a sealed file need not even be parsed.
"""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path

from itinerary.errors import StorageError
from itinerary.files import TooLarge, read_at_most, write_atomically

MAX_SEAL_BYTES = 256  # the seal's line; what it carries has a limit of its kind's


def seal_path(path: Path) -> Path:
    """Beside the file, hidden: moved, copied or lost with it, never confused with it."""
    return path.with_name(f".{path.name}.seal")


def seal_of(data: bytes, kind: str) -> bytes:
    return f"itinerary seal {kind} sha256:{hashlib.sha256(data).hexdigest()}\n".encode()


def sealed_content(path: Path, data: bytes, kind: str, limit: int = 0) -> bytes | None:
    """What the seal carries (b"" for nothing) when ``data``, read from ``path``, is what we
    wrote there as ``kind`` and sealed; else None. ``limit``: the most it may carry."""
    try:
        seal = read_at_most(
            seal_path(path), MAX_SEAL_BYTES + limit, regular_only=True, follow_symlinks=False
        )
    except (OSError, TooLarge):  # none, unreadable, a link, too large: validate instead
        return None
    line = seal_of(data, kind)
    return seal[len(line) :] if seal.startswith(line) else None


def is_sealed(path: Path, data: bytes, kind: str) -> bool:
    """Whether ``data``, read from ``path``, is what we wrote there as ``kind`` and sealed."""
    return sealed_content(path, data, kind) == b""


def write_seal(path: Path, data: bytes, kind: str, content: bytes = b"") -> None:
    """Seal ``data``, just written to ``path``, carrying ``content``. A seal that cannot be
    written costs only speed (the next read validates), so it never fails a save."""
    with contextlib.suppress(OSError, StorageError):  # (a folder in its place, a full disk)
        write_atomically(seal_path(path), seal_of(data, kind) + content)


def remove_seal(path: Path) -> None:
    with contextlib.suppress(OSError):
        seal_path(path).unlink()
