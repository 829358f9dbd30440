"""``itinerary now``: what is on now in every room, and what comes next."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from itinerary.cli.output import EXIT_OK, print_json, report_missing
from itinerary.cli.parser import Commands

if TYPE_CHECKING:
    from itinerary.session import Session
    from itinerary.whats_on import Showing, WhatsOn


def add_now(commands: Commands) -> None:
    now = commands.add("now", run_now, commands.program, commands.zone)
    now.add_argument(
        "--at",
        metavar="TIME",
        help="as if it were this time: a time on a conference day in the display zone "
        "(sat 10:00, 2023-07-29 10:00, 1 10:00) or an ISO 8601 instant (2023-07-29T10:00-10:00)",
    )
    now.add_argument("--json", action="store_true", help="print a JSON object")


PARSERS = {"now": add_now}


def run_now(args: argparse.Namespace) -> int:
    from itinerary.cli.common import open_session
    from itinerary.clock import system_clock
    from itinerary.whats_on import moment_named, whats_on

    session = open_session(args)
    zone = session.zone
    at = moment_named(args.at, session.program, zone) if args.at else system_clock()
    on = whats_on(session.program, session.state, at)
    if args.json:
        print_json(_json(session, on))
    else:
        _print(session, on)
    report_missing(session)
    return EXIT_OK


def _json(session: Session, on: WhatsOn) -> dict[str, Any]:
    from itinerary.cli.json_shapes import item_json

    return {
        "at": on.at.astimezone(session.zone).isoformat(),
        "timezone": session.zone.key,
        "status": on.status,
        "now": [{**item_json(session, s.item), "minutes_left": s.minutes} for s in on.now],
        "next": [{**item_json(session, s.item), "minutes_to_start": s.minutes} for s in on.next],
    }


def _print(session: Session, on: WhatsOn) -> None:
    from itinerary.cli.common import item_line, room_width, span_width
    from itinerary.display import printable
    from itinerary.timezones import format_moment
    from itinerary.wording import (
        NEXT_HEADING,
        NOTHING_ON,
        STAR_MARKS,
        conference_time,
        day_cell,
        minutes_left,
        now_heading,
        other_days_than,
        starts_in,
    )

    zone = session.zone
    title = printable(session.program.title, single_line=True)
    print(f"{title} · {format_moment(on.at, zone)}")
    if on.status != "during":
        print(conference_time(on.status, on.first_start, on.last_end, zone))
        print("`itinerary now --at 'DAY HH:MM'` shows a moment of it (sat 10:00, 1 10:00).")
    shown = [s.item for s in (*on.now, *on.next)]
    rooms, spans = room_width(shown), span_width(shown, zone)
    day_of = other_days_than(on.at, shown, zone)

    def show(showing: Showing, how_long: str) -> None:
        mark = STAR_MARKS[showing.star.priority if showing.star else None]
        day = day_cell(showing.item.starts.astimezone(zone), day_of)
        print(f"{mark} {day}{item_line(showing.item, zone, rooms, spans)}  ({how_long})")

    if on.now:
        print(f"\n{now_heading(len(on.now))}:")
        for showing in on.now:
            show(showing, minutes_left(showing.minutes))
    elif on.status == "during":
        print(f"\n{NOTHING_ON}")
    if on.next:
        print(f"\n{NEXT_HEADING}:")
        for showing in on.next:
            show(showing, starts_in(showing.minutes))
