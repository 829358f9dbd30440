"""Itineraries shared as files: writing mine, and reading someone else's safely.

A share file comes from someone else, through chat or mail. Reading one never trusts it: at most
1 MiB, the safe YAML loader with tight limits on aliases and nesting, every field checked, unknown
fields refused; and nothing in my state changes until the whole file has been read and matched
(``share_import``). An exported calendar is read as a share file too (``share_calendar``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import unicodedata
from datetime import datetime
from pathlib import Path

import yaml

from itinerary.datafile import FileKind, load_model
from itinerary.display import printable
from itinerary.errors import ShareError
from itinerary.files import TooLarge, read_at_most
from itinerary.model import UTC, Program
from itinerary.selection import MAX_NOTE_CHARS, State, starred_items
from itinerary.share_calendar import read_calendar
from itinerary.share_format import (
    MAX_CALENDAR_BYTES,
    MAX_NAME_CHARS,
    MAX_PROGRAM_TITLE_CHARS,
    MAX_SHARE_BYTES,
    MAX_SHARE_DEPTH,
    MAX_SHARE_NODES,
    MAX_TITLE_CHARS,
    SharedProgram,
    SharedStar,
    ShareFile,
    clip,
    program_fingerprint,
)
from itinerary.validation import dump, validate, validate_or
from itinerary.yamlfile import SafeDumper

# --- writing --------------------------------------------------------------------------------


def build_share(program: Program, state: State, owner: str, now: datetime) -> ShareFile:
    """The share file of ``state``. Titles (and notes saved before notes had a limit) longer
    than a share file carries are shortened; ``owner`` must fit (ShareError)."""
    if not 0 < len(owner) <= MAX_NAME_CHARS:
        raise ShareError([f"give a name of 1 to {MAX_NAME_CHARS} characters (--name)"])
    share = ShareFile(
        program=SharedProgram(
            id=program.id,
            title=clip(program.title, MAX_PROGRAM_TITLE_CHARS),
            fingerprint=program_fingerprint(program),
        ),
        owner=owner,
        written=now.astimezone(UTC),
        stars=tuple(
            SharedStar(
                id=entry.item.id,
                title=clip(entry.item.title, MAX_TITLE_CHARS),
                start=entry.item.starts,
                priority=entry.star.priority,
                note=clip(entry.star.note, MAX_NOTE_CHARS),
            )
            for entry in starred_items(state, program)
        ),
    )
    # The limits a share file is read with, kept in writing one.
    return validate_or(
        ShareFile, share, lambda why: ShareError([f"cannot write the share file: {why}"])
    )


def _comment(text: str) -> str:
    """Text fit for a YAML comment: on one line (YAML also breaks lines at U+0085, U+2028 and
    U+2029, which would turn the rest of the title into YAML) and printable (a reader refuses a
    file holding DEL or C1 anywhere, comments included)."""
    return json.dumps(printable(text, single_line=True), ensure_ascii=False)


def render_share(share: ShareFile) -> str:
    header = (
        f"# The itinerary of {_comment(share.owner)} for "
        f"{_comment(share.program.title)}, shared from itinerary.\n"
        "# Open it with: itinerary import FILE (--merge, --replace or --overlay)\n"
    )
    body = yaml.dump(
        dump(share),
        Dumper=SafeDumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
    )
    return header + body


def share_file_name(owner: str) -> str:
    """``Ada Lovelace`` → ``ada-lovelace.itinerary.yaml``."""
    ascii_name = unicodedata.normalize("NFKD", owner).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60] or "my"
    return f"{stem}.itinerary.yaml"


# --- reading --------------------------------------------------------------------------------


def read_share(data: bytes, source: str, program: Program) -> ShareFile:
    """A share file or an exported calendar, checked and turned into a ShareFile."""
    if len(data) > MAX_CALENDAR_BYTES or (len(data) > MAX_SHARE_BYTES and not is_calendar(data)):
        limit = MAX_CALENDAR_BYTES if is_calendar(data) else MAX_SHARE_BYTES
        raise ShareError(
            [
                f"{source}: {len(data):,} bytes is too large for a share file "
                f"(the limit is {limit:,}); nothing was changed"
            ]
        )
    if is_calendar(data):
        return read_calendar(data, source, program)
    return load_model(SHARE_FILE, data, source)


def read_share_file(path: Path, program: Program, owner: str | None = None) -> ShareFile:
    """The share file (or exported calendar) at ``path``, as ``owner``'s when given."""
    try:
        data = read_at_most(path, MAX_CALENDAR_BYTES)  # the largest read_share takes
    except TooLarge:
        raise ShareError(
            [
                f"{path}: too large for a share file or calendar (the limit is "
                f"{MAX_CALENDAR_BYTES:,} bytes for a calendar); nothing was changed"
            ]
        ) from None
    except OSError as error:
        raise ShareError([f"{path}: cannot read it: {error.strerror or error}"]) from None
    share = read_share(data, str(path), program)
    return share if owner is None else rename_share(share, owner, str(path))


def written_by_share(path: Path, digest: str | None) -> bool:
    """Whether ``path`` is free, or holds what `share` last wrote there (``digest``): share
    replaces its own file, never a colleague's of the same name."""
    if not os.path.lexists(path):
        return True
    try:
        existing = read_at_most(path, MAX_CALENDAR_BYTES, regular_only=True)
    except (OSError, TooLarge):
        return False
    return digest is not None and hashlib.sha256(existing).hexdigest() == digest


def rename_share(share: ShareFile, owner: str, source: str) -> ShareFile:
    """The share as ``owner``'s (``import --name``), the name checked as a file's would be."""
    from pydantic import ValidationError

    try:
        return validate(ShareFile, dataclasses.replace(share, owner=owner))
    except ValidationError as error:
        detail = error.errors(include_url=False)[0]
        raise ShareError([f"{source}: --name: {detail['msg']}; nothing was changed"]) from None


def _not_a_share_file(data: dict) -> str | None:
    if "items" in data and "stars" not in data:
        return (
            "this is a program, not a share file (open a program with --program FILE; "
            "a share file is what `itinerary share` writes); nothing was changed"
        )
    return None


SHARE_FILE = FileKind(
    ShareFile,
    ShareError,
    "a share file is a mapping with format, program, owner, written and stars",
    max_nodes=MAX_SHARE_NODES,
    max_depth=MAX_SHARE_DEPTH,
    explain=_not_a_share_file,
)


def is_calendar(data: bytes) -> bool:
    return data.lstrip(b"\xef\xbb\xbf \t\r\n")[:15].upper() == b"BEGIN:VCALENDAR"
