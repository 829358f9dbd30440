"""The ``itinerary`` command: parse what a person typed, call the core, print the result.

One module per group of commands, each declaring its subcommands (``PARSERS``) beside the
code that runs them (``run_…``); ``parser`` holds what they share and the index of commands
(only the one typed is built), ``output`` how they write, ``json_shapes`` the JSON that scripts
rely on. Errors from the core (``ItineraryError``) are printed to stderr and exit with status
2; nothing here lets a traceback reach the terminal for input the user can fix.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from itinerary.cli.output import EXIT_OK, EXIT_USER_ERROR, TerminalSafe, discard_output
from itinerary.cli.parser import build_parser
from itinerary.display import printable
from itinerary.errors import ItineraryError


def main(argv: Sequence[str] | None = None) -> int:
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = (None if s is None else TerminalSafe(s) for s in streams)
    try:
        return _main(argv)
    finally:
        # Only our own wrappers are undone: one replaced on the way (a closed output pointed at
        # /dev/null) stays.
        if isinstance(sys.stdout, TerminalSafe):
            sys.stdout = streams[0]
        if isinstance(sys.stderr, TerminalSafe):
            sys.stderr = streams[1]


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if sys.stdout is None:  # started with standard output closed (`>&-`)
        print("itinerary: standard output is closed: nowhere to write to", file=sys.stderr)
        return EXIT_USER_ERROR
    try:
        if args.command is None:
            from itinerary.cli.planner import open_planner

            status = open_planner(args, parser)
        else:
            status = args.handler(args)
        sys.stdout.flush()  # a full disk shows here, not after main has returned
        return status
    except ItineraryError as error:
        print(f"itinerary: {printable(str(error))}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `itinerary list | head`: the reader left; that is not an error of ours.
        discard_output()
        return EXIT_OK
    except OSError as error:
        # The core turns its own file errors into messages: this one is writing the output
        # (`itinerary list > /dev/full`).
        discard_output()
        where = f"{error.filename}: " if error.filename else "could not write the output: "
        print(f"itinerary: {where}{error.strerror or error}", file=sys.stderr)
        return EXIT_USER_ERROR
