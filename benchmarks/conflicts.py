"""How long ``find_conflicts`` takes on big starred sets, against the cost of one sort.

``find_conflicts`` promises one sort plus a sweep whose work is the clashes it finds (and the
items still running), never all pairs. This script checks that promise on starred sets of
1,000, 20,000 and 100,000 items shaped like a heavy real itinerary, not like a worst case:

- each day, a poster session (starred half the time) with zero to eight of its posters
  starred; posters carry their session's times, as a validated ``Program`` gives them;
- then sixteen 30-minute slots of parallel-track talks (20, 25, 30 or 45 minutes, in one of
  twenty rooms) where the person stars one talk per slot, sometimes none, and sometimes two
  that clash. A 45-minute talk runs into the next slot (an ``overlap``); a talk filling its
  slot leaves no time to change rooms (a ``travel`` warning).

So every item clashes with a few others and the number of conflicts grows linearly with the
items, as in a real itinerary. (Were every item to overlap every other, the output alone would
be quadratic and no algorithm could be linear.)

For each size it prints the median and the minimum of several runs of ``find_conflicts`` and,
measured in the same run on the same items, a *floor*: sorting those items by the sweep's own
key ``(start, end, id)``. The sweep sorts first, so it can never beat that floor; the ratio
says how much the sweep adds to it. For small sizes it also times a brute-force all-pairs
comparison with the same rules, for contrast, and checks that it finds the same conflicts.

Items are built directly (``tests.factories.item``), not through a validated ``Program``, to
keep setup fast; only the calls being measured are timed, with the garbage collector off. By
default the items are passed in time order, as ``itinerary agenda`` and ``itinerary conflicts``
pass them (``starred_items`` walks ``Program.in_time_order``); ``--order shuffled`` passes
them in random order instead, which makes both the sort and the floor do real work.

Run from the repository root::

    python benchmarks/conflicts.py
    python benchmarks/conflicts.py --sizes 1000 5000 --repeat 3 --order shuffled
"""

from __future__ import annotations

import argparse
import math
import platform
import random
import sys
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # so that `benchmarks` and `tests` import when run as a script

from tests.factories import item  # noqa: E402

from benchmarks.timing import measure, print_table  # noqa: E402
from itinerary.conflicts import DEFAULT_TRAVEL_MINUTES, find_conflicts  # noqa: E402
from itinerary.conflicts import time_order as sweep_order  # noqa: E402
from itinerary.model import Item, Kind  # noqa: E402

DEFAULT_SIZES = (1_000, 20_000, 100_000)
BRUTE_FORCE_MAX = 2_000  # all pairs of 20,000 items is 200 million comparisons: not worth it
ROOMS = tuple(f"Room {number}" for number in range(1, 21))
SLOTS_PER_DAY = 16  # 30-minute talk slots from 10:30, after a 09:00-10:30 poster session
MINUTES_PER_DAY = 24 * 60

Key = tuple[str, str, str, int]  # id, id, kind, minutes: what identifies a found conflict


def heavy_itinerary(count: int, seed: int = 0) -> list[Item]:
    """``count`` starred items of a heavy itinerary over as many days as it takes, in time
    order (by start, then end, then the order made, like ``Program.in_time_order``)."""
    rng = random.Random(seed)
    items: list[Item] = []
    day = 0
    while len(items) < count:
        base = day * MINUTES_PER_DAY
        session_id = f"posters-day-{day + 1}"
        session_start, session_length = base + 9 * 60, 90
        if rng.random() < 0.5:
            items.append(
                item(session_id, session_start, session_length, kind=Kind.POSTER_SESSION,
                     room="Exhibit Hall")
            )  # fmt: skip
        for number in range(rng.randint(0, 8)):
            items.append(
                item(f"poster-{day + 1}-{number + 1}", session_start, session_length,
                     kind=Kind.POSTER, parent=session_id)
            )  # fmt: skip
        for slot in range(SLOTS_PER_DAY):
            draw = rng.random()
            starred = 0 if draw < 0.1 else 2 if draw >= 0.9 else 1  # 10% none, 10% a clash
            for room in rng.sample(ROOMS, starred):
                talk_id = f"talk-{day + 1}-{slot + 1}-{room.split()[-1]}"
                start = base + 10 * 60 + 30 + 30 * slot
                items.append(item(talk_id, start, rng.choice((20, 25, 30, 45)), room=room))
        day += 1
    del items[count:]
    items.sort(key=lambda entry: (entry.starts, entry.ends))
    return items


