"""``itinerary now``: what is on now in every room, and what comes next."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from itinerary.cli.output import EXIT_OK, print_json, report_missing
from itinerary.cli.parser import Commands

if TYPE_CHECKING:
    from itinerary.session import Session
    from itinerary.whats_on import Showing, WhatsOn


def add_parsers(commands: Commands) -> None:
    now = commands.add(
        "now", run_now, "what is on now in every room, and what comes next", commands.program,
        commands.zone,
    )  # fmt: skip
    now.add_argument(
        "--at",
        metavar="TIME",
        help="as if it were this time: a time on a conference day in the display zone "
        "(sat 10:00, 2023-07-29 10:00, 1 10:00) or an ISO 8601 instant (2023-07-29T10:00-10:00)",
    )
    now.add_argument("--json", action="store_true", help="print a JSON object")


def run_now(args: argparse.Namespace) -> int:
    from datetime import datetime, timezone

    from itinerary.cli.common import open_session
    from itinerary.whats_on import moment_named, whats_on

    session = open_session(args)
    zone = session.zone
    at = moment_named(args.at, session.program, zone) if args.at else datetime.now(timezone.utc)
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
    from itinerary.cli.common import item_line, room_width
    from itinerary.display import printable
    from itinerary.timezones import format_moment
    from itinerary.wording import STAR_MARKS, conference_time, counted

    zone = session.zone
    title = printable(session.program.title, single_line=True)
    print(f"{title} · {format_moment(on.at, zone)}")
    if on.status != "during":
        print(conference_time(on.status, on.first_start, on.last_end, zone))
        print("`itinerary now --at 'DAY HH:MM'` shows a moment of it (sat 10:00, 1 10:00).")
    rooms = room_width(s.item for s in (*on.now, *on.next))

    def show(showing: Showing, how_long: str) -> None:
        mark = STAR_MARKS[showing.star.priority if showing.star else None]
        print(f"{mark} {item_line(showing.item, zone, rooms)}  ({how_long})")

    if on.now:
        print(f"\nNow ({counted(len(on.now), 'item')}):")
        for showing in on.now:
            show(showing, f"{showing.minutes} min left")
    elif on.status == "during":
        print("\nNothing is on right now.")
    if on.next:
        print("\nNext (within the hour, and the next in every room):")
        for showing in on.next:
            show(showing, f"in {_span(showing.minutes)}")


def _span(minutes: int) -> str:
    if minutes < 120:
        return f"{minutes} min"
    hours = minutes / 60
    return f"{hours:.0f} h" if hours < 48 else f"{hours / 24:.0f} days"
