"""The command's budgets, timed as whole processes beside their floors, in the same run.

A person waits for the whole process: the interpreter's start, the imports, reading the state
and the program (from the program store, warm), the work and the output. So each case here is
``itinerary …`` started again and again, in turn with the floors it can never beat (A B C A B C
…, so that a slower moment of a shared machine hits them alike), and each figure is the median
of the runs with the minimum beside it. CPU is the child's user + system time, as the kernel
counts it (``os.wait4``), wall the time from start to exit, peak the child's largest resident
set. Output goes to /dev/null.

The floors:

- ``python -c pass``: the interpreter's start;
- the standard library a listing from the program store needs at all (``argparse``,
  ``sqlite3``, ``zoneinfo``, ``dataclasses``; PyYAML is imported only to parse or write YAML);
- that, PyYAML and pydantic, with one small model validated: what a command would cost that
  parsed and validated its state file (one edited by hand, or not sealed).

The cases: ``--help``; ``list`` on the 36C3 Fahrplan (1,351 events; skipped with the reason
when the team's shared fixtures are absent); and on a made-up program of 20,000 items
(``tests.factories.synthetic_program_data``) with 500 of its items starred: ``list --json``,
``export`` and ``conflicts --json``. Every program is opened once, untimed, first, so the store
holds it. Run from the repository root::

    python benchmarks/cli.py
    python benchmarks/cli.py --repeat 15 --size 20000
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # so that `benchmarks.timing` imports when run as a script

from benchmarks.timing import print_table, with_byte_code  # noqa: E402

FIXTURES = Path(
    os.environ.get("ITINERARY_FIXTURES") or ROOT.parent / "shared" / "fixtures" / "schedules"
)
PYTHON = sys.executable
ITINERARY = [PYTHON, "-m", "itinerary"]
STDLIB_FLOOR = "import argparse, sqlite3, zoneinfo, dataclasses"
PYDANTIC_FLOOR = (
    "import argparse, sqlite3, zoneinfo, yaml\n"
    "from pydantic import BaseModel\n"
    "class State(BaseModel):\n"
    "    program: str\n"
    "State.model_validate(yaml.load('program: x', Loader=yaml.CSafeLoader))\n"
)


@dataclass
class Run:
    cpu: float
    wall: float
    peak_mib: float


@dataclass
class Command:
    name: str
    argv: list[str]
    runs: list[Run] = field(default_factory=list)

    def once(self, env: dict[str, str]) -> Run:
        started = time.perf_counter()
        with open(os.devnull, "wb") as sink:
            child = subprocess.Popen(self.argv, stdout=sink, stderr=sink, env=env)
            _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            raise SystemExit(f"{self.name}: exit status {child.returncode}: {self.argv}")
        return Run(usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024)


@dataclass
class Case:
    """A command with its floors, run in turn."""

    title: str
    subject: Command
    floors: list[Command]

    def measure(self, env: dict[str, str], repeat: int) -> None:
        everyone = [self.subject, *self.floors]
        for command in everyone:
            command.once(env)  # untimed: the store filled, the files in the OS cache
        for _ in range(repeat):
            for command in everyone:
                command.runs.append(command.once(env))

    def rows(self) -> list[list[str]]:
        return [
            [f"{self.title}: {command.name}" if command is self.subject else f"  {command.name}",
             *figures(command.runs)]
            for command in (self.subject, *self.floors)
        ]  # fmt: skip


def figures(runs: Sequence[Run]) -> list[str]:
    cpu = [run.cpu for run in runs]
    wall = [run.wall for run in runs]
    return [
        f"{statistics.median(cpu):.3f}", f"{min(cpu):.3f}",
        f"{statistics.median(wall):.3f}", f"{min(wall):.3f}",
        f"{max(run.peak_mib for run in runs):.0f}",
    ]  # fmt: skip


def floors() -> list[Command]:
    return [
        Command("floor: python -c pass", [PYTHON, "-c", "pass"]),
        Command("floor: + argparse, sqlite3, zoneinfo, dataclasses", [PYTHON, "-c", STDLIB_FLOOR]),
        Command("floor: + yaml, pydantic, one model validated", [PYTHON, "-c", PYDANTIC_FLOOR]),
    ]


MAKE_PROGRAM = """
import json, sys, yaml
from tests.factories import synthetic_program_data
data = synthetic_program_data(int(sys.argv[2]), seed=7)
with open(sys.argv[1], "w", encoding="utf-8") as out:
    yaml.safe_dump(data, out, sort_keys=False, allow_unicode=True)
print(json.dumps([item["id"] for item in data["items"]]))
"""


def made_up_program(folder: Path, size: int, starred: int, env: dict[str, str]) -> Path:
    """The made-up program, written by a child: this process stays small, and the peak of the
    commands it starts is theirs (Linux counts a child's peak from the fork, this one's size)."""
    path = folder / f"made-up-{size}.yaml"
    made = subprocess.run([PYTHON, "-c", MAKE_PROGRAM, str(path), str(size)], cwd=ROOT,
                          check=True, capture_output=True, text=True)  # fmt: skip
    ids = json.loads(made.stdout)
    step = max(1, len(ids) // starred)
    chosen = ids[::step][:starred]
    subprocess.run([*ITINERARY, "--program", str(path), "star", *chosen], env=env, check=True,
                   capture_output=True)  # fmt: skip
    return path


def cases(folder: Path, size: int, starred: int, env: dict[str, str]) -> tuple[list[Case], str]:
    found = [
        Case("--help", Command("itinerary --help", [*ITINERARY, "--help"]),
             [Command("floor: python -c 'import argparse'", [PYTHON, "-c", "import argparse"])]),
    ]  # fmt: skip
    skipped = ""
    fahrplan = FIXTURES / "36c3_merged.xml"
    if fahrplan.is_file():
        argv = [*ITINERARY, "--program", str(fahrplan), "--program-tz", "Europe/Berlin", "list"]
        found.append(Case("36C3 (1,351 events)", Command("list", argv), floors()))
    else:
        skipped = f"36C3: skipped, {fahrplan} is absent (the team's shared fixtures)"
    big = [*ITINERARY, "--program", str(made_up_program(folder, size, starred, env))]
    label = f"{size:,} items, {starred} starred"
    found += [
        Case(label, Command("list --json", [*big, "list", "--json"]), floors()),
        Case(label, Command("export", [*big, "export", "-o", str(folder / "out.ics")]), []),
        Case(label, Command("conflicts --json", [*big, "conflicts", "--json"]), []),
    ]
    return found, skipped


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9, help="timed runs of each command")
    parser.add_argument("--size", type=int, default=20_000, help="items of the made-up program")
    parser.add_argument("--starred", type=int, default=500, help="of them starred")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        env = {**os.environ, "ITINERARY_HOME": str(folder / "home"), "TZ": "Europe/Berlin"}
        env = with_byte_code(env, folder / "byte-code")
        found, skipped = cases(folder, args.size, args.starred, env)
        for case in found:
            case.measure(env, args.repeat)
    print(f"{platform.node()}: {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{args.repeat} runs of each command, in turn with its floors; seconds")  # fmt: skip
    header = ["command", "cpu median", "min", "wall median", "min", "peak MiB"]
    print_table(header, [row for case in found for row in case.rows()], first_left=True)
    if skipped:
        print(skipped)
    return 0


if __name__ == "__main__":
    sys.exit(main())
