"""``itinerary tz``: the display zone, and where it comes from."""

from __future__ import annotations

import argparse
from datetime import datetime, timezone

from itinerary.cli.output import EXIT_OK, report_missing
from itinerary.cli.parser import Commands


def add_tz(commands: Commands) -> None:
    zone = commands.add("tz", run_tz, commands.program, commands.zone)
    zone.add_argument("zone", nargs="?", metavar="ZONE", help="an IANA zone to save")
    zone.add_argument("--reset", action="store_true", help="forget the saved zone")


PARSERS = {"tz": add_tz}


def run_tz(args: argparse.Namespace) -> int:
    from itinerary.cli.common import open_session
    from itinerary.timezones import zone_label
    from itinerary.wording import utc_offset

    session = open_session(args)
    if args.reset:
        session.forget_zone()
        print("Forgot the saved zone.")
    elif args.zone:
        zone = session.choose_zone(args.zone)
        print(f"Saved: times will be shown in {zone.key}.")
    shown = session.shown_zone  # --tz, for this command, says so; saving a zone replaces it
    now = datetime.now(timezone.utc).astimezone(shown.zone)
    print(f"{shown.zone.key} ({shown.source}; now {zone_label(now)}, {utc_offset(now)})")
    report_missing(session)
    return EXIT_OK
