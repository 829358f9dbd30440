"""Concurrency: two processes changing stars at the same time both keep every change.

Real processes, nothing mocked. Both wait for a start signal (a file appearing), then each stars
its own 200 items, one ``update`` per item, so 400 locked read-modify-write cycles interleave; a
change applied to a stale copy of the state would drop the other process's stars.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from itinerary.storage import StateStore

ROOT = Path(__file__).resolve().parents[2]
PROGRAM = "concurrency"
EACH = 200
# Longest pause, in seconds, a process makes after each change (chosen at random up to this).
# The lock is taken by polling (every 5 ms), so a process changing without pause would mostly
# keep the lock and the other would get in only a few times; pausing, the two take turns often.
PAUSE = 0.01

# argv: repository root (for tests.factories), program id, side, count, start file, pause.
# Prints "ready" once imported, waits for the start file, then stars "<side>-0" ..
# "<side>-<count - 1>", one change each, pausing up to ``pause`` seconds after each.
CHILD = textwrap.dedent(
    """
    import random, sys, time
    from pathlib import Path
    sys.path.insert(0, sys.argv[1])

    from itinerary.selection import star
    from itinerary.storage import StateStore
    from tests.factories import item

    program, side, count, start = sys.argv[2], sys.argv[3], int(sys.argv[4]), Path(sys.argv[5])
    items = [item(f"{side}-{n}", n, 30) for n in range(count)]
    store = StateStore(program)
    print("ready", flush=True)
    while not start.exists():
        time.sleep(0.0005)
    for one in items:
        store.update(lambda state, one=one: star(state, [one]))
        time.sleep(random.uniform(0, float(sys.argv[6])))
    if store.notices:
        sys.exit("\\n".join(store.notices))
    """
)


def start_child(home: Path, side: str, start: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, str(ROOT), PROGRAM, side, str(EACH), str(start), str(PAUSE)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "ITINERARY_HOME": str(home)},
    )


def test_two_processes_starring_at_once_keep_all_their_stars(tmp_path: Path) -> None:
    home = tmp_path / "home"
    start = tmp_path / "start"
    children = {side: start_child(home, side, start) for side in ("left", "right")}
    try:
        for side, child in children.items():
            assert child.stdout is not None
            if child.stdout.readline() != b"ready\n":
                _, error = child.communicate(timeout=10)
                raise AssertionError(f"{side} did not start:\n{error.decode()}")
        start.touch()  # both go at once
        for side, child in children.items():
            _, error = child.communicate(timeout=300)
            assert child.returncode == 0, f"{side} failed:\n{error.decode()}"
    finally:
        for child in children.values():
            if child.poll() is None:
                child.kill()
                child.communicate()

    store = StateStore(PROGRAM, home=home)
    state = store.load()
    assert store.notices == []
    expected = {f"{side}-{n}" for side in children for n in range(EACH)}
    assert set(state.stars) == expected, (
        f"{len(expected - set(state.stars))} stars lost: "
        f"{sorted(expected - set(state.stars))[:10]} ..."
    )
    leftovers = [p.name for p in store.directory.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []
    assert list(store.directory.glob("*.unreadable-*")) == []

    # Every change ran under the lock, so the stars' times give the order of the 400 changes:
    # count how often it switched from one process to the other.
    by_time = sorted(state.stars, key=lambda item_id: state.stars[item_id].starred_at)
    order = [item_id.split("-")[0] for item_id in by_time]
    switches = sum(a != b for a, b in itertools.pairwise(order))
    print(f"{switches} switches between the two processes in {len(order)} changes")
    assert switches >= 10, f"the processes hardly took turns: {order}"
