"""A big program read for the first time: the YAML checks that still hold when the node-by-node
alias check is skipped, ``quick_program``, and reading in a child process with progress."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from itinerary import program, program_store
from itinerary.datafile import parse_program
from itinerary.errors import ProgramError
from itinerary.program import load_program, quick_program
from itinerary.yamlfile import CHECK_ALWAYS_BELOW, _may_share_nodes
from tests.conftest import DATA, ROOT
from tests.factories import synthetic_program_data
from tests.processes import HAS_PROC, children_reading, load_program_in_child

# A comment line of 100 characters: makes a document big without changing what it holds.
PADDING = "# " + "x" * 97 + "\n"


def padded(text: str) -> str:
    """``text`` past the size from which the node-by-node check may be skipped."""
    return PADDING * (CHECK_ALWAYS_BELOW // len(PADDING) + 1) + text


@pytest.mark.parametrize(
    "text",
    ["&a x", "- &a x", "k: &a x", "[&a x, *a]", '{"k":&a 1}', "k: !!str &a x", "x\n&a y", "é&a"],
)
def test_anything_that_may_be_an_anchor_counts_as_one(text):
    assert _may_share_nodes(text)
    assert _may_share_nodes(text.encode())


@pytest.mark.parametrize("text", ["Q&A session", "R&D, AT&T", "no ampersand at all", ""])
def test_ampersands_inside_words_are_not_anchors(text):
    assert not _may_share_nodes(text)
    assert not _may_share_nodes(text.encode())


def test_a_big_alias_bomb_is_still_refused():
    bomb = padded((DATA / "broken" / "alias-bomb.yaml").read_text(encoding="utf-8"))
    assert len(bomb) > CHECK_ALWAYS_BELOW
    with pytest.raises(ProgramError, match="expands to more than 5,000,000 values"):
        parse_program(bomb, "bomb.yaml")


def test_a_big_deeply_nested_file_gets_a_located_error():
    deep = padded("id: x\ntitle: t\ntimezone: UTC\nitems: " + "[" * 900 + "]" * 900 + "\n")
    with pytest.raises(ProgramError) as caught:
        parse_program(deep, "deep.yaml")
    line = deep.count("\n")  # the last line holds the nesting
    assert caught.value.problems == [
        f"deep.yaml:{line}:9: items[0]: Input should be a valid dictionary or instance of Item"
    ]


def test_a_big_program_without_anchors_loads_the_same_as_a_small_check_would(monkeypatch):
    data = synthetic_program_data(300)
    text = padded(yaml.safe_dump(data, sort_keys=False))
    skipped = parse_program(text, "big.yaml")
    monkeypatch.setattr("itinerary.yamlfile.CHECK_ALWAYS_BELOW", len(text) + 1)
    checked = parse_program(text, "big.yaml")
    assert skipped == checked
    assert len(skipped.items) == 300


# --- quick_program and the child process -------------------------------------------------------


@pytest.fixture
def big(tmp_path, monkeypatch) -> Path:
    """A program read at length when not in the store (the threshold lowered here to keep the
    file small)."""
    monkeypatch.setattr(program_store, "CACHE_FROM_BYTES", 20_000)
    monkeypatch.setattr(program, "READ_AT_LENGTH_BYTES", 20_000)
    path = tmp_path / "big.yaml"
    path.write_text(yaml.safe_dump(synthetic_program_data(200), sort_keys=False), "utf-8")
    assert path.stat().st_size > 20_000
    return path


def test_quick_program_is_none_only_for_a_big_file_not_read_before(big, tmp_path):
    assert quick_program(DATA / "valid" / "minimal.yaml").id == "tiny-conf"
    assert quick_program(big) is None
    loaded = load_program(big)
    assert quick_program(big) == loaded
    with pytest.raises(ProgramError, match="no such file"):
        quick_program(tmp_path / "gone.yaml")


def test_the_child_reads_the_program_the_same_and_says_how_far_it_got(big):
    seen: list[tuple[int, int]] = []
    program = asyncio.run(load_program_in_child(big, None, lambda *read: seen.append(read)))
    assert program == load_program(big)
    # The child left it in the cache, as load_program does: the next open is quick.
    assert quick_program(big) == program
    total = len(big.read_text("utf-8"))
    assert seen[-1] == (total, total)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    assert len(seen) > 1


@pytest.mark.parametrize(
    "name", ["missing-field.yaml", "alias-bomb.yaml", "yaml-syntax.yaml", "unknown-zone.yaml"]
)
def test_the_child_reports_exactly_what_load_program_would(name):
    path = DATA / "broken" / name
    with pytest.raises(ProgramError) as direct:
        load_program(path)
    with pytest.raises(ProgramError) as child:
        asyncio.run(load_program_in_child(path, None, lambda *read: None))
    assert child.value.problems == direct.value.problems


def test_the_child_reports_a_missing_file(tmp_path):
    with pytest.raises(ProgramError, match="no such file"):
        asyncio.run(load_program_in_child(tmp_path / "gone.yaml", None, lambda *read: None))


@pytest.mark.skipif(not HAS_PROC, reason="looks for the child in /proc")
def test_cancelling_kills_the_child(tmp_path):
    path = tmp_path / "bigger.yaml"
    path.write_text(yaml.safe_dump(synthetic_program_data(3000), sort_keys=False), "utf-8")

    async def start_then_cancel() -> list[int]:
        started = asyncio.Event()
        task = asyncio.ensure_future(load_program_in_child(path, None, lambda *r: started.set()))
        await asyncio.wait_for(started.wait(), timeout=30)
        alive = children_reading(path)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return alive

    assert len(asyncio.run(start_then_cancel())) == 1  # it was there while reading
    assert children_reading(path) == []
    # Killed, not waited for: it never got to the end (where it would have cached the program).
    assert path.stat().st_size > program_store.CACHE_FROM_BYTES
    assert quick_program(path) is None


RUN_OUT_OF_MEMORY = """
import asyncio, json, resource, sys
from itinerary.errors import ProgramError
from tests.processes import load_program_in_child

