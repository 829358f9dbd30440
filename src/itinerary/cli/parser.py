"""The command line's grammar: the global options, the options several commands share, and
one subcommand per module (each module declares its own beside the code that reads it)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass

from itinerary import __version__
from itinerary.vocabulary import DEFAULT_TRAVEL_MINUTES, MAX_ALARM_MINUTES

Handler = Callable[[argparse.Namespace], int]

PROGRAM_HELP = (
    "a registered program's id (see `itinerary programs`) or a program file (default: "
    "$ITINERARY_PROGRAM, else the current program, else the ES-FoMo 2023 program shipped with "
    "itinerary)"
)
PROGRAM_TZ_HELP = (
    "the conference's IANA zone, for a program (XML, JSON or .ics schedule) that names none; "
    "remembered for a registered program"
)
ZONE_HELP = (
    "show times in this IANA zone, e.g. Europe/Berlin (default: the zone saved with "
    "`itinerary tz`, else the system's, else the venue's)"
)


def minutes(text: str) -> float:
    """A number of minutes, as --travel and --alarm take it."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of minutes: {text!r}") from None
    if not 0 <= value <= MAX_ALARM_MINUTES:
        raise argparse.ArgumentTypeError(f"give between 0 and {MAX_ALARM_MINUTES} minutes")
    return value


@dataclass(frozen=True)
class Commands:
    """Where a command module adds its subcommands, with the options they may share."""

    subparsers: argparse._SubParsersAction[argparse.ArgumentParser]
    program: argparse.ArgumentParser  # --program, after the command name too
    zone: argparse.ArgumentParser  # --tz
    travel: argparse.ArgumentParser  # --travel
    scope: argparse.ArgumentParser  # --room, --track, --day

    def add(
        self, name: str, handler: Handler, help: str, *parents: argparse.ArgumentParser
    ) -> argparse.ArgumentParser:
        sub = self.subparsers.add_parser(name, parents=list(parents), help=help, description=help)
        sub.set_defaults(handler=handler)
        return sub


def _shared() -> tuple[argparse.ArgumentParser, ...]:
    # Accepted after the command name too; SUPPRESS keeps a missing one from hiding the global.
    program = argparse.ArgumentParser(add_help=False)
    program.add_argument(
        "--program", metavar="ID|PATH", help=PROGRAM_HELP, default=argparse.SUPPRESS
    )
    program.add_argument(
        "--program-tz", metavar="ZONE", help=PROGRAM_TZ_HELP, default=argparse.SUPPRESS
    )
    zone = argparse.ArgumentParser(add_help=False)
    zone.add_argument("--tz", metavar="ZONE", help=ZONE_HELP, default=argparse.SUPPRESS)
    travel = argparse.ArgumentParser(add_help=False)
    travel.add_argument(
        "--travel",
        metavar="MINUTES",
        type=minutes,
        default=DEFAULT_TRAVEL_MINUTES,
        help="warn when items in different rooms are closer than this "
        f"(default: {DEFAULT_TRAVEL_MINUTES})",
    )
    scope = argparse.ArgumentParser(add_help=False)
    for flag, what in (
        ("--room", "only items in this room (repeatable; case and spaces do not matter)"),
        ("--track", "only items of this track (repeatable)"),
        ("--day", "only items on this day, in the display zone: 2023-07-29, a weekday (sat) "
         "or the day's number in the program (1); repeatable"),
    ):  # fmt: skip
        scope.add_argument(flag, action="append", default=[], metavar=flag[2:].upper(), help=what)
    return program, zone, travel, scope


def build_parser() -> argparse.ArgumentParser:
    # Imported here: each command module imports this one for `Commands` and `minutes`.
    from itinerary.cli import (
        browse,
        calendar,
        following,
        now,
        plan,
        programs,
        sharing,
        stars,
        zone,
    )

    parser = argparse.ArgumentParser(
        prog="itinerary",
        description="Plan your conference: browse the program, star talks, see clashes. With no "
        "command, opens the planner in the terminal.",
    )
    parser.add_argument("--version", action="version", version=f"itinerary {__version__}")
    parser.add_argument("--program", metavar="ID|PATH", help=PROGRAM_HELP)
    parser.add_argument("--program-tz", metavar="ZONE", help=PROGRAM_TZ_HELP)
    parser.add_argument("--tz", metavar="ZONE", help=ZONE_HELP)
    parser.add_argument(
        "--offline",
        action="store_true",
        help="the planner does not check a program's URL for a new version",
    )
    commands = Commands(parser.add_subparsers(dest="command", metavar="COMMAND"), *_shared())
    # In the order `itinerary --help` lists them.
    for module in (browse, stars, plan, now, calendar, sharing, zone, following, programs):
        module.add_parsers(commands)
    return parser
