"""How long the planner takes from launch to its first row, in a real terminal, beside a peer.

Each run starts a program in a detached tmux session of its own server (120x40) and reads the
pane every few milliseconds until a text of its first screen is on it: the time from asking
tmux to start it to that text is what a person waits after pressing Enter. tmux's own start is
in every figure alike, so compare the figures of one run with each other.

Subjects, run in turn (A B C A B C …, so a slower moment of a shared machine hits them alike):

- ``itinerary`` on the 36C3 Fahrplan (1,351 events), warm: its program store already holds it;
- ``itinerary`` cold: the store emptied before each run, so the XML is read and validated;
- confoo2026, the Textual planner in ``../shared/peers`` (MIT), on the same program converted
  by the peer's own ``tools/to_confoo.py``; skipped with the reason when ``../shared`` is absent
  or the peer's Python (``--peer-python``, which needs textual and httpx) cannot run it;
- the floor: a bare Textual app that shows one line.

Run from the repository root, with tmux installed::

    python benchmarks/launch.py
    python benchmarks/launch.py --repeat 11 --file path/to/schedule.xml --zone Europe/Berlin
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
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

SHARED = ROOT.parent / "shared"
FIXTURES = Path(os.environ.get("ITINERARY_FIXTURES") or SHARED / "fixtures" / "schedules")
PEERS = SHARED / "peers"
SERVER = f"itinerary-launch-{os.getpid()}"
FLOOR_APP = """
from textual.app import App
from textual.widgets import Static
class Floor(App):
    def compose(self):
        yield Static("floor-ready")
Floor().run()
"""


@dataclass
class Subject:
    name: str
    command: list[str]
    marker: str  # a text of the first screen
    env: dict[str, str] = field(default_factory=dict)
    before: list[Path] = field(default_factory=list)  # emptied before each run (a cold start)
    seconds: list[float] = field(default_factory=list)


def tmux(*args: str) -> str:
    return subprocess.run(
        ["tmux", "-L", SERVER, *args], capture_output=True, text=True, check=False
    ).stdout


def first_screen(subject: Subject, timeout: float) -> float:
    for folder in subject.before:
        shutil.rmtree(folder, ignore_errors=True)
    env = " ".join(f"{key}={value}" for key, value in subject.env.items())
    command = (
        f"env -u COLUMNS -u LINES -u PYTHONDONTWRITEBYTECODE {env} {' '.join(subject.command)}"
    )
    started = time.perf_counter()
    tmux("new-session", "-d", "-x", "120", "-y", "40", "-s", "bench", command)
    try:
        while time.perf_counter() - started < timeout:
            if subject.marker in tmux("capture-pane", "-p", "-t", "bench"):
                return time.perf_counter() - started
            time.sleep(0.003)
        raise SystemExit(f"{subject.name}: {subject.marker!r} not on screen after {timeout} s")
    finally:
        tmux("kill-server")
        time.sleep(0.05)  # let the killed program go before the next one starts


def peer_subject(schedule: Path, work: Path, python: str) -> Subject | str:
    """confoo2026 with the schedule as its bundled data, or why it cannot run here."""
    converter = PEERS / "tools" / "to_confoo.py"
    if not converter.is_file():
        return f"{converter} is absent (the team's shared folder)"
    probe = subprocess.run([python, "-c", "import textual, httpx"], capture_output=True)
    if probe.returncode != 0:
        return f"{python} lacks textual or httpx (give --peer-python)"
    out = work / "confoo"
    subprocess.run([sys.executable, str(converter), str(schedule), str(out)], check=True,
                   capture_output=True)  # fmt: skip
    (work / "peer-home").mkdir()
    return Subject(
        "confoo2026 (peer)",
        [python, "-m", "confoo"],
        "Doktor Ogen",
        {"HOME": str(work / "peer-home"), "PYTHONPATH": str(out / "src")},
    )


def subjects(args: argparse.Namespace, work: Path) -> tuple[list[Subject], list[str]]:
    itinerary = [sys.executable, "-m", "itinerary", "--program", str(args.file),
                 "--program-tz", args.zone]  # fmt: skip
    home = work / "home"
    cache = home / "cache"  # where the program store is under $ITINERARY_HOME
    env = {"ITINERARY_HOME": str(home), "HOME": str(work)}
    found = [
        Subject("itinerary, warm (store)", itinerary, args.marker, env),
        Subject("itinerary, cold (XML)", itinerary, args.marker, env, [cache]),
    ]
    skipped: list[str] = []
    peer = peer_subject(args.file, work, args.peer_python)
    if isinstance(peer, str):
        skipped.append(f"confoo2026: skipped, {peer}")
    else:
        found.append(peer)
    floor = work / "floor.py"
    floor.write_text(FLOOR_APP)
    found.append(Subject("floor: a bare Textual app", [sys.executable, str(floor)], "floor-ready"))
    for subject in found:  # each its byte code kept, as installed (see timing.with_byte_code)
        subject.env.update(with_byte_code({}, work / "byte-code"))
    return found, skipped


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=FIXTURES / "36c3_merged.xml")
    parser.add_argument("--zone", default="Europe/Berlin", help="the program's zone")
    parser.add_argument("--marker", default="42birds: Hitchhiker",
                        help="a text of itinerary's first screen on --file")  # fmt: skip
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--peer-python", default=sys.executable,
                        help="the Python that runs confoo2026 (default: this one)")  # fmt: skip
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if shutil.which("tmux") is None:
        print("skipped: tmux is not installed")
        return 0
    if not args.file.is_file():
        print(f"skipped: {args.file} is absent (the team's shared fixtures)")
        return 0
    with tempfile.TemporaryDirectory() as folder:
        runs, skipped = subjects(args, Path(folder))
        for subject in runs:  # one untimed run each: the store filled, files in the OS cache
            first_screen(subject, args.timeout)
        for _ in range(args.repeat):
            for subject in runs:
                subject.seconds.append(first_screen(subject, args.timeout))
    print(f"{platform.node()}: {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{args.repeat} runs each, in turn; {args.file.name}")  # fmt: skip
    rows = [
        [s.name, f"{statistics.median(s.seconds):.3f}", f"{min(s.seconds):.3f}",
         f"{max(s.seconds):.3f}"]
        for s in runs
    ]  # fmt: skip
    print_table(["launch → first row (s)", "median", "min", "max"], rows, first_left=True)
    for line in skipped:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
