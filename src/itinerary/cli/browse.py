"""``itinerary list`` and ``itinerary show``: the program, and one item in full."""

from __future__ import annotations

import argparse
import sys

from itinerary.cli.output import EXIT_OK, print_json
from itinerary.cli.parser import Commands
from itinerary.vocabulary import Kind


def add_list(commands: Commands) -> None:
    listing = commands.add("list", run_list, commands.program, commands.zone, commands.scope)
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
        help="only items that every word of TEXT begins a word of: in the title, people, "
        "abstract, room, track or your note (ignoring case and accents)",
    )


def add_show(commands: Commands) -> None:
    show = commands.add("show", run_show, commands.program, commands.zone)
    show.add_argument("id", help="the item's id, as `itinerary list` shows it")
    show.add_argument("--json", action="store_true", help="print a JSON object")


PARSERS = {"list": add_list, "show": add_show}


def run_list(args: argparse.Namespace) -> int:
    from itinerary.cli.common import item_line, open_session, room_width, span_width
    from itinerary.wording import STAR_MARKS

    session = open_session(args)
    zone = session.zone
    items = list(session.program.in_time_order)
    # Each narrowing imported only when asked for: most listings are of everything.
    if args.room or args.track or args.day:
        from itinerary.scope import scope_named

        scope = scope_named(items, zone, args.room, args.track, args.day)
        items = [item for item in items if scope.admits(item, zone)]
    if args.kind or args.search:
        from itinerary.search import filter_items

        kinds = [Kind(k) for k in args.kind or ()]
        items = filter_items(items, kinds=kinds, text=args.search, notes=session.notes,
                             stored=session.program.stored_search)  # fmt: skip
    if args.json:
        from itinerary.cli.json_shapes import items_json

        print_json(items_json(session, items))
        return EXIT_OK
    if not items:
        print("No items match.", file=sys.stderr)
        return EXIT_OK
    day, rooms, spans = None, room_width(items), span_width(items, zone)
    lines = []
    for item in items:
        start = item.starts.astimezone(zone)
        if start.toordinal() != day:
            day = start.toordinal()
            lines.append(f"{start:%A %Y-%m-%d} ({zone.key})\n")
        star = session.star_of(item)
        lines.append(
            f"{STAR_MARKS[star.priority if star else None]} {item_line(item, zone, rooms, spans)}\n"
        )
    sys.stdout.write("".join(lines))  # one write, looked over once for escapes
    return EXIT_OK


def run_show(args: argparse.Namespace) -> int:
    from itinerary.cli.common import open_session
    from itinerary.cli.json_shapes import item_detail_json
    from itinerary.display import printable
    from itinerary.ids import expand_id
    from itinerary.timezones import format_span
    from itinerary.wording import group_title, person_label, star_label

    session = open_session(args)
    program, zone = session.program, session.zone
    named = expand_id(args.id, program.by_id)  # the id, or the one it is the start of
    if isinstance(named, list) and named:
        session.items_named([args.id], "")  # the start of several: says which, and stops
    item = program.get(named if isinstance(named, str) else args.id)  # or suggests the closest
    if args.json:
        print_json(item_detail_json(session, item))
        return EXIT_OK
    star = session.star_of(item)
    print(printable(item.title, single_line=True))
    print(f"  id:       {item.id}")
    print(f"  kind:     {item.kind.value}")
    print(f"  when:     {format_span(item.starts, item.ends, program.zone)}")
    if zone.key != program.zone.key:
        print(f"            {format_span(item.starts, item.ends, zone)}")
    group = group_title(program, item)
    if group is not None:
        print(f"  session:  {printable(group, single_line=True)}")
    for label, value in (("room", item.room), ("track", item.track), ("url", item.url)):
        if value:
            print(f"  {label + ':':<9} {printable(value, single_line=True)}")
    for index, person in enumerate(item.people):
        label = "people:" if index == 0 else ""
        print(f"  {label:<9} {printable(person_label(person), single_line=True)}")
    if star:
        print(f"  starred:  {star_label(star.priority)}")
        if star.note:
            print(f"  note:     {printable(star.note, single_line=True)}")
    if item.abstract:
        print()
        print(printable(item.abstract))
    return EXIT_OK
