"""``itinerary`` with no command: the planner, the one way the command line reaches the TUI
(imported only when it opens: Textual is slow to load)."""

from __future__ import annotations

import argparse
import sys

from itinerary.cli.output import EXIT_OK, EXIT_USER_ERROR


def open_planner(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from itinerary.cli.common import choice_of, remember_choice
    from itinerary.program import quick_program
    from itinerary.program_process import ProgramReader
    from itinerary.timezones import get_zone

    if not sys.stdin.isatty() or not sys.stdout.isatty():
        parser.print_help()
        print(
            "\nitinerary: the planner needs a terminal; the commands above work anywhere.",
            file=sys.stderr,
        )
        return EXIT_USER_ERROR
    if args.tz is not None:
        get_zone(args.tz)  # a mistyped zone is said here, before the planner takes the screen
    choice = choice_of(args)
    path, zone = choice.path, choice.zone
    # A big program read for the first time takes seconds: a child process reads it, started
    # now, while the planner is imported, and the planner shows how far it has got. Anything
    # quicker (and every error found by then) comes first.
    program = quick_program(path, zone)
    if program is not None:
        remember_choice(choice)
    source = program if program is not None else ProgramReader(path, zone)
    try:
        from itinerary.tui.app import run_planner  # the planner shows the store's notices

        followed = choice.entry.id if choice.entry else None
        run_planner(source, zone=args.tz, followed=followed, offline=args.offline)
    finally:
        if isinstance(source, ProgramReader):
            source.stop()
    return EXIT_OK
