"""What the commands print and write, recorded before a refactor and compared byte for byte after
it: every example in the README, and ``list/show/agenda/conflicts --json`` on ES-FoMo, DebConf 23
and 36C3.

Each scenario runs its commands in order, in one fresh home and working folder, as a person would
type them (a child process each, a fixed system zone), and records for each its exit status, what
it printed on each stream, and the files it wrote. Only what depends on the moment it ran is
masked: today's timestamps and the "now" of a zone.

Record again (only when a change of behaviour is meant, and say so in the commit):
``python -m tests.golden.scenarios --record``.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent
SCHEDULES = ROOT.parent / "shared" / "fixtures" / "schedules"
# Larger records are kept compressed; the comparison is of the text all the same.
COMPRESS_FROM = 200_000


@dataclass(frozen=True)
class Step:
    argv: tuple[str, ...]
    writes: tuple[str, ...] = ()  # files (in the working folder) to record after the command
    stdin: str = ""


@dataclass(frozen=True)
class Scenario:
    name: str
    steps: tuple[Step, ...]
    copies: dict[str, str] = field(default_factory=dict)  # fixture name → name in the folder
    program: tuple[str, ...] = ()  # options given before every command

    def available(self) -> bool:
        return all((SCHEDULES / source).is_file() for source in self.copies)


def s(*argv: str, writes: tuple[str, ...] = (), stdin: str = "") -> Step:
    return Step(tuple(argv), writes, stdin)


H2O = "h2o-heavy-hitter-oracle-for-efficient-generative"
DEBCONF = ("--program", "schedule.xml")
C3 = ("--program", "36c3.xml", "--program-tz", "Europe/Berlin")
DEBCONF_PICKS = (
    "455d075f-48c0-2ec2-24b3-f5add30c383a",  # Opening Ceremony
    "81c3c7d7-bb3f-39ce-4016-bbc959de550f",  # Software Heritage (06:00, clashes with the next)
    "fef1526a-fc77-2947-4ed0-0cd1b39f6bb3",  # Why Debian (06:00)
)
C3_PICKS = (
    "3a62d6f9-26d7-5bad-ba07-a064e395a97b",  # 36C3 Opening - STREAM (10:00)
    "6a32cb72-a69d-423c-91b5-60d88eb8e6c7",  # Opening Ceremony (10:00, clashes)
    "354e7355-86b0-4dd4-9243-940ee6035c3c",  # ChameleonMini Workshop
)

SCENARIOS = (
    Scenario(
        "es-fomo-readme",
        (
            s("list", "--kind", "invited-talk", "--tz", "Europe/Berlin"),
            s("list", "--search", "speculative decoding"),
            s("list", "--kind", "oral", "--kind", "poster", "--json"),
            s("list"),
            s("list", "--json"),
            s("show", "happy-hour", "--tz", "Europe/Berlin"),
            s("show", "h2o"),
            s("show", H2O, "--json"),
            s("star", H2O, "--note", "ask about the KV cache"),
            s("star", "the-case-for-4-bit-inference", "--maybe"),
            s("unstar", "the-case-for-4-bit-inference"),
            s("star", "ziplm-inference-aware-structured-pruning",
              "memory-efficient-selective-fine-tuning"),
            s("star", "opening", "--maybe"),
            s("agenda", "--tz", "Europe/Berlin"),
            s("agenda"),
            s("agenda", "--json"),
            s("conflicts"),
            s("conflicts", "--json"),
            s("list", "--json", "--tz", "Asia/Kathmandu"),
            s("export", "--tz", "Europe/Berlin", "--alarm", "10",
              writes=("es-fomo-2023-itinerary.ics",)),
            s("export", "-o", "-", "--posters", "separate", "--tz", "America/Sao_Paulo"),
            s("share", "--name", "Ada Lovelace", writes=("ada-lovelace.itinerary.yaml",)),
            s("import", "ada-lovelace.itinerary.yaml"),
            s("import", "ada-lovelace.itinerary.yaml", "--overlay"),
            s("friends"),
            s("list", "--friend", "Ada Lovelace"),
            s("friends", "--remove", "Ada Lovelace"),
            s("tz"),
            s("tz", "Europe/Berlin"),
            s("tz"),
            s("tz", "--reset"),
            s("tz", "Europe/Berln"),
            s("validate", "tests/data/broken/unknown-reference.yaml"),
            s("validate", "program.yaml"),
            s("schema"),
            s("--help"),
            s("star", "no-such-talk"),
        ),
        program=(),
    ),
    Scenario(
        "debconf23",
        (
            s(*DEBCONF, "list", "--search", "rust"),
            s(*DEBCONF, "list"),
            s(*DEBCONF, "list", "--json"),
            s(*DEBCONF, "show", DEBCONF_PICKS[1]),
            s(*DEBCONF, "show", DEBCONF_PICKS[1], "--json"),
            s(*DEBCONF, "star", *DEBCONF_PICKS),
            s(*DEBCONF, "agenda"),
            s(*DEBCONF, "agenda", "--json"),
            s(*DEBCONF, "conflicts"),
            s(*DEBCONF, "conflicts", "--json"),
            s(*DEBCONF, "export", "-o", "-"),
            s("convert", "schedule.xml", writes=("debconf23.yaml",)),
            s("validate", "schedule.xml"),
        ),
        copies={"debconf23.xml": "schedule.xml"},
    ),
    Scenario(
        "36c3",
        (
            s(*C3, "list", "--search", "opening"),
            s(*C3, "list", "--json"),
            s(*C3, "show", C3_PICKS[0]),
            s(*C3, "show", C3_PICKS[0], "--json"),
            s(*C3, "star", *C3_PICKS),
            s(*C3, "agenda"),
            s(*C3, "agenda", "--json"),
            s(*C3, "conflicts"),
            s(*C3, "conflicts", "--json"),
            s("convert", "36c3.xml", "--tz", "Europe/Berlin", "--id", "36c3", "-o", "program.yaml",
              writes=("program.yaml",)),
        ),
        copies={"36c3_merged.xml": "36c3.xml"},
    ),
)  # fmt: skip


def _masks() -> list[tuple[re.Pattern[str], str]]:
    today = datetime.now(timezone.utc)
    day, basic = today.strftime("%Y-%m-%d"), today.strftime("%Y%m%d")
    return [
        (re.compile(rf"{basic}T\d{{6}}Z"), "<now:basic>"),
        (re.compile(rf"{day}[T ]\d\d:\d\d(:\d\d(\.\d+)?)?(Z|\+00:00| UTC)?"), "<now>"),
        (re.compile(r"now [A-Za-z0-9+:-]+, UTC[+-]\d\d:\d\d"), "now <zone's name now>"),
    ]


def _mask(text: str, masks: list[tuple[re.Pattern[str], str]]) -> str:
    for pattern, stand_in in masks:
        text = pattern.sub(stand_in, text)
    return text


def run(scenario: Scenario) -> str:
    """The record of one scenario, as text."""
    masks = _masks()
    with tempfile.TemporaryDirectory(prefix="golden-") as scratch:
        cwd, home = Path(scratch) / "work", Path(scratch) / "home"
        cwd.mkdir()
        (cwd / "tests" / "data").mkdir(parents=True)
        shutil.copytree(ROOT / "tests" / "data" / "broken", cwd / "tests" / "data" / "broken")
        shutil.copy(ROOT / "program.yaml", cwd / "program.yaml")
        for source, name in scenario.copies.items():
            shutil.copy(SCHEDULES / source, cwd / name)
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(home),
            "ITINERARY_HOME": str(home),
            "TZ": "America/New_York",
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "COLUMNS": "100",
            "USER": "ada",
            "LOGNAME": "ada",
        }
        parts = []
        for step in scenario.steps:
            argv = (*scenario.program, *step.argv)
            done = subprocess.run(
                [sys.executable, "-m", "itinerary", *argv],
                capture_output=True,
                cwd=cwd,
                env=env,
                input=step.stdin.encode(),
                timeout=300,
            )
            parts.append(f"$ itinerary {' '.join(_quoted(arg) for arg in argv)}\n")
            parts.append(f"[exit {done.returncode}]\n")
            for stream, data in (("stdout", done.stdout), ("stderr", done.stderr)):
                if data:
                    parts.append(f"--- {stream}\n{data.decode('utf-8', 'backslashreplace')}")
                    parts.append("" if data.endswith(b"\n") else "\n[no newline at end]\n")
            for name in step.writes:
                written = cwd / name
                content = written.read_bytes().decode("utf-8") if written.exists() else "(none)"
                parts.append(f"--- file {name}\n{content}\n")
        return _mask("".join(parts), masks)


def _quoted(arg: str) -> str:
    return f'"{arg}"' if not arg or any(c in arg for c in " '\"") else arg


def path_of(scenario: Scenario) -> Path:
    plain = GOLDEN / f"{scenario.name}.txt"
    return (
        plain
        if plain.exists() or not plain.with_suffix(".txt.gz").exists()
        else (plain.with_suffix(".txt.gz"))
    )


def read(scenario: Scenario) -> str | None:
    path = path_of(scenario)
    if not path.exists():
        return None
    data = path.read_bytes()
    return (gzip.decompress(data) if path.suffix == ".gz" else data).decode("utf-8")


def record(scenario: Scenario) -> Path:
    text = run(scenario).encode("utf-8")
    plain = GOLDEN / f"{scenario.name}.txt"
    for old in (plain, plain.with_suffix(".txt.gz")):
        old.unlink(missing_ok=True)
    if len(text) >= COMPRESS_FROM:
        path = plain.with_suffix(".txt.gz")
        path.write_bytes(gzip.compress(text, mtime=0))
    else:
        path = plain
        path.write_bytes(text)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--record", action="store_true", help="write the golden files")
    parser.add_argument("names", nargs="*", help="scenarios (all by default)")
    args = parser.parse_args()
    for scenario in SCENARIOS:
        if args.names and scenario.name not in args.names:
            continue
        if not scenario.available():
            print(f"{scenario.name}: skipped, {SCHEDULES} is not there")
            continue
        if args.record:
            print(f"{scenario.name}: recorded {record(scenario)}")
        else:
            same = run(scenario) == read(scenario)
            print(f"{scenario.name}: {'same' if same else 'DIFFERENT'}")


if __name__ == "__main__":
    main()
