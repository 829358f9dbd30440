"""The ``itinerary`` command: parse what a person typed, call the core, print the result.

Errors from the core (``ItineraryError``) are printed to stderr and exit with status 2; nothing
here lets a traceback reach the terminal for input the user can fix.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import hashlib
import json
import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from itinerary import __version__
from itinerary.conflicts import (
    DEFAULT_TRAVEL_MINUTES,
    Conflict,
    conflicts_by_item,
    find_conflicts,
    poster_loads,
)
from itinerary.display import STAR_MARKS, json_for_terminal, people_line, printable
from itinerary.errors import ItineraryError, NotFoundError, ProgramError, ShareError
from itinerary.export import (
    MAX_ALARM_MINUTES,
    NothingToExport,
    default_export_path,
    export_itinerary,
    write_file,
)
from itinerary.files import TooLarge, read_at_most, write_atomically
from itinerary.model import Item, Kind, Program, closest_ids
from itinerary.program import load_program, program_schema, quick_program, resolve_program_path
from itinerary.program_process import ProgramReader
from itinerary.search import filter_items
from itinerary.selection import (
    Priority,
    Star,
    State,
    missing_stars,
    record_share,
    set_zone,
    star,
    starred_items,
    unstar,
)
from itinerary.share import (
    MAX_CALENDAR_BYTES,
    ImportOutcome,
    Matched,
    build_share,
    initials_of,
    match_share,
    merge,
    outcome,
    overlay,
    read_share,
    rename_share,
    render_share,
    replace,
    share_file_name,
)
from itinerary.storage import StateStore
from itinerary.timezones import (
    DisplayZone,
    choose_display_zone,
    format_span,
    get_zone,
    zone_label,
)

EXIT_OK, EXIT_NOTHING, EXIT_USER_ERROR = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="itinerary",
        description="Plan your conference: browse the program, star talks, see clashes. With no "
        "command, opens the planner in the terminal.",
    )
    parser.add_argument("--version", action="version", version=f"itinerary {__version__}")
    program_help = (
        "the program file (default: $ITINERARY_PROGRAM, else the ES-FoMo 2023 program shipped "
        "with itinerary)"
    )
    parser.add_argument("--program", metavar="PATH", help=program_help)
    parser.add_argument(
        "--program-tz",
        metavar="ZONE",
        help="the conference's IANA zone, for a program (XML, JSON or .ics schedule) that names "
        "none",
    )
    zone_help = (
        "show times in this IANA zone, e.g. Europe/Berlin (default: the zone saved with "
        "`itinerary tz`, else the system's, else the venue's)"
    )
    parser.add_argument("--tz", metavar="ZONE", help=zone_help)
    # Accepted after the command name too; SUPPRESS keeps a missing one from hiding the global.
    with_program = argparse.ArgumentParser(add_help=False)
    with_program.add_argument(
        "--program", metavar="PATH", help=program_help, default=argparse.SUPPRESS
    )
    with_zone = argparse.ArgumentParser(add_help=False)
    with_zone.add_argument("--tz", metavar="ZONE", help=zone_help, default=argparse.SUPPRESS)
    with_travel = argparse.ArgumentParser(add_help=False)
    with_travel.add_argument(
        "--travel",
        metavar="MINUTES",
        type=_minutes,
        default=DEFAULT_TRAVEL_MINUTES,
        help="warn when items in different rooms are closer than this "
        f"(default: {DEFAULT_TRAVEL_MINUTES})",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, handler: Any, help: str, *parents: argparse.ArgumentParser):
        sub = commands.add_parser(name, parents=list(parents), help=help, description=help)
        sub.set_defaults(handler=handler)
        return sub

    listing = command(
        "list", cmd_list, "list the program's items in time order", with_program, with_zone
    )
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    listing.add_argument(
        "--kind",
        action="append",
        choices=[kind.value for kind in Kind],
        metavar="KIND",
        help="only items of this kind (repeatable): " + ", ".join(k.value for k in Kind),
    )
    listing.add_argument(
        "--search",
        metavar="TEXT",
        default="",
        help="only items whose title, people or abstract contain TEXT",
    )

    show = command("show", cmd_show, "show one item in full", with_program, with_zone)
    show.add_argument("id", help="the item's id, as `itinerary list` shows it")
    show.add_argument("--json", action="store_true", help="print a JSON object")

    add = command(
        "star", cmd_star, "star items (or change a star's priority or note)", with_program
    )
    add.add_argument("ids", nargs="+", metavar="ID")
    priority = add.add_mutually_exclusive_group()
    priority.add_argument(
        "--must",
        dest="priority",
        action="store_const",
        const=Priority.MUST,
        help="you must see it (the default for a new star)",
    )
    priority.add_argument(
        "--maybe",
        dest="priority",
        action="store_const",
        const=Priority.MAYBE,
        help="you might see it",
    )
    add.add_argument(
        "--note", metavar="TEXT", help="a short note to keep with the star ('' removes it)"
    )

    remove = command("unstar", cmd_unstar, "remove stars", with_program)
    remove.add_argument("ids", nargs="+", metavar="ID")

    agenda = command(
        "agenda",
        cmd_agenda,
        "your starred items by day, with their clashes",
        with_program,
        with_zone,
        with_travel,
    )
    agenda.add_argument("--json", action="store_true", help="print a JSON array")

    clashes = command(
        "conflicts",
        cmd_conflicts,
        "where your starred items clash",
        with_program,
        with_zone,
        with_travel,
    )
    clashes.add_argument("--json", action="store_true", help="print a JSON array")

    export = command(
        "export",
        cmd_export,
        "write your starred items as an iCalendar file",
        with_program,
        with_zone,
    )
    export.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="where to write it ('-' for "
        "standard output; default: <program-id>-itinerary.ics here)",
    )
    export.add_argument(
        "--posters",
        choices=["grouped", "separate"],
        default="grouped",
        help="one event per poster session listing your posters (grouped, the "
        "default), or one event per poster",
    )
    export.add_argument(
        "--alarm",
        metavar="MINUTES",
        type=_minutes,
        help="add a reminder this many minutes before each event",
    )
    export.add_argument("--all", action="store_true", help="export the whole program")

    share = command(
        "share", cmd_share, "write your itinerary as a file to send to colleagues", with_program
    )
    share.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="where to write it (default: NAME.itinerary.yaml here; - for standard output)",
    )
    share.add_argument(
        "--name", help="your name, as colleagues will see it (default: your login name)"
    )

    take = command(
        "import", cmd_import, "take in a colleague's share file (or an exported .ics)", with_program
    )
    take.add_argument("file", metavar="FILE")
    how = take.add_mutually_exclusive_group()
    how.add_argument(
        "--merge",
        dest="mode",
        action="store_const",
        const="merge",
        help="add its stars to yours, keeping your priorities and notes (default)",
    )
    how.add_argument(
        "--replace",
        dest="mode",
        action="store_const",
        const="replace",
        help="make your stars exactly its stars (asks first)",
    )
    how.add_argument(
        "--overlay",
        dest="mode",
        action="store_const",
        const="overlay",
        help="keep it as a friend's itinerary beside yours",
    )
    take.add_argument("--yes", action="store_true", help="do not ask before --replace")
    take.add_argument(
        "--name",
        metavar="NAME",
        help="whose it is (with --overlay: the friend's name; an .ics names nobody, so its file "
        "name is used unless this says otherwise)",
    )
    take.set_defaults(mode="merge")

    friends = command(
        "friends", cmd_friends, "list the friends' itineraries kept beside yours", with_program
    )
    friends.add_argument("--remove", metavar="NAME", help="drop this friend's itinerary")

    zone = command("tz", cmd_tz, "print the display zone, or save one", with_program)
    zone.add_argument("zone", nargs="?", metavar="ZONE", help="an IANA zone to save")
    zone.add_argument("--reset", action="store_true", help="forget the saved zone")

    convert = command(
        "convert",
        cmd_convert,
        "turn a frab/Pentabarf XML, schedule.json or .ics program into this planner's YAML format",
    )
    convert.add_argument("source", metavar="SOURCE")
    convert.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="where to write it ('-' for standard output; default: "
        "<program-id>.yaml here, never overwriting an existing file)",
    )
    convert.add_argument(
        "--tz",
        dest="schedule_tz",
        metavar="ZONE",
        help="the conference's IANA zone, when the file names none",
    )
    convert.add_argument(
        "--id", metavar="ID", help="the program's id (default: from its acronym or title)"
    )

    validate = command("validate", cmd_validate, "check program files; report every problem")
    validate.add_argument("paths", nargs="+", metavar="PATH")

    command("schema", cmd_schema, "print the JSON Schema of the program format")
    return parser


def _minutes(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of minutes: {text!r}") from None
    if not 0 <= value <= MAX_ALARM_MINUTES:
        raise argparse.ArgumentTypeError(f"give between 0 and {MAX_ALARM_MINUTES} minutes")
    return value


class _TerminalSafe:
    """A text stream that passes on only what a terminal shows as text: every line this command
    prints (a title, a file name, an argparse error) goes through here, so no escape sequence or
    other control character from outside reaches the terminal, and a file name that is not UTF-8
    cannot fail to print after the work is done."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        safe = printable(text)
        try:
            self._stream.write(safe)
        except UnicodeEncodeError:  # a terminal that cannot show it (PYTHONIOENCODING=ascii)
            encoding = getattr(self._stream, "encoding", None) or "ascii"
            self._stream.write(safe.encode(encoding, "replace").decode(encoding))
        return len(text)

    def __getattr__(self, name: str) -> Any:  # flush, fileno, isatty, encoding, buffer…
        return getattr(self._stream, name)