def brute_force(items: Sequence[Item], travel_minutes: float = DEFAULT_TRAVEL_MINUTES) -> list[Key]:
    """Every clash by comparing all pairs, with ``find_conflicts``'s rules and output order.

    Per-item values are computed once, so the cost is the pairs, not the attribute lookups.
    """
    travel = timedelta(minutes=travel_minutes).total_seconds()
    ordered = sorted(items, key=sweep_order)
    facts = [
        (
            entry.id,
            entry.parent,
            entry.starts.timestamp(),
            entry.ends.timestamp(),
            " ".join(entry.room.casefold().split()) if entry.room else "",
        )
        for entry in ordered
    ]
    found: list[Key] = []
    for index, (first_id, first_parent, _, first_end, first_room) in enumerate(facts):
        for second_id, second_parent, second_start, second_end, second_room in facts[index + 1 :]:
            if first_parent and first_parent == second_parent:
                continue  # posters of the same poster session
            if first_id == second_parent or first_parent == second_id:
                continue  # a poster and its own poster session
            if first_end > second_start:
                minutes = math.ceil((min(first_end, second_end) - second_start) / 60)
                found.append((first_id, second_id, "overlap", minutes))
            elif (
                first_room
                and second_room
                and first_room != second_room
                and second_start - first_end < travel
            ):
                minutes = math.floor((second_start - first_end) / 60)
                found.append((first_id, second_id, "travel", minutes))
    return found


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f}"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES), metavar="N",
        help="numbers of starred items (default: %(default)s)",
    )  # fmt: skip
    parser.add_argument(
        "--repeat", type=int, default=None, metavar="R",
        help="timed runs per measurement (default: 7, or 5 above 20,000 items)",
    )  # fmt: skip
    parser.add_argument(
        "--order", choices=("time", "shuffled"), default="time",
        help="order the items are passed in (default: time, as the CLI passes them)",
    )  # fmt: skip
    parser.add_argument("--seed", type=int, default=0, help="for the made-up itinerary")
    args = parser.parse_args(argv)
    if any(size < 1 for size in args.sizes) or (args.repeat is not None and args.repeat < 1):
        parser.error("sizes and --repeat must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    print(
        f"find_conflicts on a heavy itinerary; items passed in {args.order} order; "
        f"Python {platform.python_version()}; times in ms (median and min of R runs)"
    )
    rows: list[list[str]] = []
    contrasts: list[str] = []
    mismatch = False
    for size in args.sizes:
        items = heavy_itinerary(size, seed=args.seed)
        if args.order == "shuffled":
            random.Random(args.seed).shuffle(items)
        repeat = args.repeat or (7 if size <= 20_000 else 5)
        conflicts = find_conflicts(items)
        sweep = measure(lambda items=items: find_conflicts(items), repeat)
        floor = measure(lambda items=items: sorted(items, key=sweep_order), repeat)
        overlaps = sum(conflict.kind == "overlap" for conflict in conflicts)
        rows.append([
            f"{size:,}", str(repeat), f"{len(conflicts):,}", f"{overlaps:,}",
            ms(sweep.median), ms(sweep.best), f"{sweep.median / size * 1e6:.2f}",
            ms(floor.median), ms(floor.best), f"{sweep.median / floor.median:.1f}x",
        ])  # fmt: skip
        if size <= BRUTE_FORCE_MAX:
            expected = [(*c.ids, c.kind, c.minutes) for c in conflicts]
            same = brute_force(items) == expected
            mismatch |= not same
            pairs = measure(lambda items=items: brute_force(items), repeat)
            contrasts.append(
                f"brute force, all {size * (size - 1) // 2:,} pairs of {size:,} items: "
                f"median {ms(pairs.median)} ms, min {ms(pairs.best)} ms "
                f"({pairs.median / sweep.median:.0f}x find_conflicts); "
                + ("same conflicts" if same else "DIFFERENT CONFLICTS")
            )
    print()
    print_table(
        ["items", "R", "conflicts", "overlaps", "sweep med", "sweep min", "us/item",
         "sort med", "sort min", "sweep/sort"],
        rows,
    )  # fmt: skip
    if contrasts:
        print()
        print("\n".join(contrasts))
    return 1 if mismatch else 0


if __name__ == "__main__":
    sys.exit(main())
