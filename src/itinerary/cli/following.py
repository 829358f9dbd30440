"""``itinerary add``, ``programs``, ``use``, ``remove``, ``update`` and ``changes``: following
a conference's program from its URL (or a file), and what changed in my picks."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from typing import TYPE_CHECKING

from itinerary.cli.output import EXIT_OK, EXIT_USER_ERROR, print_json
from itinerary.cli.parser import PROGRAM_TZ_HELP, Commands
from itinerary.errors import ItineraryError

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from itinerary.follow import UpdateOutcome
    from itinerary.registry import Entry, ProgramRegistry


def add_add(commands: Commands) -> None:
    add = commands.add("add", run_add)
    add.add_argument("source", metavar="SOURCE", help="an https:// or http:// URL, or a file")
    add.add_argument("--id", metavar="ID", help="the id to know it by (default: the program's)")
    add.add_argument(
        "--program-tz", metavar="ZONE", help=PROGRAM_TZ_HELP, default=argparse.SUPPRESS
    )


def add_programs(commands: Commands) -> None:
    programs = commands.add("programs", run_programs, commands.zone)
    programs.add_argument("--json", action="store_true", help="print JSON")


def add_use(commands: Commands) -> None:
    use = commands.add("use", run_use)
    use.add_argument("id", metavar="ID")


def add_remove(commands: Commands) -> None:
    remove = commands.add("remove", run_remove)
    remove.add_argument("id", metavar="ID")
    remove.add_argument("--forget-stars", action="store_true", help="forget its stars too")


def add_update(commands: Commands) -> None:
    update = commands.add("update", run_update, commands.zone)
    update.add_argument("id", nargs="?", metavar="ID", help="default: the current program")
    update.add_argument("--all", action="store_true", help="every registered program")
    update.add_argument("--json", action="store_true", help="print JSON")


def add_changes(commands: Commands) -> None:
    changes = commands.add("changes", run_changes, commands.program, commands.zone)
    changes.add_argument("--json", action="store_true", help="print JSON")
    changes.add_argument("--seen", action="store_true", help="mark the changes as seen")
    changes.add_argument("--all", action="store_true", help="include items already over")


PARSERS = {
    "add": add_add,
    "programs": add_programs,
    "use": add_use,
    "remove": add_remove,
    "update": add_update,
    "changes": add_changes,
}


def run_add(args: argparse.Namespace) -> int:
    from itinerary.follow import add_program
    from itinerary.timezones import format_span
    from itinerary.wording import counted

    entry, program, fetched = add_program(args.source, args.id, args.program_tz)
    span = format_span(entry.first_start, entry.last_end, program.zone, date_format="%a %Y-%m-%d")
    print(f"Added {entry.id}: {program.title} ({counted(entry.items, 'item')}), {span}")
    where = f"  from {entry.source}"
    if fetched.redirected:
        where += f" (redirected to {fetched.final_url})"
    print(where)
    asks = "its URL" if entry.from_url else "the file"
    print(f"It is now the current program; `itinerary update` asks {asks} for a new version.")
    return EXIT_OK


def _when(moment: datetime | None, zone: ZoneInfo) -> str:
    from itinerary.timezones import zone_label

    if moment is None:
        return "never"
    local = moment.astimezone(zone)
    return f"{local:%Y-%m-%d %H:%M} {zone_label(local)}"


def run_programs(args: argparse.Namespace) -> int:
    from itinerary.cli.json_shapes import ProgramRow, program_entry_json
    from itinerary.program import default_program_path, load_program
    from itinerary.registry import BUILTIN_ID, ProgramRegistry, program_span
    from itinerary.storage import StateStore
    from itinerary.timezones import choose_display_zone, get_zone
    from itinerary.wording import counted

    folders = ProgramRegistry()
    registry = folders.load()
    for notice in folders.notices:
        print(f"itinerary: {notice}", file=sys.stderr)
    builtin = load_program(default_program_path())
    rows = []
    listed: list[tuple[str, Entry | None]] = [(BUILTIN_ID, None)]
    listed += [(key, entry) for key, entry in registry.programs.items() if key != BUILTIN_ID]
    for key, entry in listed:
        state = StateStore(entry.program if entry else builtin.id).load()
        venue = get_zone(entry.venue_zone) if entry else builtin.zone
        zone = choose_display_zone(getattr(args, "tz", None), state.timezone, venue).zone
        first, last = (entry.first_start, entry.last_end) if entry else program_span(builtin)
        stars = len(state.stars)
        rows.append(ProgramRow(key, entry, stars, zone, first, last, key == registry.current_id))
    if args.json:
        print_json([program_entry_json(row, builtin) for row in rows])
        return EXIT_OK
    for row in rows:
        title = row.entry.title if row.entry else builtin.title
        print(f"{'*' if row.current else ' '} {row.key}  {title}" + ("  (current)" * row.current))
        dates = (
            f"{row.first.astimezone(row.zone):%Y-%m-%d} – {row.last.astimezone(row.zone):%Y-%m-%d}"
        )
        print(f"    {dates} ({row.zone.key}), {counted(row.stars, 'star')}")
        if row.entry is None:
            print("    built in (shipped with itinerary)")
        else:
            checked = _when(row.entry.checked, row.zone)
            print(f"    from {row.entry.source}, last checked {checked}")
    return EXIT_OK


def run_use(args: argparse.Namespace) -> int:
    from itinerary.follow import use_program
    from itinerary.registry import BUILTIN_ID

    registry = use_program(args.id)
    title = registry.programs[args.id].title if args.id in registry.programs else "built in"
    if args.id == BUILTIN_ID and args.id not in registry.programs:
        title = "the ES-FoMo program shipped with itinerary"
    print(f"Now using {args.id}: {title}.")
    return EXIT_OK


def run_remove(args: argparse.Namespace) -> int:
    from itinerary.follow import remove_program
    from itinerary.registry import BUILTIN_ID
    from itinerary.wording import counted

    removed = remove_program(args.id, forget_stars=args.forget_stars)
    print(f"Removed {removed.entry.id} ({removed.entry.title}) and its copies.")
    stars = counted(removed.stars, "star")
    if removed.forgot_stars:
        print(f"Forgot your {stars} ({removed.state_path} removed).")
    elif removed.stars:
        verb = "is" if removed.stars == 1 else "are"
        print(
            f"Your {stars} {verb} kept in {removed.state_path}: back if you add it again "
            "(`itinerary remove --forget-stars` forgets them)."
        )
    if removed.was_current:
        print(f"The current program is now {BUILTIN_ID} (shipped with itinerary).")
    return EXIT_OK


def _update_targets(args: argparse.Namespace, folders: ProgramRegistry) -> list[str]:
    registry = folders.load()
    if args.all:
        if args.id:
            raise ItineraryError("give an ID or --all, not both")
        if not registry.programs:
            raise ItineraryError("no programs are registered: add one with `itinerary add URL`")
        return list(registry.programs)
    return [args.id or registry.current_id]


def run_update(args: argparse.Namespace) -> int:
    from itinerary.follow import update_program
    from itinerary.registry import ProgramRegistry

    folders = ProgramRegistry()
    results: list[dict[str, object]] = []
    status = EXIT_OK
    targets = _update_targets(args, folders)
    for key in targets:
        try:
            outcome = update_program(key, folders=folders)
        except ItineraryError as error:
            if len(targets) == 1 and not args.json:
                raise
            print(f"itinerary: {error}", file=sys.stderr)
            results.append({"id": key, "status": "failed", "error": str(error)})
            status = EXIT_USER_ERROR
            continue
        results.append(_report_update(args, folders, outcome))
    if args.json:
        print_json(results)
    return status


def _report_update(
    args: argparse.Namespace, folders: ProgramRegistry, outcome: UpdateOutcome
) -> dict[str, object]:
    from itinerary.changes import report_json, report_lines
    from itinerary.follow import change_report
    from itinerary.storage import StateStore
    from itinerary.timezones import choose_display_zone, get_zone

    entry = outcome.entry
    state = StateStore(entry.program).load()
    zone = choose_display_zone(
        getattr(args, "tz", None), state.timezone, get_zone(entry.venue_zone)
    )
    report = change_report(folders, entry, set(state.stars))
    if not args.json:
        where = (
            f" (redirected to {outcome.fetched.final_url})" if outcome.fetched.redirected else ""
        )
        checked = _when(entry.checked, zone.zone)
        print(f"{entry.id}: {outcome.status} ({outcome.how}){where}; checked {checked}")
        if outcome.status == "updated" or not report.empty:
            for line in report_lines(report, zone.zone, entry.title):
                print(line)
    return {
        "id": entry.id,
        "status": outcome.status,
        "how": outcome.how,
        "final_url": outcome.fetched.final_url,
        "checked": entry.checked.isoformat() if entry.checked else None,
        "changes": report_json(report, zone.zone),
    }


def run_changes(args: argparse.Namespace) -> int:
    from itinerary.changes import report_json, report_lines
    from itinerary.cli.common import choice_of, open_session
    from itinerary.follow import change_report, mark_seen
    from itinerary.registry import BUILTIN_ID, ProgramRegistry

    choice = choice_of(args)
    if choice.entry is None:
        if choice.registry_id == BUILTIN_ID:
            print(f"{BUILTIN_ID} is shipped with itinerary: it does not change.")
            return EXIT_OK
        raise ItineraryError(
            f"{choice.path} is not a program you follow: changes are kept for programs added "
            "with `itinerary add SOURCE`"
        )
    session = open_session(args)
    entry = choice.entry
    report = change_report(
        ProgramRegistry(), entry, set(session.state.stars), include_past=args.all
    )
    if args.json:
        print_json(report_json(report, session.zone))
    else:
        for line in report_lines(report, session.zone, entry.title):
            print(line)
    if args.seen:
        mark_seen(entry.id)
        if not args.json:
            print("Marked as seen: the next report starts from this version.")
    return EXIT_OK