def _write_data(text: str) -> None:
    """A file's content to standard output (``-o -``): exactly as it would go to the file when
    piped on (its format does its own escaping), filtered like every other line when a person
    reads it in a terminal."""
    out = sys.stdout
    raw = out._stream if isinstance(out, _TerminalSafe) else out
    if raw.isatty():
        out.write(text.replace("\r\n", "\n"))  # a calendar's CRLF is no control to show
    elif hasattr(raw, "buffer"):  # the file's bytes, UTF-8 whatever the locale says
        raw.flush()
        raw.buffer.write(text.encode("utf-8"))
    else:
        raw.write(text)


def main(argv: Sequence[str] | None = None) -> int:
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = (None if s is None else _TerminalSafe(s) for s in streams)
    try:
        return _main(argv)
    finally:
        # Only our own wrappers are undone: one replaced on the way (a closed output pointed at
        # /dev/null) stays.
        if isinstance(sys.stdout, _TerminalSafe):
            sys.stdout = streams[0]
        if isinstance(sys.stderr, _TerminalSafe):
            sys.stderr = streams[1]


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if sys.stdout is None:  # started with standard output closed (`>&-`)
        print("itinerary: standard output is closed: nowhere to write to", file=sys.stderr)
        return EXIT_USER_ERROR
    try:
        status = open_planner(args) if args.command is None else args.handler(args)
        sys.stdout.flush()  # a full disk shows here, not after main has returned
        return status
    except ItineraryError as error:
        print(f"itinerary: {printable(str(error))}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `itinerary list | head`: the reader left; that is not an error of ours.
        _discard_output()
        return EXIT_OK
    except OSError as error:
        # The core turns its own file errors into messages: this one is writing the output
        # (`itinerary list > /dev/full`).
        _discard_output()
        where = f"{error.filename}: " if error.filename else "could not write the output: "
        print(f"itinerary: {where}{error.strerror or error}", file=sys.stderr)
        return EXIT_USER_ERROR


def _discard_output() -> None:
    """Point standard output at /dev/null, so the interpreter's last flush at exit does not
    fail again on what is still buffered."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


@dataclass
class Context:
    """What most commands need: the program, the person's state, and the zone to show."""

    program: Program
    store: StateStore
    state: State
    shown: DisplayZone

    @property
    def zone(self) -> ZoneInfo:
        return self.shown.zone

    def report(self) -> None:
        """Tell the person about stars whose items are not in this program (on stderr)."""
        missing = missing_stars(self.state, self.program)
        if missing:
            names = ", ".join(
                f"{key} ({printable(star.title, single_line=True)!r})" if star.title else key
                for key, star in missing.items()
            )
            print(
                f"itinerary: {len(missing)} starred item{'s are' if len(missing) > 1 else ' is'} "
                f"not in this program (kept, in case it comes back): {names}",
                file=sys.stderr,
            )


def open_planner(args: argparse.Namespace) -> int:
    """``itinerary`` alone opens the planner (imported only now: Textual is slow to load)."""
    if not sys.stdin.isatty() or not sys.stdout.isatty():
        build_parser().print_help()
        print(
            "\nitinerary: the planner needs a terminal; the commands above work anywhere.",
            file=sys.stderr,
        )
        return EXIT_USER_ERROR
    if args.tz is not None:
        get_zone(args.tz)  # a mistyped zone is said here, before the planner takes the screen
    path = resolve_program_path(args.program)
    # A big program read for the first time takes seconds: a child process reads it, started
    # now, while the planner is imported, and the planner shows how far it has got. Anything
    # quicker (and every error found by then) comes first.
    program = quick_program(path, args.program_tz)
    reader = ProgramReader(path, args.program_tz) if program is None else None
    try:
        from itinerary.tui.app import run_planner  # the planner shows the store's notices

        run_planner(reader or program, zone=args.tz)
    finally:
        if reader is not None:
            reader.stop()
    return EXIT_OK


def _load(args: argparse.Namespace) -> Program:
    return load_program(resolve_program_path(args.program), args.program_tz)


def _context(args: argparse.Namespace) -> Context:
    program = _load(args)
    store = StateStore(program.id)
    state = store.load()
    # Said at once, whatever the command: a state file was moved aside and a new one begun.
    for notice in store.notices:
        print(f"itinerary: {printable(notice)}", file=sys.stderr)
    shown = choose_display_zone(args.tz, state.timezone, program.zone)
    return Context(program, store, state, shown)


# --- list and show ------------------------------------------------------------------------------


def cmd_list(args: argparse.Namespace) -> int:
    context = _context(args)
    program, zone = context.program, context.zone
    items = filter_items(
        program.in_time_order, kinds=[Kind(k) for k in args.kind or ()], text=args.search
    )
    if args.json:
        _print_json([item_json(context, item) for item in items])
        return EXIT_OK
    if not items:
        print("No items match.", file=sys.stderr)
        return EXIT_OK
    day = None
    for item in items:
        start = item.starts.astimezone(zone)
        if start.date() != day:
            day = start.date()
            print(f"{start:%A %Y-%m-%d} ({zone.key})")
        star_mark = STAR_MARKS[_priority(context.state.star_of(item.id))]
        print(f"{star_mark} {_line(item, zone)}")
    return EXIT_OK


def _priority(star: Star | None) -> Priority | None:
    return star.priority if star else None


def _line(item: Item, zone: ZoneInfo) -> str:
    """``09:01–09:20 HST  invited-talk   Title — People  [id]``."""
    start, end = item.starts.astimezone(zone), item.ends.astimezone(zone)
    next_day = " (+1 day)" if end.date() > start.date() else ""
    when = f"{start:%H:%M}–{end:%H:%M}{next_day} {zone_label(start)}"
    people = people_line(item)
    text = item.title + (f" — {people}" if people else "")
    return f"{when}  {item.kind.value:<14} {printable(text, single_line=True)}  [{item.id}]"


def cmd_show(args: argparse.Namespace) -> int:
    context = _context(args)
    program, zone = context.program, context.zone
    item = program.get(args.id)
    if args.json:
        _print_json(item_detail_json(context, item))
        return EXIT_OK
    star_of = context.state.star_of(item.id)
    print(printable(item.title, single_line=True))
    print(f"  id:       {item.id}")
    print(f"  kind:     {item.kind.value}")
    print(f"  when:     {format_span(item.starts, item.ends, program.zone)}")
    if zone.key != program.zone.key:
        print(f"            {format_span(item.starts, item.ends, zone)}")
    group = program.group_of(item)
    if group:
        title = (program.sessions_by_id.get(group) or program.by_id[group]).title
        print(f"  session:  {printable(title, single_line=True)}")
    for label, value in (("room", item.room), ("url", item.url)):
        if value:
            print(f"  {label + ':':<9} {printable(value, single_line=True)}")
    for index, person in enumerate(item.people):
        label = "people:" if index == 0 else ""
        who = person.name + (f" ({person.affiliation})" if person.affiliation else "")
        print(f"  {label:<9} {printable(who, single_line=True)}")
    if star_of:
        print(f"  starred:  {STAR_MARKS[star_of.priority]} {star_of.priority.value}")
        if star_of.note:
            print(f"  note:     {printable(star_of.note, single_line=True)}")
    if item.abstract:
        print()
        print(printable(item.abstract))
    return EXIT_OK


# --- stars --------------------------------------------------------------------------------------


def cmd_star(args: argparse.Namespace) -> int:
    context = _context(args)
    program = context.program
    unknown = [item_id for item_id in args.ids if item_id not in program.by_id]
    if unknown:
        raise _not_found(unknown, program.by_id, program, "Nothing was starred.")
    items = [program.by_id[item_id] for item_id in dict.fromkeys(args.ids)]
    before = context.state
    context.state = context.store.update(
        lambda state: star(state, items, priority=args.priority, note=args.note)
    )
    for item in items:
        now = context.state.stars[item.id]
        verb = "updated" if item.id in before.stars else "starred"
        note = f"  note: {printable(now.note, single_line=True)}" if now.note else ""
        print(
            f"{STAR_MARKS[now.priority]} {verb} ({now.priority.value}): "
            f"{printable(item.title, single_line=True)}  [{item.id}]{note}"
        )
    context.report()
    return EXIT_OK


def _not_found(
    unknown: Sequence[str], known: Iterable[str], program: Program, outcome: str
) -> NotFoundError:
    """Ids the program does not have, each with the closest it does."""
    hints = []
    for item_id in unknown:
        close = closest_ids(item_id, known)
        hints.append(f"{item_id!r}" + (f" (did you mean {', '.join(close)}?)" if close else ""))
    return NotFoundError(f"not in program {program.id!r}: {'; '.join(hints)}. {outcome}")


def cmd_unstar(args: argparse.Namespace) -> int:
    context = _context(args)
    wanted = list(dict.fromkeys(args.ids))
    before = context.state
    # Like star: a mistyped id changes nothing (an id starred from an older version of the
    # program is not in it, but can still be unstarred).
    unknown = [i for i in wanted if i not in before.stars and i not in context.program.by_id]
    if unknown:
        known = {**context.program.by_id, **before.stars}
        raise _not_found(unknown, known, context.program, "Nothing was unstarred.")
    context.state = context.store.update(lambda state: unstar(state, wanted))
    for item_id in wanted:
        if item_id in before.stars:
            title = before.stars[item_id].title or item_id
            print(f"  unstarred: {printable(title, single_line=True)}  [{item_id}]")
            note = before.stars[item_id].note
            if note:
                print(
                    f"    its note is kept, and back when you star it again: "
                    f"{printable(note, single_line=True)}"
                )
        else:
            close = closest_ids(item_id, before.stars)
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            print(f"itinerary: {item_id!r} was not starred{hint}", file=sys.stderr)
    context.report()
    return EXIT_OK


def cmd_tz(args: argparse.Namespace) -> int:
    context = _context(args)
    if args.reset:
        context.state = context.store.update(lambda state: set_zone(state, None))
        print("Forgot the saved zone.")
    elif args.zone:
        zone = get_zone(args.zone)
        context.state = context.store.update(lambda state: set_zone(state, zone.key))
        print(f"Saved: times will be shown in {zone.key}.")
    shown = choose_display_zone(None, context.state.timezone, context.program.zone)
    now = datetime.now(timezone.utc).astimezone(shown.zone)
    offset = now.strftime("%z")
    print(f"{shown.zone.key} ({shown.source}; now {zone_label(now)}, UTC{offset[:3]}:{offset[3:]})")
    context.report()
    return EXIT_OK


# --- agenda and conflicts -----------------------------------------------------------------------


def cmd_agenda(args: argparse.Namespace) -> int:
    context = _context(args)
    zone = context.zone
    chosen = starred_items(context.state, context.program)
    conflicts = find_conflicts([entry.item for entry in chosen], args.travel)
    if args.json:
        index = conflicts_by_item(conflicts)
        _print_json(
            [
                {
                    **item_json(context, entry.item),
                    "conflicts": [_conflict_json(c) for c, _ in index.get(entry.item.id, [])],
                }
                for entry in chosen
            ]
        )
        context.report()
        return EXIT_OK
    print(
        f"{printable(context.program.title, single_line=True)}: {len(chosen)} starred, "
        f"{len(conflicts)} conflict{'s' if len(conflicts) != 1 else ''}; times in {zone.key} "
        f"({context.shown.source})"
    )
    if not chosen:
        print("Nothing starred yet: `itinerary star ID` stars an item; `itinerary list` shows ids.")
        context.report()
        return EXIT_OK
    index = conflicts_by_item(conflicts)
    loads = {load.session_id: load for load in poster_loads(entry.item for entry in chosen)}
    day = None
    for entry in chosen:
        item = entry.item
        start = item.starts.astimezone(zone)
        if start.date() != day:
            day = start.date()
            print(f"\n{start:%A %Y-%m-%d}")
        load = loads.pop(item.parent, None) if item.parent else None
        if load and len(load.posters) > 1:
            session = context.program.by_id[load.session_id]
            print(f"   {printable(session.title, single_line=True)}: {load.describe()}")
        clash = "!" if item.id in index else " "
        print(f"{clash}{STAR_MARKS[entry.star.priority]} {_line(item, zone)}")
        if entry.star.note:
            print(f"        note: {printable(entry.star.note, single_line=True)}")
        for conflict, other in index.get(item.id, []):
            print(
                f"        ! {_clash_phrase(conflict)} {printable(other.title, single_line=True)}"
                f"  [{other.id}]"
            )
    context.report()
    return EXIT_OK


def _clash_phrase(conflict: Conflict) -> str:
    if conflict.kind == "overlap":
        return f"overlaps by {conflict.minutes} min:"
    return f"only {conflict.minutes} min to change rooms to or from:"


def cmd_conflicts(args: argparse.Namespace) -> int:
    context = _context(args)
    zone = context.zone
    chosen = [entry.item for entry in starred_items(context.state, context.program)]
    conflicts = find_conflicts(chosen, args.travel)
    if args.json:
        _print_json([_conflict_json(conflict) for conflict in conflicts])
        context.report()
        return EXIT_OK
    for conflict in conflicts:
        if conflict.kind == "overlap":
            print(f"overlap of {conflict.minutes} min:")
        else:
            rooms = f"{conflict.first.room} → {conflict.second.room}"
            print(
                f"travel: {conflict.minutes} min between rooms "
                f"({printable(rooms, single_line=True)}):"
            )
        for item in (conflict.first, conflict.second):
            print(f"   {_line(item, zone)}")
    for load in poster_loads(chosen):
        session = context.program.by_id.get(load.session_id)
        where = f" ({printable(session.title, single_line=True)})" if session else ""
        print(f"{load.describe()}{where}")
    if not conflicts:
        print(f"No conflicts among your {len(chosen)} starred items.")
    context.report()
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    context = _context(args)
    if args.output == "-":
        where, report_to = "standard output", sys.stderr

        def write(data: bytes) -> None:
            _write_data(data.decode("utf-8"))
            sys.stdout.flush()
    else:
        path = Path(args.output) if args.output else default_export_path(context.program)
        where, report_to, write = str(path), sys.stdout, write_file(path)
    try:
        result = export_itinerary(
            context.program,
            context.store,
            context.zone,
            write=write,
            posters=args.posters,
            alarm_minutes=round(args.alarm) if args.alarm is not None else None,
            everything=args.all,
        )
    except NothingToExport as nothing:
        print(
            f"itinerary: {nothing} (star items with `itinerary star ID`, or export the whole "
            "program with --all)",
            file=sys.stderr,
        )
        context.report()
        return EXIT_NOTHING
    context.state = result.state
    print(result.describe(where), file=report_to)
    context.report()
    return EXIT_OK


def cmd_share(args: argparse.Namespace) -> int:
    context = _context(args)
    owner = args.name or _login_name()
    share = build_share(context.program, context.state, owner, datetime.now(timezone.utc))
    if not share.stars:
        print(
            "itinerary: nothing starred, so there is nothing to share; no file was written",
            file=sys.stderr,
        )
        context.report()
        return EXIT_NOTHING
    text = render_share(share)
    count = len(share.stars)
    if args.output == "-":  # as export does: `itinerary share -o - | mail …`
        _write_data(text)
        where, report_to = "standard output", sys.stderr
    else:
        path = Path(args.output) if args.output else Path(share_file_name(owner))
        data = text.encode("utf-8")
        key = os.path.abspath(path)
        if not args.output and not _written_by_share(path, context.state.shares_written.get(key)):
            raise ItineraryError(
                f"{path} is there already and `itinerary share` did not write it here (a "
                "colleague's?); nothing was written: name it with -o to replace it, or share "
                "under another name with --name"
            )
        write_atomically(path, data, private=False)
        digest = hashlib.sha256(data).hexdigest()
        context.state = context.store.update(lambda state: record_share(state, key, digest))
        where, report_to = str(path), sys.stdout
    print(
        f"Wrote {count} star{'s' if count != 1 else ''} of {printable(owner)!r} to {where}",
        file=report_to,
    )
    context.report()
    return EXIT_OK


def _written_by_share(path: Path, digest: str | None) -> bool:
    """Whether ``path`` is free, or holds what `share` last wrote there."""
    if not os.path.lexists(path):
        return True
    try:
        existing = read_at_most(path, MAX_CALENDAR_BYTES, regular_only=True)
    except (OSError, TooLarge):
        return False
    return digest is not None and hashlib.sha256(existing).hexdigest() == digest


def _login_name() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name on this system (a container, say)
        return "me"


def cmd_import(args: argparse.Namespace) -> int:
    context = _context(args)
    path = Path(args.file)
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
    share = read_share(data, str(path), context.program)
    if args.name is not None:
        share = rename_share(share, args.name, str(path))
    matched = match_share(share, context.program, str(path))
    owner = printable(share.owner, single_line=True)
    print(
        f"{path}: the itinerary of {owner!r}, {len(share.stars)} star"
        f"{'s' if len(share.stars) != 1 else ''}, written {share.written:%Y-%m-%d %H:%M} UTC"
    )
    if args.mode == "replace" and not args.yes:
        mine = len(context.state.stars)
        question = (
            f"Replace your {mine} star{'s' if mine != 1 else ''} with its "
            f"{len(matched.items)}? [y/N] "
        )
        if not sys.stdin.isatty():
            raise ShareError(
                [
                    f"{path}: --replace would change all your stars; confirm on a "
                    "terminal, or add --yes. Nothing was changed."
                ]
            )
        try:
            answer = input(question)
        except EOFError:  # Ctrl-D: no answer is not a yes
            answer = ""
            print()
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing was changed.")
            return EXIT_NOTHING
    now = datetime.now(timezone.utc)
    change = {
        "merge": lambda state: merge(state, matched.items, now),
        "replace": lambda state: replace(state, matched.items, now),
        "overlay": lambda state: overlay(state, share, matched.items),
    }[args.mode]
    before = context.store.load()
    context.state = context.store.update(change)
    done = outcome(before, context.state, matched.items, args.mode)
    _report_import(args.mode, owner, matched, done)
    replaced = before.friends.get(share.owner) if args.mode == "overlay" else None
    if replaced is not None:
        when = f" (shared {replaced.written:%Y-%m-%d %H:%M} UTC)" if replaced.written else ""
        print(
            f"  this replaces the itinerary of {owner!r} kept before{when}; to keep both, "
            "import it with --name NAME"
        )
    context.report()
    return EXIT_OK


def _report_import(mode: str, owner: str, matched: Matched, done: ImportOutcome) -> None:
    def titles(items: Sequence[Item]) -> str:
        return "; ".join(printable(item.title, single_line=True) for item in items[:5]) + (
            f"; and {len(items) - 5} more" if len(items) > 5 else ""
        )

    if mode == "overlay":
        count = len(matched.items)
        print(
            f"Kept {count} star{'s' if count != 1 else ''} of {owner!r} beside yours "
            "(`itinerary friends` lists them; they never change your own stars)."
        )
    elif mode == "replace":
        print(
            f"  your stars are now its {len(matched.items)}: {len(done.added)} added, "
            f"{len(done.removed)} no longer starred"
        )
    else:
        added = f" ({titles(done.added)})" if done.added else ""
        print(f"  added: {len(done.added)}{added}")
        kept = " (kept your priority and note)" if done.already else ""
        print(f"  already starred: {len(done.already)}{kept}")
    if matched.by_title:
        print(f"  matched by title and time (the program changed since): {len(matched.by_title)}")
    if matched.missing:
        print(f"  not found in this program: {len(matched.missing)}")
        for star in matched.missing:
            print(
                f"    {printable(star.title, single_line=True)} [{star.id}], "
                f"{star.start.astimezone(timezone.utc):%Y-%m-%d %H:%M} UTC"
            )


def cmd_friends(args: argparse.Namespace) -> int:
    context = _context(args)
    if args.remove is not None:
        if args.remove not in context.state.friends:
            known = ", ".join(repr(name) for name in context.state.friends) or "none"
            raise NotFoundError(f"no friend called {args.remove!r} (kept: {known})")
        context.state = context.store.update(
            lambda state: state.model_copy(
                update={"friends": {k: v for k, v in state.friends.items() if k != args.remove}}
            )
        )
        print(f"Dropped the itinerary of {printable(args.remove)!r}.")
        return EXIT_OK
    if not context.state.friends:
        print("No friends' itineraries kept: `itinerary import FILE --overlay` adds one.")
        return EXIT_OK
    marks = initials_of(context.state.friends)
    for key, friend in context.state.friends.items():
        here = sum(1 for item_id in friend.stars if item_id in context.program.by_id)
        when = f", shared {friend.written:%Y-%m-%d %H:%M} UTC" if friend.written else ""
        print(f"{marks[key]:>3}  {printable(friend.name, single_line=True)}: {here} starred{when}")
    return EXIT_OK


def _conflict_json(conflict: Conflict) -> dict[str, Any]:
    return {"items": list(conflict.ids), "kind": conflict.kind, "minutes": conflict.minutes}


# --- validate and schema ------------------------------------------------------------------------


def cmd_validate(args: argparse.Namespace) -> int:
    status = EXIT_OK
    for path in args.paths:
        try:
            program = load_program(path, args.program_tz)
        except ProgramError as error:
            for problem in error.problems:
                print(printable(problem), file=sys.stderr)
            status = EXIT_USER_ERROR
            continue
        items, sessions = len(program.items), len(program.sessions)
        print(
            f"{path}: valid program {program.id!r}: {items} item{'s' if items != 1 else ''}, "
            f"{sessions} session{'s' if sessions != 1 else ''}, times in {program.timezone}"
        )
    return status


def cmd_convert(args: argparse.Namespace) -> int:
    from itinerary.importers import FORMAT_NAMES, import_schedule, program_to_yaml
    from itinerary.program import read_program_bytes
    from itinerary.program_cache import remember_program

    source = Path(args.source)
    result = import_schedule(
        read_program_bytes(source), str(source), tz=args.schedule_tz, program_id=args.id
    )
    program = result.program
    for warning in result.warnings:
        print(f"itinerary: {printable(warning)}", file=sys.stderr)
    text = program_to_yaml(
        program, source=source.name, format_name=FORMAT_NAMES[result.format], notes=result.warnings
    )
    if args.output == "-":
        _write_data(text)
        where, report_to = "standard output", sys.stderr
    else:
        path = Path(args.output) if args.output else Path(f"{program.id}.yaml")
        if not args.output and os.path.lexists(path):  # a dangling link too
            raise ItineraryError(
                f"{path} exists already; name the file to write with -o (it is then replaced)"
            )
        if path.exists() and path.resolve() == source.resolve():
            raise ItineraryError(
                f"{path} is the schedule being converted: write the program to another file "
                "(-o NAME.yaml); nothing was written"
            )
        data = text.encode("utf-8")
        write_atomically(path, data, private=False)
        remember_program(data, program)  # the first `--program` open is then a fast one
        where, report_to = str(path), sys.stdout
    print(
        f"Converted {len(program.items)} items ({FORMAT_NAMES[result.format]}, times in "
        f"{program.timezone}) to {where}",
        file=report_to,
    )
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    _print_json(program_schema())
    return EXIT_OK


# --- JSON shapes: a stable interface that scripts rely on ---------------------------------------


def item_json(context: Context, item: Item) -> dict[str, Any]:
    zone = context.zone
    star_of = context.state.star_of(item.id)
    return {
        "id": item.id,
        "kind": item.kind.value,
        "title": item.title,
        "start": item.starts.astimezone(zone).isoformat(),
        "end": item.ends.astimezone(zone).isoformat(),
        "speakers": item.speakers,
        "session": context.program.group_of(item),
        "room": item.room,
        "url": item.url,
        "starred": star_of is not None,
        "priority": star_of.priority.value if star_of else None,
        "note": star_of.note if star_of and star_of.note else None,
    }


def item_detail_json(context: Context, item: Item) -> dict[str, Any]:
    venue = context.program.zone
    return {
        **item_json(context, item),
        "abstract": item.abstract,
        "people": [person.model_dump() for person in item.people],
        "venue_start": item.starts.astimezone(venue).isoformat(),
        "venue_end": item.ends.astimezone(venue).isoformat(),
        "timezone": context.zone.key,
        "venue_timezone": venue.key,
    }


def _print_json(value: Any) -> None:
    sys.stdout.write(json_for_terminal(json.dumps(value, ensure_ascii=False, indent=2)) + "\n")


if __name__ == "__main__":
    sys.exit(main())
