"""``itinerary export``: my starred items (or the whole program) as an iCalendar file."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from itinerary.cli.output import EXIT_NOTHING, EXIT_OK, report_missing, write_data
from itinerary.cli.parser import Commands, minutes


def add_export(commands: Commands) -> None:
    export = commands.add("export", run_export, commands.program, commands.zone)
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
        type=minutes,
        help="add a reminder this many minutes before each event",
    )
    export.add_argument("--all", action="store_true", help="export the whole program")


PARSERS = {"export": add_export}


def _to_standard_output(data: bytes) -> None:
    write_data(data.decode("utf-8"))
    sys.stdout.flush()


def run_export(args: argparse.Namespace) -> int:
    from itinerary.cli.common import open_session
    from itinerary.export import (
        ExportChoice,
        NothingToExport,
        default_export_path,
        export_itinerary,
        write_file,
    )

    session = open_session(args)
    write: Callable[[bytes], None]
    if args.output == "-":
        where, report_to = "standard output", sys.stderr
        write = _to_standard_output
    else:
        path = Path(args.output) if args.output else default_export_path(session.program)
        where, report_to, write = str(path), sys.stdout, write_file(path)
    try:
        choice = ExportChoice(
            session.zone,
            posters=args.posters,
            alarm_minutes=round(args.alarm) if args.alarm is not None else None,
            everything=args.all,
        )
        result = export_itinerary(session, choice, write)
    except NothingToExport as nothing:
        print(
            f"itinerary: {nothing} (star items with `itinerary star ID`, or export the whole "
            "program with --all)",
            file=sys.stderr,
        )
        report_missing(session)
        return EXIT_NOTHING
    print(result.describe(where), file=report_to)
    report_missing(session)
    return EXIT_OK
