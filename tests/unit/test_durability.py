"""Durability: a process killed with SIGKILL at any instant of a change leaves a state file that
loads as it was last written: never torn, never moved aside, never older than before.

Real processes and real kills, nothing mocked. Each child keeps changing the state in a known
sequence, so every state it can have written is recognisable: at step ``i`` all stars but "b"
carry the note ``str(i)``, and "b" is starred exactly when ``i`` is even. A child killed and
restarted continues from the step it finds on disk.

Two sizes of state: a small one, changed every few milliseconds, where many kills land between
creating the temporary and renaming it; and one of about 10 kB, larger than a write buffer, where
a state written in place as it is rendered would be seen half done.
"""

from __future__ import annotations

import collections
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from itinerary.storage import StateStore

ROOT = Path(__file__).resolve().parents[2]
PROGRAM = "durability"
KILLS = 40
SPARES = 3  # children started ahead, so their imports overlap the rounds before theirs
MAX_DELAY = 0.150  # seconds a child runs before it is killed, chosen at random from 0 to this

# argv: repository root (for tests.factories), program id, number of padding stars. Prints
# "ready" once imported, waits for a line on stdin, then changes the state until it is killed.
CHILD = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, sys.argv[1])

    from itinerary.selection import star, unstar
    from itinerary.storage import StateStore
    from tests.factories import item

    A, B = item("a", 0, 30), item("b", 30, 30)
    PADDING = [item(f"pad-{n}", 60 + n, 30) for n in range(int(sys.argv[3]))]

    def step(state):
        last = state.star_of("a")
        i = int(last.note) + 1 if last else 0
        state = star(state, [A, *PADDING], note=str(i))
        return star(state, [B]) if i % 2 == 0 else unstar(state, ["b"])

    store = StateStore(sys.argv[2])
    # Ready once everything a change needs is loaded: the lock's module and the state's
    # validator (which checks what is written) are made when first used, and the kill window
    # is for writes, not for imports.
    import filelock  # noqa: F401
    store.load()
    store.prepare_writing()
    print("ready", flush=True)
    sys.stdin.readline()
    while True:
        store.update(step)
    """
)


def start_child(home: Path, padding: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, str(ROOT), PROGRAM, str(padding)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "ITINERARY_HOME": str(home)},
    )


def go(child: subprocess.Popen[bytes]) -> None:
    """Wait until the child is ready, then let it start changing the state."""
    assert child.stdout is not None and child.stdin is not None
    line = child.stdout.readline()
    if line != b"ready\n":
        _, error = child.communicate(timeout=10)
        pytest.fail(f"child did not start (exit {child.returncode}):\n{error.decode()}")
    child.stdin.write(b"go\n")
    child.stdin.flush()


def kill(child: subprocess.Popen[bytes]) -> None:
    alive = child.poll() is None
    if alive:
        os.kill(child.pid, signal.SIGKILL)
    _, error = child.communicate(timeout=10)
    assert alive and child.returncode == -signal.SIGKILL, (
        f"child ended by itself (exit {child.returncode}):\n{error.decode()}"
    )


def temporaries(store: StateStore) -> list[str]:
    return sorted(p.name for p in store.directory.iterdir() if p.name.endswith(".tmp"))


def written_step(home: Path, padding: int) -> int:
    """The step of the state on disk, after checking it is one a child wrote whole."""
    store = StateStore(PROGRAM, home=home)
    state = store.load()
    assert store.notices == []
    assert list(store.directory.glob("*.unreadable-*")) == []
    a = state.star_of("a")
    assert a is not None, state
    i = int(a.note)
    pads = {f"pad-{n}" for n in range(padding)}
    assert set(state.stars) == {"a"} | pads | ({"b"} if i % 2 == 0 else set()), i
    assert {s.note for k, s in state.stars.items() if k != "b"} == {str(i)}
    return i


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
@pytest.mark.parametrize("padding", [0, 100], ids=["small-state", "10kB-state"])
def test_a_process_killed_mid_change_leaves_a_state_it_wrote_whole(
    tmp_path: Path, padding: int
) -> None:
    home = tmp_path / "home"
    store = StateStore(PROGRAM, home=home)
    rng = random.Random()
    # Started children, oldest first; each round lets the oldest run, kills it, starts another.
    children: collections.deque[subprocess.Popen[bytes]] = collections.deque(
        start_child(home, padding) for _ in range(SPARES)
    )
    steps: list[int] = []
    killed_mid_write = 0
    try:
        for round_ in range(KILLS):
            child = children[0]
            children.append(start_child(home, padding))
            go(child)
            if round_ == 0:  # the first kill only once something was written
                deadline = time.monotonic() + 30
                while not store.path.exists():
                    assert child.poll() is None and time.monotonic() < deadline
                    time.sleep(0.001)
            time.sleep(rng.uniform(0, MAX_DELAY))
            kill(children.popleft())
            killed_mid_write += bool(temporaries(store))
            steps.append(written_step(home, padding))
            assert steps == sorted(steps), f"the state went back in time: {steps}"
    finally:
        for process in children:
            process.kill()
            process.communicate(timeout=10)

    # Each child carried on from what the one before it left, and the next change cleans up
    # after a child killed mid-write.
    assert steps[-1] > steps[0], steps
    store.update(lambda state: state)
    assert store.notices == []
    assert temporaries(store) == []
    assert written_step(home, padding) == steps[-1]
    print(f"steps after each kill: {steps}; {killed_mid_write} of {KILLS} kills mid-write")
