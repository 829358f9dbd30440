"""What most commands need: the program named on the command line, a session over it, and the
one-line form of an item that list, agenda and conflicts print."""

from __future__ import annotations

import argparse
import functools
import gc
import shutil
import sys
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from itinerary.display import people_line, printable
from itinerary.errors import ProgramError
from itinerary.model import Item, Program
from itinerary.program import load_program
from itinerary.registry import ProgramChoice, ProgramRegistry, choose_program
from itinerary.session import Session
from itinerary.timezones import clock_span
from itinerary.vocabulary import DEFAULT_TRAVEL_MINUTES


def choice_of(args: argparse.Namespace) -> ProgramChoice:
    """The program to open: ``--program`` (an id or a path), ``$ITINERARY_PROGRAM``, the
    current program, or ES-FoMo; with the venue zone given now or remembered for it."""
    folders = ProgramRegistry()
    registry = folders.load()
    for notice in folders.notices:
        print(f"itinerary: {printable(notice)}", file=sys.stderr)
    return choose_program(args.program, args.program_tz, folders, registry)


def remember_choice(choice: ProgramChoice) -> None:
    """``--program-tz`` given for a followed program, once it opened with it, is kept."""
    if choice.entry is not None and choice.zone_given and choice.zone is not None:
        from itinerary.follow import remember_zone

        remember_zone(choice.entry.id, choice.zone)


def program_of(args: argparse.Namespace) -> tuple[Program, ProgramChoice]:
    choice = choice_of(args)
    if choice.entry is not None and not choice.path.is_file():
        raise ProgramError([
            f"the stored copy of {choice.entry.id!r} is missing ({choice.path}); "
            f"`itinerary update {choice.entry.id}` fetches it again from {choice.entry.source}"
        ])  # fmt: skip
    program = load_program(choice.path, choice.zone)
    remember_choice(choice)
    return program, choice


def open_session(args: argparse.Namespace) -> Session:
    program, choice = program_of(args)
    # The program lives until the command ends: the collector need not walk its hundreds of
    # thousands of objects again each time it runs (most of a big state file's "load" time).
    gc.freeze()
    travel = getattr(args, "travel", DEFAULT_TRAVEL_MINUTES)
    session = Session.open(program, getattr(args, "tz", None), travel)
    if choice.entry is not None:
        session.former = {key: gone.as_item() for key, gone in choice.entry.retired.items()}
    # Said at once, whatever the command: a state file was moved aside and a new one begun.
    for notice in session.notices:
        print(f"itinerary: {printable(notice)}", file=sys.stderr)
    return session


# The room column: at least this wide where there are rooms, at most this share of the terminal.
MIN_ROOM_WIDTH, ROOM_SHARE = 6, 5


def room_width(items: Iterable[Item]) -> int:
    """How wide the room column of these items is: their longest room, within a fifth of the
    terminal (so that the title still fits); 0, no column, when none of them has a room."""
    rooms = {item.room for item in items if item.room}  # (each room once, not once an item)
    longest = max((len(printable(room, single_line=True)) for room in rooms), default=0)
    if not longest:
        return 0
    columns = shutil.get_terminal_size().columns
    return max(MIN_ROOM_WIDTH, min(longest, columns // ROOM_SHARE))


def span_width(items: Iterable[Item], zone: ZoneInfo) -> int:
    """How wide the times of these items are at most: one ending on a later day (``(+1 day)``)
    or in another zone abbreviation (CET, CEST) keeps the columns after it in line."""
    return max((len(clock_span(i.starts, i.ends, zone)) for i in items), default=0)


def item_line(item: Item, zone: ZoneInfo, rooms: int = 0, spans: int = 0) -> str:
    """``09:01–09:20 HST  invited-talk   Room 1  Title — People  [id]``, with its times
    ``spans`` wide and a room column ``rooms`` wide (a longer name cut with …), none when 0."""
    when = clock_span(item.starts, item.ends, zone).ljust(spans)
    people = people_line(item)
    text = item.title + (f" — {people}" if people else "")
    room = _room_cell(item.room, rooms) if rooms else ""
    return f"{when}  {item.kind.value:<14} {room}{printable(text, single_line=True)}  [{item.id}]"


@functools.cache  # a program has few rooms, and a list writes one per item
def _room_cell(room: str | None, width: int) -> str:
    name = printable(room or "", single_line=True)
    name = name if len(name) <= width else name[: width - 1] + "…"
    return f"{name:<{width}}  "
