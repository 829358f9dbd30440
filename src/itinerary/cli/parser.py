"""The command line's grammar: the global options, the options several commands share, and
the commands (``COMMANDS``), each declared in its module beside the code that runs it.

Only the parser of the command typed is built, when argparse reaches its name: importing
every command's module and building some twenty parsers took longer than ``--help`` should.
"""

from __future__ import annotations

import argparse
import importlib

from itinerary import __version__

TYPE_CHECKING = False  # not typing's: importing typing is a sixth of `--help`
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from typing import Any

    Handler = Callable[[argparse.Namespace], int]

# Each command's module (in itinerary.cli) and its line in `itinerary --help`, listed in this
# order; the module's PARSERS says how to build it.
COMMANDS: dict[str, tuple[str, str]] = {
    "list": ("browse", "list the program's items in time order"),
    "show": ("browse", "show one item in full"),
    "star": ("stars", "star items (or change a star's priority or note)"),
    "unstar": ("stars", "remove stars"),
    "agenda": ("plan", "your starred items by day, with their clashes"),
    "conflicts": ("plan", "where your starred items clash"),
    "now": ("now", "what is on now in every room, and what comes next"),
    "export": ("calendar", "write your starred items as an iCalendar file"),
    "share": ("sharing", "write your itinerary as a file to send to colleagues"),
    "import": ("sharing", "take in a colleague's share file (or an exported .ics)"),
    "friends": ("sharing", "list the friends' itineraries kept beside yours"),
    "tz": ("zone", "print the display zone, or save one"),
    "add": (
        "following",
        "follow a conference: read its program from a URL (or a file), keep a copy, make it "
        "the current program",
    ),
    "programs": ("following", "list the programs you follow"),
    "use": ("following", "make a registered program the current one"),
    "remove": ("following", "forget a program's copies (the stars stay)"),
    "update": ("following", "ask a program's source for a new version, and say what changed"),
    "changes": (
        "following",
        "what changed in the program since you last looked, your picks first",
    ),
    "convert": (
        "programs",
        "turn a frab/Pentabarf XML, schedule.json or .ics program into this planner's YAML format",
    ),
    "validate": ("programs", "check program files; report every problem"),
    "schema": ("programs", "print the JSON Schema of the program format"),
}

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
    from itinerary.vocabulary import MAX_ALARM_MINUTES

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of minutes: {text!r}") from None
    if not 0 <= value <= MAX_ALARM_MINUTES:
        raise argparse.ArgumentTypeError(f"give between 0 and {MAX_ALARM_MINUTES} minutes")
    return value


class Commands:
    """Where a command module adds its command, with the options commands may share."""

    def __init__(self, subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
        self.subparsers = subparsers
        self.program, self.zone, self.travel, self.scope = _shared()

    def add(
        self, name: str, handler: Handler, *parents: argparse.ArgumentParser
    ) -> argparse.ArgumentParser:
        """The parser of command ``name``, described by its line in COMMANDS."""
        help = COMMANDS[name][1]
        # No help= here: the line in `itinerary --help` is listed already (_Subcommands).
        sub = self.subparsers.add_parser(name, parents=list(parents), description=help)
        sub.set_defaults(handler=handler)
        return sub


def _shared() -> tuple[argparse.ArgumentParser, ...]:
    from itinerary.vocabulary import DEFAULT_TRAVEL_MINUTES  # (its enums: not for `--help`)

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


class _Subcommands(argparse._SubParsersAction):
    """The COMMAND argument: every command listed (in the help, and by argparse when a name is
    none of them), and a command's parser built only once argparse has taken its name."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # What argparse checks the name against, and lists when it is none of them; the
        # parsers themselves (_name_parser_map) are only the ones built.
        self.choices = COMMANDS
        for name, (_, help) in COMMANDS.items():
            self._choices_actions.append(self._ChoicesPseudoAction(name, (), help))

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        assert isinstance(values, list)  # nargs=PARSER: the name, then what follows it
        name = values[0]
        if name not in self._name_parser_map:
            module = importlib.import_module(f"itinerary.cli.{COMMANDS[name][0]}")
            module.PARSERS[name](Commands(self))
        super().__call__(parser, namespace, values, option_string)


def build_parser() -> argparse.ArgumentParser:
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
    parser.add_subparsers(action=_Subcommands, dest="command", metavar="COMMAND")
    return parser
