"""``itinerary agenda`` and ``itinerary conflicts``: my starred items and where they clash."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from itinerary.cli.output import EXIT_OK, print_json, report_missing
from itinerary.cli.parser import Commands

if TYPE_CHECKING:
    from itinerary.selection import Starred
    from itinerary.session import Session


def add_agenda(commands: Commands) -> None:
    agenda = commands.add(
        "agenda", run_agenda, commands.program, commands.zone, commands.travel, commands.scope
    )
    agenda.add_argument("--json", action="store_true", help="print a JSON array")
    agenda.add_argument(
        "--format",
        choices=("text", "html", "markdown"),
        default="text",
        help="text (the default); html: a page with each day as a timeline, to print or send; "
        "markdown: to paste into a chat or a wiki",
    )
    agenda.add_argument(
        "-o", "--output", metavar="FILE", help="write the html or markdown to FILE (- : stdout)"
    )


def add_conflicts(commands: Commands) -> None:
    clashes = commands.add(
        "conflicts", run_conflicts, commands.program, commands.zone, commands.travel
    )
    clashes.add_argument("--json", action="store_true", help="print a JSON array")


PARSERS = {"agenda": add_agenda, "conflicts": add_conflicts}


def run_agenda(args: argparse.Namespace) -> int:
    from itinerary.cli.common import open_session
    from itinerary.cli.json_shapes import conflict_json, item_json
    from itinerary.display import printable
    from itinerary.scope import scope_named
    from itinerary.wording import counted

    session = open_session(args)
    agenda, zone = session.agenda, session.zone
    scope = scope_named(session.program.items, zone, args.room, args.track, args.day)
    chosen = [entry for entry in agenda.chosen if scope.admits(entry.item, zone)]
    if args.format != "text":
        _write_page(session, chosen, args.format, args.output)
        report_missing(session)
        return EXIT_OK
    if args.json:
        print_json(
            [
                {
                    **item_json(session, entry.item),
                    "conflicts": [
                        conflict_json(c) for c, _ in agenda.conflicts_of.get(entry.item.id, [])
                    ],
                }
                for entry in chosen
            ]
        )
        report_missing(session)
        return EXIT_OK
    print(
        f"{printable(session.program.title, single_line=True)}: {len(agenda.chosen)} starred, "
        f"{counted(len(agenda.conflicts), 'conflict')}; times in {session.zone.key} "
        f"({session.shown_zone.source})"
    )
    narrowed = scope.described(zone)
    if narrowed:
        print(f"Only {'; '.join(printable(part, single_line=True) for part in narrowed)}: "
              f"{counted(len(chosen), 'item')}")  # fmt: skip
    if not agenda.chosen:
        print("Nothing starred yet: `itinerary star ID` stars an item; `itinerary list` shows ids.")
    else:
        _print_days(session, chosen)
    report_missing(session)
    return EXIT_OK


def _write_page(session: Session, chosen: list[Starred], form: str, output: str | None) -> None:
    from pathlib import Path

    from itinerary.agenda_page import html_agenda, markdown_agenda
    from itinerary.cli.output import write_data
    from itinerary.day_plan import day_plans
    from itinerary.display import printable
    from itinerary.files import write_atomically

    agenda, zone = session.agenda, session.zone
    plans = day_plans(session.program, chosen, zone, agenda.conflicts_of)
    render = html_agenda if form == "html" else markdown_agenda
    page = render(session.program, plans, zone, len(chosen), len(agenda.conflicts))
    if output in (None, "-"):
        write_data(page)
        return
    path = Path(output)
    write_atomically(path, page.encode("utf-8"), private=False)
    print(f"Wrote the {form} agenda of {len(chosen)} items to {printable(str(path))}")


def _print_days(session: Session, chosen: list[Starred]) -> None:
    from itinerary.cli.common import item_line, room_width, span_width
    from itinerary.display import printable
    from itinerary.wording import STAR_MARKS, clash_relation

    agenda, zone = session.agenda, session.zone
    loads = {load.session_id: load for load in agenda.loads}
    items = [entry.item for entry in chosen]
    day, rooms, spans = None, room_width(items), span_width(items, zone)
    for entry in chosen:
        item = entry.item
        start = item.starts.astimezone(zone)
        if start.date() != day:
            day = start.date()
            print(f"\n{start:%A %Y-%m-%d}")
        load = loads.pop(item.parent, None) if item.parent else None
        if load and len(load.posters) > 1:
            poster_session = session.program.by_id[load.session_id]
            print(f"   {printable(poster_session.title, single_line=True)}: {load.describe()}")
        clash = "!" if item.id in agenda.conflicts_of else " "
        print(f"{clash}{STAR_MARKS[entry.star.priority]} {item_line(item, zone, rooms, spans)}")
        if entry.star.note:
            print(f"        note: {printable(entry.star.note, single_line=True)}")
        for conflict, other in agenda.conflicts_of.get(item.id, []):
            print(
                f"        ! {clash_relation(conflict)}: "
                f"{printable(other.title, single_line=True)}  [{other.id}]"
            )


def run_conflicts(args: argparse.Namespace) -> int:
    from itinerary.cli.common import item_line, open_session, room_width, span_width
    from itinerary.cli.json_shapes import conflict_json
    from itinerary.display import printable
    from itinerary.wording import clash_heading

    session = open_session(args)
    agenda, zone = session.agenda, session.zone
    if args.json:
        print_json([conflict_json(conflict) for conflict in agenda.conflicts])
        report_missing(session)
        return EXIT_OK
    clashing = [item for c in agenda.conflicts for item in (c.first, c.second)]
    rooms, spans = room_width(clashing), span_width(clashing, zone)
    for conflict in agenda.conflicts:
        print(f"{printable(clash_heading(conflict), single_line=True)}:")
        for item in (conflict.first, conflict.second):
            print(f"   {item_line(item, zone, rooms, spans)}")
    for load in agenda.loads:
        poster_session = session.program.by_id.get(load.session_id)
        where = f" ({printable(poster_session.title, single_line=True)})" if poster_session else ""
        print(f"{load.describe()}{where}")
    if not agenda.conflicts:
        print(f"No conflicts among your {len(agenda.chosen)} starred items.")
    report_missing(session)
    return EXIT_OK
