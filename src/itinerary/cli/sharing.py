"""``itinerary share``, ``import`` and ``friends``: itineraries passed between colleagues."""

from __future__ import annotations

import argparse
import getpass
import hashlib
import os
import sys
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from itinerary.cli.output import EXIT_NOTHING, EXIT_OK, report_missing, write_data
from itinerary.cli.parser import Commands
from itinerary.errors import ItineraryError, ShareError

if TYPE_CHECKING:
    from itinerary.session import Session
    from itinerary.share_import import ImportOutcome, Matched


def add_share(commands: Commands) -> None:
    share = commands.add("share", run_share, commands.program)
    share.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="where to write it (default: NAME.itinerary.yaml here; - for standard output)",
    )
    share.add_argument(
        "--name", help="your name, as colleagues will see it (default: your login name)"
    )


def add_friends(commands: Commands) -> None:
    friends = commands.add("friends", run_friends, commands.program)
    friends.add_argument("--remove", metavar="NAME", help="drop this friend's itinerary")


def add_import(commands: Commands) -> None:
    take = commands.add("import", run_import, commands.program)
    take.add_argument("file", metavar="FILE")
    how = take.add_mutually_exclusive_group()
    how.add_argument(
        "--merge",
        dest="mode",
        action="store_const",
        const="merge",
        help="add its stars to yours, keeping your priorities and notes (default)",
    )
    how.add_argument(
        "--replace",
        dest="mode",
        action="store_const",
        const="replace",
        help="make your stars exactly its stars (asks first)",
    )
    how.add_argument(
        "--overlay",
        dest="mode",
        action="store_const",
        const="overlay",
        help="keep it as a friend's itinerary beside yours",
    )
    take.add_argument("--yes", action="store_true", help="do not ask before --replace")
    take.add_argument(
        "--name",
        metavar="NAME",
        help="whose it is (with --overlay: the friend's name; an .ics names nobody, so its file "
        "name is used unless this says otherwise)",
    )
    take.set_defaults(mode="merge")


PARSERS = {"share": add_share, "import": add_import, "friends": add_friends}


# --- share --------------------------------------------------------------------------------------


def run_share(args: argparse.Namespace) -> int:
    from itinerary.cli.common import open_session
    from itinerary.display import printable
    from itinerary.share import build_share, render_share, share_file_name
    from itinerary.wording import counted

    session = open_session(args)
    owner = args.name or _login_name()
    share = build_share(session.program, session.state, owner, datetime.now(timezone.utc))
    if not share.stars:
        print(
            "itinerary: nothing starred, so there is nothing to share; no file was written",
            file=sys.stderr,
        )
        report_missing(session)
        return EXIT_NOTHING
    text = render_share(share)
    if args.output == "-":  # as export does: `itinerary share -o - | mail …`
        write_data(text)
        where, report_to = "standard output", sys.stderr
    else:
        path = Path(args.output) if args.output else Path(share_file_name(owner))
        _write_share(session, path, text.encode("utf-8"), named=bool(args.output))
        where, report_to = str(path), sys.stdout
    print(
        f"Wrote {counted(len(share.stars), 'star')} of {printable(owner)!r} to {where}",
        file=report_to,
    )
    report_missing(session)
    return EXIT_OK


def _write_share(session: Session, path: Path, data: bytes, *, named: bool) -> None:
    from itinerary.files import write_atomically
    from itinerary.selection import record_share
    from itinerary.share import written_by_share

    key = os.path.abspath(path)
    if not named and not written_by_share(path, session.state.shares_written.get(key)):
        raise ItineraryError(
            f"{path} is there already and `itinerary share` did not write it here (a "
            "colleague's?); nothing was written: name it with -o to replace it, or share "
            "under another name with --name"
        )
    write_atomically(path, data, private=False)
    digest = hashlib.sha256(data).hexdigest()
    session.apply(lambda state: record_share(state, key, digest), f"share file {path}")


def _login_name() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name on this system (a container, say)
        return "me"


# --- import -------------------------------------------------------------------------------------