# Room for this process as it is, and 40 MB more. The child inherits the limit: it starts as
# big as this one, and reading the program takes more than 40 MB on top.
status = open("/proc/self/status").read()
size = int(status.split("VmSize:")[1].split()[0]) * 1024
resource.setrlimit(resource.RLIMIT_AS, (size + 40 * 2**20, resource.RLIM_INFINITY))
try:
    asyncio.run(load_program_in_child(sys.argv[1], None, lambda *read: None))
except ProgramError as error:
    print(json.dumps(error.problems))
"""


@pytest.mark.skipif(not HAS_PROC, reason="sizes the memory limit from /proc")
def test_a_child_that_crashes_is_reported_in_one_line(tmp_path):
    """A real crash: the child runs out of memory (a limit it inherits) while reading."""
    path = tmp_path / "big.yaml"
    data = synthetic_program_data(4000)
    path.write_text(yaml.dump(data, Dumper=yaml.CSafeDumper, sort_keys=False), "utf-8")
    run = subprocess.run(
        [sys.executable, "-c", RUN_OUT_OF_MEMORY, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,  # where the child finds tests.processes
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == [f"{path}: reading it failed: MemoryError"]
    assert children_reading(path) == []
    assert quick_program(path) is None  # nothing half-read was cached


@pytest.mark.skipif(not HAS_PROC, reason="finds the child in /proc")
def test_a_child_killed_while_reading_is_reported(tmp_path):
    """What the kernel's out-of-memory killer does to a child: SIGKILL, nothing said."""
    path = tmp_path / "bigger.yaml"
    data = synthetic_program_data(3000)
    path.write_text(yaml.dump(data, Dumper=yaml.CSafeDumper, sort_keys=False), "utf-8")

    def kill_it(*read: int) -> None:
        for pid in children_reading(path):
            os.kill(pid, signal.SIGKILL)

    with pytest.raises(ProgramError) as error:
        asyncio.run(load_program_in_child(path, None, kill_it))
    assert error.value.problems == [
        f"{path}: reading it failed: the reading process was killed (SIGKILL)"
    ]
    assert quick_program(path) is None
