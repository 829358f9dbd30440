"""``itinerary star`` and ``itinerary unstar``."""

from __future__ import annotations

import argparse
import sys

from itinerary.cli.output import EXIT_OK, report_missing
from itinerary.cli.parser import Commands
from itinerary.vocabulary import Priority


def add_star(commands: Commands) -> None:
    add = commands.add("star", run_star, commands.program)
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


def add_unstar(commands: Commands) -> None:
    remove = commands.add("unstar", run_unstar, commands.program)
    remove.add_argument("ids", nargs="+", metavar="ID")


PARSERS = {"star": add_star, "unstar": add_unstar}


def run_star(args: argparse.Namespace) -> int:
    from itinerary.cli.common import open_session
    from itinerary.display import printable
    from itinerary.wording import STAR_MARKS

    session = open_session(args)
    items = session.items_named(args.ids, "Nothing was starred.")
    before = session.state
    session.star(items, priority=args.priority, note=args.note)
    for item in items:
        now = session.state.stars[item.id]
        verb = "updated" if item.id in before.stars else "starred"
        note = f"  note: {printable(now.note, single_line=True)}" if now.note else ""
        print(
            f"{STAR_MARKS[now.priority]} {verb} ({now.priority.value}): "
            f"{printable(item.title, single_line=True)}  [{item.id}]{note}"
        )
    report_missing(session)
    return EXIT_OK


def run_unstar(args: argparse.Namespace) -> int:
    from itinerary.cli.common import open_session
    from itinerary.display import printable
    from itinerary.ids import closest_ids

    session = open_session(args)
    before = session.state
    # Like star: a mistyped id changes nothing (an id starred from an older version of the
    # program is not in it, but can still be unstarred).
    known = {**session.program.by_id, **before.stars}
    wanted = session.ids_named(args.ids, known, "Nothing was unstarred.")
    session.unstar(wanted)
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
    report_missing(session)
    return EXIT_OK