def run_import(args: argparse.Namespace) -> int:
    from itinerary.cli.common import open_session
    from itinerary.display import printable
    from itinerary.share import read_share_file
    from itinerary.wording import counted

    session = open_session(args)
    path = Path(args.file)
    share = read_share_file(path, session.program, args.name)
    matched = session.match(share, str(path))
    owner = printable(share.owner, single_line=True)
    print(
        f"{path}: the itinerary of {owner!r}, {counted(len(share.stars), 'star')}, "
        f"written {share.written:%Y-%m-%d %H:%M} UTC"
    )
    if args.mode == "replace" and not args.yes and not _replace_confirmed(session, path, matched):
        print("Nothing was changed.")
        return EXIT_NOTHING
    done, replaced = session.take_share(share, matched, args.mode)
    _report_import(args.mode, owner, matched, done)
    if replaced is not None:
        when = f" (shared {replaced.written:%Y-%m-%d %H:%M} UTC)" if replaced.written else ""
        print(
            f"  this replaces the itinerary of {owner!r} kept before{when}; to keep both, "
            "import it with --name NAME"
        )
    report_missing(session)
    return EXIT_OK


def _replace_confirmed(session: Session, path: Path, matched: Matched) -> bool:
    from itinerary.wording import counted

    mine = len(session.state.stars)
    question = f"Replace your {counted(mine, 'star')} with its {len(matched.items)}? [y/N] "
    if not sys.stdin.isatty():
        raise ShareError(
            [
                f"{path}: --replace would change all your stars; confirm on a "
                "terminal, or add --yes. Nothing was changed."
            ]
        )
    try:
        answer = input(question)
    except EOFError:  # Ctrl-D: no answer is not a yes
        answer = ""
        print()
    return answer.strip().lower() in ("y", "yes")


def _report_import(mode: str, owner: str, matched: Matched, done: ImportOutcome) -> None:
    from itinerary.display import printable
    from itinerary.model import Item
    from itinerary.wording import counted

    def titles(items: Sequence[Item]) -> str:
        return "; ".join(printable(item.title, single_line=True) for item in items[:5]) + (
            f"; and {len(items) - 5} more" if len(items) > 5 else ""
        )

    if mode == "overlay":
        print(
            f"Kept {counted(len(matched.items), 'star')} of {owner!r} beside yours "
            "(`itinerary friends` lists them; they never change your own stars)."
        )
    elif mode == "replace":
        print(
            f"  your stars are now its {len(matched.items)}: {len(done.added)} added, "
            f"{len(done.removed)} no longer starred"
        )
    else:
        added = f" ({titles(done.added)})" if done.added else ""
        print(f"  added: {len(done.added)}{added}")
        kept = " (kept your priority and note)" if done.already else ""
        print(f"  already starred: {len(done.already)}{kept}")
    if matched.by_title:
        print(f"  matched by title and time (the program changed since): {len(matched.by_title)}")
    if matched.missing:
        print(f"  not found in this program: {len(matched.missing)}")
        for star in matched.missing:
            print(
                f"    {printable(star.title, single_line=True)} [{star.id}], "
                f"{star.start.astimezone(timezone.utc):%Y-%m-%d %H:%M} UTC"
            )


# --- friends ------------------------------------------------------------------------------------


def run_friends(args: argparse.Namespace) -> int:
    from itinerary.cli.common import open_session
    from itinerary.display import printable

    session = open_session(args)
    if args.remove is not None:
        session.remove_friend(args.remove)
        print(f"Dropped the itinerary of {printable(args.remove)!r}.")
        return EXIT_OK
    if not session.state.friends:
        print("No friends' itineraries kept: `itinerary import FILE --overlay` adds one.")
        return EXIT_OK
    marks = session.friend_initials
    for key, friend in session.state.friends.items():
        here = sum(1 for item_id in friend.stars if item_id in session.program.by_id)
        when = f", shared {friend.written:%Y-%m-%d %H:%M} UTC" if friend.written else ""
        print(f"{marks[key]:>3}  {printable(friend.name, single_line=True)}: {here} starred{when}")
    return EXIT_OK
