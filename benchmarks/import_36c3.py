"""How long importing the 36C3 schedule.xml takes, against the floor of merely parsing its XML.

The 36C3 Fahrplan (``36c3_merged.xml`` in the team's shared fixtures: 2.3 MB, 1,351 events in
dozens of rooms) is the biggest real frab file we have. ``import_schedule`` on it parses the XML
(with the standard library's C parser, since the file declares nothing; a file with a DOCTYPE
goes to defusedxml), reads every event, makes ids, kinds and abstracts, and validates the
``Program``. The floor, measured in the same run on the same bytes, is that parse alone,
building nothing: importing can never beat it, and the ratio says what reading the events and
validating them add.

For context it also times defusedxml's parse (what a file with a DOCTYPE costs: it drives expat
from Python, to refuse entities), ``Program.model_validate`` of the finished program's data
(pydantic alone), and ``program_to_yaml`` (what ``itinerary convert`` writes).

Every measurement is the median and the minimum of several runs after one untimed warm-up, with
the garbage collector off. Run from the repository root::

    python benchmarks/import_36c3.py
    python benchmarks/import_36c3.py --repeat 11 --file path/to/36c3_merged.xml
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import xml.etree.ElementTree as StdlibElementTree
from collections.abc import Sequence
from pathlib import Path

import defusedxml.ElementTree as DefusedElementTree

from itinerary.importers import import_schedule, program_to_yaml
from itinerary.model import Program
from itinerary.validation import dump, validate

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # so that `benchmarks.timing` imports when run as a script

from benchmarks.timing import measure, print_table  # noqa: E402

FIXTURES = Path(
    os.environ.get("ITINERARY_FIXTURES") or ROOT.parent / "shared" / "fixtures" / "schedules"
)
DEFAULT_FILE = FIXTURES / "36c3_merged.xml"
ZONE = "Europe/Berlin"  # the file names no zone; the Congress is in Leipzig


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--file", type=Path, default=DEFAULT_FILE,
        help="the schedule to import (default: %(default)s)",
    )  # fmt: skip
    parser.add_argument(
        "--repeat", type=int, default=7, metavar="R",
        help="timed runs per measurement (default: %(default)s)",
    )  # fmt: skip
    parser.add_argument("--tz", default=ZONE, help="the zone to give (default: %(default)s)")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if not args.file.is_file():
        print(
            f"{args.file}: not found; the shared fixtures are looked for at {FIXTURES} "
            "(set ITINERARY_FIXTURES, or pass --file)",
            file=sys.stderr,
        )
        return 2
    data = args.file.read_bytes()
    result = import_schedule(data, args.file.name, tz=args.tz)
    program = result.program
    dumped = dump(program)
    source = args.file.name
    print(
        f"Importing {source}: {len(data) / 1e6:.2f} MB, {len(program.items):,} events, "
        f"{len(result.warnings)} warnings; Python {platform.python_version()}; times in ms "
        f"(median and min of {args.repeat} runs)"
    )
    floor = measure(lambda: StdlibElementTree.fromstring(data), args.repeat)
    steps = [
        ("floor: stdlib C ElementTree parse, nothing built", floor),
        ("import_schedule (parse, read, validate)", measure(
            lambda: import_schedule(data, source, tz=args.tz), args.repeat)),
        ("  for contrast: defusedxml parse (a file with a DOCTYPE)", measure(
            lambda: DefusedElementTree.fromstring(data), args.repeat)),
        ("  for contrast: Program.model_validate alone", measure(
            lambda: validate(Program, dumped), args.repeat)),
        ("program_to_yaml of the result", measure(
            lambda: program_to_yaml(program, source=source, notes=result.warnings),
            args.repeat)),
    ]  # fmt: skip
    print()
    print_table(
        ["step", "median", "min", "x floor"],
        [
            [name, ms(timing.median), ms(timing.best), f"{timing.median / floor.median:.1f}x"]
            for name, timing in steps
        ],
        first_left=True,
    )
    per_event = steps[1][1].median / len(program.items) * 1e6
    print()
    print(f"import_schedule: {per_event:.0f} us per event")
    return 0


if __name__ == "__main__":
    sys.exit(main())
