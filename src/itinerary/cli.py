"""The ``itinerary`` command: parse what a person typed, call the core, print the result.

Errors from the core (``ItineraryError``) are printed to stderr and exit with status 2; nothing
here lets a traceback reach the terminal for input the user can fix.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from itinerary import __version__
from itinerary.display import people_line, printable
from itinerary.errors import ItineraryError, ProgramError
from itinerary.model import Item, Kind, Program
from itinerary.program import load_program, program_schema, resolve_program_path
from itinerary.search import filter_items
from itinerary.timezones import display_zone, zone_label

EXIT_OK, EXIT_USER_ERROR = 0, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="itinerary",
        description="Plan your conference: browse the program, star talks, export your itinerary.",
    )
    parser.add_argument("--version", action="version", version=f"itinerary {__version__}")
    program_help = (
        "the program file (default: $ITINERARY_PROGRAM, else the ES-FoMo 2023 program shipped "
        "with itinerary)"
    )
    parser.add_argument("--program", metavar="PATH", help=program_help)
    # Accepted after the command name too; SUPPRESS keeps a missing one from hiding the global.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--program", metavar="PATH", help=program_help, default=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    tz_help = "show times in this IANA zone, e.g. Europe/Berlin (default: the venue's)"
    listing = commands.add_parser(
        "list", parents=[common], help="list the program's items in time order"
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
    listing.add_argument("--tz", metavar="ZONE", help=tz_help)
    listing.set_defaults(handler=cmd_list)

    show = commands.add_parser("show", parents=[common], help="show one item in full")
    show.add_argument("id", help="the item's id, as `itinerary list` shows it")
    show.add_argument("--json", action="store_true", help="print a JSON object")
    show.add_argument("--tz", metavar="ZONE", help=tz_help)
    show.set_defaults(handler=cmd_show)

    validate = commands.add_parser(
        "validate", parents=[common], help="check program files; report every problem"
    )
    validate.add_argument("paths", nargs="+", metavar="PATH")
    validate.set_defaults(handler=cmd_validate)

    schema = commands.add_parser(
        "schema", parents=[common], help="print the JSON Schema of the program format"
    )
    schema.set_defaults(handler=cmd_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_OK
    try:
        return args.handler(args)
    except ItineraryError as error:
        print(f"itinerary: {printable(str(error))}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `itinerary list | head`: the reader left; that is not an error of ours.
        sys.stderr.close()
        return EXIT_OK


def _program(args: argparse.Namespace) -> Program:
    return load_program(resolve_program_path(args.program))


# --- list ---------------------------------------------------------------------------------------


def cmd_list(args: argparse.Namespace) -> int:
    program = _program(args)
    zone = display_zone(args.tz, program.zone)
    items = filter_items(
        program.in_time_order, kinds=[Kind(k) for k in args.kind or ()], text=args.search
    )
    if args.json:
        _print_json([item_json(program, item, zone) for item in items])
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
        print(_list_line(item, zone))
    return EXIT_OK


def _list_line(item: Item, zone: ZoneInfo) -> str:
    start, end = item.starts.astimezone(zone), item.ends.astimezone(zone)
    next_day = " (+1 day)" if end.date() > start.date() else ""
    when = f"{start:%H:%M}–{end:%H:%M}{next_day} {zone_label(start)}"
    people = people_line(item)
    text = item.title + (f" — {people}" if people else "")
    return f"  {when}  {item.kind.value:<14} {printable(text, single_line=True)}  [{item.id}]"


# --- show ---------------------------------------------------------------------------------------


def cmd_show(args: argparse.Namespace) -> int:
    program = _program(args)
    zone = display_zone(args.tz, program.zone)
    item = program.get(args.id)
    if args.json:
        _print_json(item_detail_json(program, item, zone))
        return EXIT_OK
    print(printable(item.title, single_line=True))
    print(f"  id:       {item.id}")
    print(f"  kind:     {item.kind.value}")
    print(f"  when:     {_span(item, program.zone)}")
    if zone.key != program.zone.key:
        print(f"            {_span(item, zone)}")
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
    if item.abstract:
        print()
        print(printable(item.abstract))
    return EXIT_OK


def _span(item: Item, zone: ZoneInfo) -> str:
    start, end = item.starts.astimezone(zone), item.ends.astimezone(zone)
    if start.date() == end.date():
        return f"{start:%a %Y-%m-%d %H:%M}–{end:%H:%M} {zone_label(start)} ({zone.key})"
    return (
        f"{start:%a %Y-%m-%d %H:%M} {zone_label(start)} – {end:%a %Y-%m-%d %H:%M} "
        f"{zone_label(end)} ({zone.key})"
    )


# --- validate and schema ------------------------------------------------------------------------


def cmd_validate(args: argparse.Namespace) -> int:
    status = EXIT_OK
    for path in args.paths:
        try:
            program = load_program(path)
        except ProgramError as error:
            for problem in error.problems:
                print(printable(problem), file=sys.stderr)
            status = EXIT_USER_ERROR
            continue
        print(
            f"{path}: valid program {program.id!r}: {len(program.items)} items, "
            f"{len(program.sessions)} sessions, times in {program.timezone}"
        )
    return status


def cmd_schema(args: argparse.Namespace) -> int:
    _print_json(program_schema())
    return EXIT_OK


# --- JSON shapes: a stable interface that scripts rely on ---------------------------------------


def item_json(program: Program, item: Item, zone: ZoneInfo) -> dict[str, Any]:
    return {
        "id": item.id,
        "kind": item.kind.value,
        "title": item.title,
        "start": _iso(item.starts, zone),
        "end": _iso(item.ends, zone),
        "speakers": item.speakers,
        "session": program.group_of(item),
        "room": item.room,
        "url": item.url,
        "starred": False,
    }


def item_detail_json(program: Program, item: Item, zone: ZoneInfo) -> dict[str, Any]:
    return {
        **item_json(program, item, zone),
        "abstract": item.abstract,
        "people": [person.model_dump() for person in item.people],
        "venue_start": _iso(item.starts, program.zone),
        "venue_end": _iso(item.ends, program.zone),
        "timezone": zone.key,
        "venue_timezone": program.zone.key,
    }


def _iso(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).isoformat()


def _print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    sys.exit(main())
