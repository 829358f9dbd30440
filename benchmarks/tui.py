"""How long the planner takes to show its first screen, and to follow a search keystroke.

Two waits a person notices in the planner (``itinerary`` alone, the Textual app), with the
budgets of issue 15: the *time to first screen* of a reopened program (read back from the
program store) at most 0.5 s for 20,000 items and 1.0 s for 100,000, and a *search keystroke*
at most 30 ms of CPU for 20,000 items (100 ms for 100,000), with no first-key penalty; and the
peak memory, at most 150 MB for 20,000 items. This script times them on made-up programs of
1,000 and 20,000 items by default (``--sizes 20000 100000`` for the issue's;
``tests.factories.synthetic_program_data``, written as a YAML file to a temporary directory)
and, for contrast, on the shipped 72-item ES-FoMo program:

- **load**: ``load_program(path)``, reading, parsing and validating the program file, in a new
  home (no program cache yet: what the first open of a file costs) and again in the same home
  (what every later open costs: ``load_program`` keeps big programs, once validated, in a cache
  under the home);
- **screen**: from constructing ``PlannerApp`` (which reads the state) to the first frame
  composed with the program list filled and its visible rows rendered, under
  ``app.run_test(size=(120, 40))`` (the frame is caught in ``App._display``: ``pilot.pause()``
  waits until the process is idle, which would take in the search index that the planner
  prepares in a worker thread once that frame is shown). Each run has a
  fresh, empty ``ITINERARY_HOME`` in a temporary directory. *Time to first screen* is load plus
  screen, summed run by run, for a first open and for a reopen;
- **first open of a big file, as ``itinerary`` does it** (files over the 1 MiB cache threshold):
  ``PlannerApp(ProgramReader(path))``, where a child process reads the file while the planner
  shows its progress; the time to that progress screen rendered, and to the program list
  rendered once the child has read, checked and cached the program, in a fresh home each run;
- **search keystroke**: with the search box open (``/``), typing one more letter of a query
  that matches a shrinking share of the items (``421`` on the made-up programs, where only
  titles and speakers carry numbers; ``mem`` on ES-FoMo), each ``pilot.press`` followed by
  ``await pilot.pause()`` so that the list has been rebuilt and its visible rows re-rendered;
  and the backspace that empties the search again, which rebuilds every row. Each keystroke
  is timed in wall-clock time and in process (CPU) time, in a planner whose search index has
  been prepared (the worker waited for) and after one untimed round;
- **first key**: in a planner just opened, the time its worker takes to prepare the search
  index after the first frame, then the first letter of the query typed (a new planner each
  run), beside the same letter typed again later: the first-key penalty, if any;
- **peak RSS**: a fresh interpreter (``--peak-rss PATH``) reopening the program from its store,
  its first screen, the index prepared and the query typed: its ``VmHWM``.

Each figure comes with a *floor* measured in the same run, on the same machine load:

- for load, parsing the same file with PyYAML's ``CSafeLoader`` alone (what any loader of a
  YAML program pays before checking anything), and opening the program store's entry and
  one ``SELECT`` of its item rows (``benchmarks/store.py``'s floor);
- for the first screen, a trivial Textual app (one ``Static``) reaching its first screen the
  same way, at the same size: what ``run_test`` and Textual cost whatever the app shows;
- for a keystroke, the same keys typed the same way into a trivial app holding one ``Input``
  (the *harness* floor: ``pilot.press`` and ``pilot.pause`` wait for the app to go idle, which
  takes at least 60 ms of sleeping per key even when there is nothing to do), and the core's
  ``SearchIndex.matching`` alone on the same text from scratch (no earlier search to narrow
  from), with and without ``RowBuilder.rows`` (the rows the list is given).

Checks, not timings, make a run fail: the list must have rows, the rows must be rendered, and
the items shown must be the ones the search index finds. Times are never asserted.

Caveats. ``run_test`` is headless: the screen is composed and rendered to strips, but nothing is
written to a terminal, so a real terminal adds the time to draw. The pilot's idle waits, which
a real terminal does not have, are in the wall-clock keystroke figures, in steps of 20 ms: read
those against the harness floor, and the CPU figures for the work itself. Interpreter start-up
and imports (``itinerary`` imports Textual only after loading the program) are not in the time
to first screen; a line under the table shows what they cost. The garbage collector stays on,
as in a real session (it is run before each timed step). Times are wall-clock on a shared,
noisy machine (two cores): compare figures from one run with each other, not across machines
or runs.

Run from the repository root::

    python benchmarks/tui.py
    python benchmarks/tui.py --sizes 1000 5000 --repeat 3
    python benchmarks/tui.py --sizes 20000 100000   # the issue's sizes: a quarter of an hour
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import textual
import yaml
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, Static

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # so that `benchmarks` and `tests` import when run as a script

from tests.factories import synthetic_program_data  # noqa: E402

from benchmarks.store import sqlite_floor  # noqa: E402
from benchmarks.timing import Timing, print_table  # noqa: E402
from itinerary.model import Item, Program  # noqa: E402
from itinerary.paths import HOME_ENV  # noqa: E402
from itinerary.program import (  # noqa: E402
    READ_AT_LENGTH_BYTES,
    default_program_path,
    load_program,
)
from itinerary.program_process import ProgramReader  # noqa: E402
from itinerary.search import SearchIndex  # noqa: E402
from itinerary.storage import StateStore  # noqa: E402
from itinerary.tui.app import PlannerApp  # noqa: E402
from itinerary.tui.rows import RowBuilder  # noqa: E402
from itinerary.tui.widgets.loading import LoadingView  # noqa: E402
from itinerary.tui.widgets.program_view import ProgramView  # noqa: E402

try:
    from yaml import CSafeLoader as FloorLoader
except ImportError:  # PyYAML built without libyaml: the floor is then the pure-Python loader
    from yaml import SafeLoader as FloorLoader  # type: ignore[assignment]

DEFAULT_SIZES = (1_000, 20_000)
SCREEN = (120, 40)
FIRST_SCREEN_TARGET = 0.5  # seconds, a reopen of 20,000 items (1.0 s for 100,000: issue 15)
KEYSTROKE_TARGET = 0.030  # seconds of CPU, for 20,000 items (issue 15)
SYNTHETIC_QUERY = "421"  # made-up titles and speakers ("Person 4217") are the only numbers
SHIPPED_QUERY = "mem"  # memory, memories: "m" and "me" match nearly all of ES-FoMo, "mem" 13


@dataclass
class Subject:
    """A program file to time, and the query typed into its search box."""

    name: str
    path: Path
    query: str

    @property
    def megabytes(self) -> float:
        return self.path.stat().st_size / 1e6


class Sample(NamedTuple):
    wall: float  # seconds from pressing the key to the pause after it returning
    cpu: float  # process time over the same span: the work done, without the idle waits


@dataclass
class Keystrokes:
    """Timed keystrokes, by the text in the search box after them."""

    typed: dict[str, list[Sample]] = field(default_factory=dict)
    cleared: list[Sample] = field(default_factory=list)

    def all_typed(self) -> list[Sample]:
        return [sample for samples in self.typed.values() for sample in samples]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f}"


def timed(call: Callable[[], object]) -> tuple[float, object]:
    """Seconds one call takes, after a collection (the collector stays on while it runs)."""
    gc.collect()
    started = time.perf_counter()
    result = call()
    return time.perf_counter() - started, result


def measure(call: Callable[[], object], repeat: int) -> list[float]:
    """Seconds of ``repeat`` calls, after one untimed warm-up.

    Unlike ``benchmarks.timing.measure``, the collector stays on (see ``timed``) and every
    run is returned, for ``Timing.of`` or ``median_of`` to sum up.
    """
    call()
    return [timed(call)[0] for _ in range(repeat)]


# --- the apps ---------------------------------------------------------------------------------


class TrivialApp(App[None]):
    """The floor: an app with nothing to show but one line of text."""

    def compose(self) -> ComposeResult:
        yield Static("Nothing to see here.")


class TrivialInputApp(App[None]):
    """The harness floor for a keystroke: one focused input that nothing listens to."""

    def compose(self) -> ComposeResult:
        yield Input()

    def on_mount(self) -> None:
        self.query_one(Input).focus()


class BrokenRun(Exception):
    """The screen is not what it should be: its timings would mean nothing."""


def program_view(app: PlannerApp) -> ProgramView:
    return app.screen.query_one("#program", ProgramView)


def check_shown(app: PlannerApp, index: SearchIndex, text: str) -> int:
    """The list shows what the search index finds for ``text``, and has been rendered since.

    ``ProgramView`` clears its cache of rendered rows whenever it is given new rows and fills
    it only from ``render_line``; so a filled cache means the new rows have been rendered.
    """
    view = program_view(app)
    shown = sum(1 for row in view.rows if row.item is not None)
    expected = len(index.matching(text))
    if app.search_text != text or shown != expected:
        raise BrokenRun(
            f"search {app.search_text!r} shows {shown} items; expected {expected} for {text!r}"
        )
    if not view.rows or not view._cache:  # private, but the only sign of a rendered row
        raise BrokenRun(f"search {text!r}: the program list was not rendered")
    return shown


@contextlib.contextmanager
def fresh_home() -> Iterator[Path]:
    """An empty ITINERARY_HOME, in the environment too (for anything that reads it there)."""
    before = os.environ.get(HOME_ENV)
    with tempfile.TemporaryDirectory(prefix="itinerary-bench-home-") as home:
        os.environ[HOME_ENV] = home
        try:
            yield Path(home)
        finally:
            if before is None:
                os.environ.pop(HOME_ENV, None)
            else:
                os.environ[HOME_ENV] = before


def first_frame_with_rows(app: PlannerApp) -> list[float]:
    """Filled with the clock's time when the app first composes a frame showing the program
    list's rows (headless, the frame is not written anywhere; ``App._display`` is private).

    ``pilot.pause()`` waits until the process is idle, so it would also wait for the search
    index, which the planner prepares in a worker thread once the first screen is shown.
    """
    shown: list[float] = []
    display = app._display

    def recording(screen: Screen[object], renderable: object) -> None:
        display(screen, renderable)  # type: ignore[arg-type]
        if not shown and renderable is not None:
            views = screen.query(ProgramView)
            if views and views.first()._cache:  # see check_shown
                shown.append(time.perf_counter())

    app._display = recording  # type: ignore[method-assign]
    return shown


async def planner_first_screen(program: Program, home: Path) -> tuple[float, int]:
    """Seconds from constructing the planner to its first screen rendered; items shown."""
    started = time.perf_counter()
    app = PlannerApp(program, StateStore(program.id, home=home))
    shown_at = first_frame_with_rows(app)
    async with app.run_test(size=SCREEN) as pilot:
        await pilot.pause()
        if not shown_at:
            raise BrokenRun(f"{program.id}: the first screen has no program list rendered")
        elapsed = shown_at[0] - started
        view = program_view(app)
        shown = sum(1 for row in view.rows if row.item is not None)
        await app.workers.wait_for_complete()
    return elapsed, shown


async def planner_reading_itself(path: Path) -> tuple[float, float]:
    """What ``itinerary`` does with a big program it has not read before: seconds from
    constructing the planner to its first screen (the progress bar) rendered, and to the
    program list rendered, once the child process has read the file."""
    started = time.perf_counter()
    app = PlannerApp(ProgramReader(path))
    async with app.run_test(size=SCREEN) as pilot:
        await pilot.pause()
        first = time.perf_counter() - started
        if not app.query(LoadingView):
            raise BrokenRun(f"{path.name}: the planner did not show its progress first")
        while not (views := app.screen.query(ProgramView)) or not views.first()._cache:
            if app.return_value is not None:
                raise BrokenRun(f"{path.name}: {app.return_value}")
            await pilot.pause(0.01)
        shown = time.perf_counter() - started
    gc.collect()
    return first, shown


async def trivial_first_screen() -> float:
    started = time.perf_counter()
    app = TrivialApp()
    async with app.run_test(size=SCREEN) as pilot:
        await pilot.pause()
        elapsed = time.perf_counter() - started
    return elapsed


def keys_of(query: str) -> list[str]:
    return ["space" if char == " " else char for char in query]


async def press(pilot: Pilot[None], key: str) -> Sample:
    """Press ``key`` and pause until the app is idle again (the screen updated)."""
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    await pilot.press(key)
    await pilot.pause()
    return Sample(time.perf_counter() - wall, time.process_time() - cpu)


async def type_and_clear(
    pilot: Pilot[None], query: str, rounds: int, check: Callable[[str], object]
) -> Keystrokes:
    """Type ``query`` letter by letter and backspace it away, ``rounds`` times after one
    untimed round; each letter and the backspace that empties the box are kept. ``check`` is
    called with the text in the box after every key."""
    found = Keystrokes()
    for round_number in range(rounds + 1):
        timing = round_number > 0
        for length, key in enumerate(keys_of(query), start=1):
            sample = await press(pilot, key)
            check(query[:length])
            if timing:
                found.typed.setdefault(query[:length], []).append(sample)
        for length in range(len(query) - 1, -1, -1):
            sample = await press(pilot, "backspace")
            check(query[:length])
            if timing and length == 0:
                found.cleared.append(sample)
    return found


async def planner_keystrokes(
    program: Program, home: Path, query: str, rounds: int
) -> tuple[Keystrokes, dict[str, int]]:
    """Keystrokes in the planner's search box, and the items shown for each text."""
    index = SearchIndex(program.in_time_order)
    shown: dict[str, int] = {}
    app = PlannerApp(program, StateStore(program.id, home=home))
    async with app.run_test(size=SCREEN) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()  # the search index, prepared after the screen
        await pilot.press("slash")
        await pilot.pause()
        if not isinstance(app.focused, Input):
            raise BrokenRun("/ did not open the search box")

        def check(text: str) -> None:
            shown[text] = check_shown(app, index, text)

        found = await type_and_clear(pilot, query, rounds, check)
    return found, shown


class FirstKey(NamedTuple):
    prepared: float  # seconds from the first screen to the search index prepared (a worker)
    key: Sample  # the first letter typed into a planner just opened, once it is prepared


async def planner_first_key(program: Program, home: Path, query: str) -> FirstKey:
    """A planner just opened: how long its search index takes to prepare after the first
    screen, then the first letter of ``query`` typed (a person takes longer than that to
    reach for ``/``; a letter typed sooner waits for the preparation)."""
    app = PlannerApp(program, StateStore(program.id, home=home))
    shown_at = first_frame_with_rows(app)
    async with app.run_test(size=SCREEN) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        prepared = time.perf_counter() - shown_at[0] if shown_at else 0.0
        await pilot.press("slash")
        await pilot.pause()
        key = await press(pilot, keys_of(query)[0])
        check_shown(app, SearchIndex(program.in_time_order), query[:1])
    return FirstKey(prepared, key)


def peak_rss_child(path: str) -> None:
    """In a fresh interpreter (``--peak-rss PATH``): the planner on ``path`` (read back from
    the program store, as a reopen does), its first screen, the search index prepared and a
    search typed; then the peak resident set size, in kB, on standard output: ``VmHWM``, not
    ``ru_maxrss``, which Linux carries over from the parent's image across ``fork`` and ``exec``.
    """
    program = load_program(path)

    async def run() -> None:
        with tempfile.TemporaryDirectory(prefix="itinerary-bench-state-") as state:
            app = PlannerApp(program, StateStore(program.id, home=Path(state)))
            async with app.run_test(size=SCREEN) as pilot:
                await pilot.pause()
                await app.workers.wait_for_complete()
                for key in ["slash", *keys_of(SYNTHETIC_QUERY), "backspace"]:
                    await pilot.press(key)
                await pilot.pause()

    asyncio.run(run())
    status = Path("/proc/self/status").read_text().splitlines()
    print(next(line.split()[1] for line in status if line.startswith("VmHWM:")))


def peak_rss(path: Path) -> float:
    """Megabytes at the peak of ``peak_rss_child`` in a fresh interpreter, with this home
    (whose program store holds the program already)."""
    found = subprocess.run(
        [sys.executable, __file__, "--peak-rss", str(path)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    return int(found.stdout.split()[-1]) / 1024


async def trivial_keystrokes(query: str, rounds: int) -> Keystrokes:
    """The same keys, the same way, into an input that nothing listens to."""
    app = TrivialInputApp()
    async with app.run_test(size=SCREEN) as pilot:
        await pilot.pause()
        return await type_and_clear(pilot, query, rounds, lambda text: None)


# --- per program ------------------------------------------------------------------------------


@dataclass
class Figures:
    subject: Subject
    items: int
    repeat: int
    megabytes: float
    cached: bool  # whether load_program kept the program in its cache (big files only)
    first_load: list[float]  # no cache yet: parse the YAML (and write the cache)
    reload: list[float]  # the second load_program of the same file, with the cache if any
    yaml_floor: list[float]
    store_floor: list[float]
    screen: list[float]
    screen_floor: list[float]
    keys: Keystrokes
    keys_floor: Keystrokes
    shown: dict[str, int]
    matching: dict[str, list[float]]
    matching_rows: dict[str, list[float]]
    # The planner reading a big file itself (files over the cache threshold only): to its
    # progress screen, and to the program shown.
    reading_first: list[float] = field(default_factory=list)
    reading_shown: list[float] = field(default_factory=list)
    first_keys: list[FirstKey] = field(default_factory=list)
    rss: list[float] = field(default_factory=list)  # MB, peak, a reopen (fresh interpreters)

    def first_screen(self, load: Sequence[float]) -> list[float]:
        return [load + screen for load, screen in zip(load, self.screen, strict=True)]


def cache_file(home: Path) -> Path | None:
    """The validated program ``load_program`` kept under this home, if it kept one."""
    found = [p for p in (home / "cache").rglob("*.sqlite") if not p.name.endswith(".words.sqlite")]
    return min(found, default=None)


def run_subject(subject: Subject, repeat: int) -> Figures:
    """Every measurement of one program file, interleaving each step with its floor.

    Each run has a home of its own, so the first ``load_program`` finds no cache and the second
    finds the one the first wrote (when the file is big enough to be cached). No program is
    kept alive between runs: a big heap left over would make the collector's full passes rarer
    than in a fresh process, and loading look faster than it is.
    """
    with fresh_home() as home:  # warm-up
        program = load_program(subject.path)
        asyncio.run(planner_first_screen(program, home))
        del program
    asyncio.run(trivial_first_screen())
    first_load: list[float] = []
    reload: list[float] = []
    yaml_floor: list[float] = []
    store_floor: list[float] = []
    screen: list[float] = []
    screen_floor: list[float] = []
    cached = False
    for _ in range(repeat):
        with fresh_home() as home:
            first_load.append(timed(lambda: load_program(subject.path))[0])
            yaml_floor.append(
                timed(lambda: yaml.load(subject.path.read_bytes(), Loader=FloorLoader))[0]
            )
            kept = cache_file(home)
            cached = kept is not None
            if kept is not None:
                store_floor.append(timed(lambda kept=kept: sqlite_floor(kept.read_bytes()))[0])
            seconds, loaded = timed(lambda: load_program(subject.path))
            reload.append(seconds)
            assert isinstance(loaded, Program)
            gc.collect()
            screen.append(asyncio.run(planner_first_screen(loaded, home))[0])
            del loaded
        gc.collect()
        screen_floor.append(asyncio.run(trivial_first_screen()))

    reading_first: list[float] = []
    reading_shown: list[float] = []
    if subject.path.stat().st_size >= READ_AT_LENGTH_BYTES:
        for _ in range(repeat):
            with fresh_home():
                first, shown_at = asyncio.run(planner_reading_itself(subject.path))
            reading_first.append(first)
            reading_shown.append(shown_at)

    with fresh_home() as home:
        program = load_program(subject.path)
        keys, shown = asyncio.run(planner_keystrokes(program, home, subject.query, repeat))
        first_keys = []
        for _ in range(repeat):
            gc.collect()
            first_keys.append(asyncio.run(planner_first_key(program, home, subject.query)))
        load_program(subject.path)  # the program store written, for a reopen
        rss = [peak_rss(subject.path) for _ in range(repeat)]
    keys_floor = asyncio.run(trivial_keystrokes(subject.query, repeat))

    index = SearchIndex(program.in_time_order)
    index.prepare()
    builder = RowBuilder(program, program.zone)

    def from_scratch(text: str) -> list[Item]:
        index._found.clear()  # private: the searches it remembers, which would answer at once
        return index.matching(text)

    matching: dict[str, list[float]] = {}
    matching_rows: dict[str, list[float]] = {}
    for text in [*keys.typed, ""]:
        matching[text] = measure(lambda text=text: from_scratch(text), repeat)
        matching_rows[text] = measure(
            lambda text=text: builder.rows(from_scratch(text), set()), repeat
        )
    return Figures(
        subject, len(program.items), repeat, subject.megabytes, cached, first_load, reload,
        yaml_floor, store_floor, screen, screen_floor, keys, keys_floor, shown, matching,
        matching_rows, reading_first, reading_shown, first_keys, rss,
    )  # fmt: skip


def import_time(repeat: int) -> tuple[Timing, Timing]:
    """A fresh interpreter importing the planner, and one importing nothing (the floor)."""

    def run(code: str) -> float:
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        return time.perf_counter() - started

    planner = measure(lambda: run("import itinerary.tui.app"), repeat)
    bare = measure(lambda: run("pass"), repeat)
    return Timing.of(planner), Timing.of(bare)


# --- report -----------------------------------------------------------------------------------


def subjects(sizes: Sequence[int], directory: Path, seed: int) -> list[Subject]:
    found = [Subject("ES-FoMo", default_program_path(), SHIPPED_QUERY)]
    for size in sizes:
        path = directory / f"synthetic-{size}.yaml"
        data = synthetic_program_data(size, seed=seed)
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
        found.append(Subject("made up", path, SYNTHETIC_QUERY))
    return found


def median_of(seconds: Sequence[float]) -> str:
    return ms(statistics.median(seconds)) if seconds else "-"


def load_rows(figures: Sequence[Figures]) -> list[list[str]]:
    rows = []
    for f in figures:
        first, again = Timing.of(f.first_load), Timing.of(f.reload)
        rows.append([
            f.subject.name, f"{f.items:,}", f"{f.megabytes:.1f}",
            str(f.repeat), ms(first.median), ms(first.best), median_of(f.yaml_floor),
            "yes" if f.cached else "no", ms(again.median), ms(again.best),
            median_of(f.store_floor),
        ])  # fmt: skip
    return rows


def first_screen_rows(figures: Sequence[Figures]) -> list[list[str]]:
    rows = []
    for f in figures:
        screen, trivial = Timing.of(f.screen), Timing.of(f.screen_floor)
        first, again = Timing.of(f.first_screen(f.first_load)), Timing.of(f.first_screen(f.reload))
        rows.append([
            f.subject.name, f"{f.items:,}", ms(screen.median), ms(screen.best),
            ms(trivial.median), ms(trivial.best), ms(first.median), ms(first.best),
            ms(again.median), ms(again.best), f"< {FIRST_SCREEN_TARGET * 1000:,.0f}",
        ])  # fmt: skip
    return rows


def reading_rows(figures: Sequence[Figures]) -> list[list[str]]:
    rows = []
    for f in figures:
        if not f.reading_first:
            continue
        first, shown = Timing.of(f.reading_first), Timing.of(f.reading_shown)
        rows.append([
            f.subject.name, f"{f.items:,}", f"{f.megabytes:.1f}", str(f.repeat),
            ms(first.median), ms(first.best), ms(shown.median), ms(shown.best),
            median_of(f.first_screen(f.first_load)), median_of(f.yaml_floor),
        ])  # fmt: skip
    return rows


def keystroke_rows(figures: Sequence[Figures]) -> list[list[str]]:
    rows = []
    for f in figures:
        typed = list(f.keys.typed)
        cases = [
            ("type a letter", f.keys.all_typed(), f.keys_floor.all_typed(),
             [s for text in typed for s in f.matching[text]],
             [s for text in typed for s in f.matching_rows[text]],
             f"{f.shown[typed[-1]]:,}–{f.shown[typed[0]]:,}"),
            ("backspace to all", f.keys.cleared, f.keys_floor.cleared, f.matching[""],
             f.matching_rows[""], f"{f.shown['']:,}"),
        ]  # fmt: skip
        for label, samples, harness, matching, with_rows, shown in cases:
            wall = Timing.of([sample.wall for sample in samples])
            cpu = Timing.of([sample.cpu for sample in samples])
            rows.append([
                f.subject.name, f"{f.items:,}", label, shown, str(len(samples)),
                ms(wall.median), ms(wall.best), median_of([h.wall for h in harness]),
                ms(cpu.median), ms(cpu.best), median_of([h.cpu for h in harness]),
                median_of(matching), median_of(with_rows), f"< {KEYSTROKE_TARGET * 1000:,.0f}",
            ])  # fmt: skip
    return rows


def first_key_rows(figures: Sequence[Figures]) -> list[list[str]]:
    rows = []
    for f in figures:
        letter = f.subject.query[:1]
        later = f.keys.typed.get(letter, [])
        rows.append([
            f.subject.name, f"{f.items:,}", str(len(f.first_keys)),
            median_of([k.prepared for k in f.first_keys]), f"{letter!r}",
            median_of([k.key.cpu for k in f.first_keys]),
            ms(min(k.key.cpu for k in f.first_keys)) if f.first_keys else "-",
            median_of([s.cpu for s in later]),
            median_of([k.key.wall for k in f.first_keys]), median_of([s.wall for s in later]),
            f"{statistics.median(f.rss):,.0f}" if f.rss else "-",
        ])  # fmt: skip
    return rows


def letter_details(f: Figures) -> str:
    parts = [
        f"{text!r} {f.shown[text]:,} shown, wall {median_of([s.wall for s in samples])} "
        f"cpu {median_of([s.cpu for s in samples])}"
        for text, samples in f.keys.typed.items()
    ]
    return f"  {f.subject.name}, {f.items:,} items: " + "; ".join(parts)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES), metavar="N",
        help="items in the made-up programs (default: %(default)s); ES-FoMo is always timed",
    )  # fmt: skip
    parser.add_argument(
        "--repeat", type=int, default=5, metavar="R",
        help="timed runs per measurement, and rounds of typing (default: %(default)s)",
    )  # fmt: skip
    parser.add_argument("--seed", type=int, default=0, help="for the made-up programs")
    args = parser.parse_args(argv)
    if any(size < 1 for size in args.sizes) or args.repeat < 1:
        parser.error("sizes and --repeat must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    if argv is None and sys.argv[1:2] == ["--peak-rss"]:
        peak_rss_child(sys.argv[2])
        return 0
    args = parse_args(argv)
    print(
        f"The planner, headless (run_test at {SCREEN[0]}x{SCREEN[1]}); "
        f"Python {platform.python_version()}, Textual {textual.__version__}; "
        "times in ms (median and min of R runs)"
    )
    figures: list[Figures] = []
    # Everything, warm-ups too, keeps its state and program cache in temporary homes.
    with tempfile.TemporaryDirectory(prefix="itinerary-bench-") as directory, fresh_home():
        for subject in subjects(args.sizes, Path(directory), args.seed):
            try:
                figures.append(run_subject(subject, args.repeat))
            except BrokenRun as problem:
                print(f"\n{subject.name} ({subject.path.name}): {problem}", file=sys.stderr)
                return 1
        planner_import, bare_import = import_time(args.repeat)

    print()
    print("Load: load_program(path), in a new home (no cache yet), then again (cache if any)")
    print_table(
        ["program", "items", "MB", "R", "first med", "first min", "yaml floor", "cache",
         "again med", "again min", "store floor"],
        load_rows(figures),
    )  # fmt: skip
    print(
        "  yaml floor: PyYAML's CSafeLoader alone on the same file; store floor: its item "
        "rows SELECTed from the program\n  store's entry (medians). cache: whether load_program "
        "kept the validated program in its store (files\n  over 1 MiB)."
    )
    print()
    print(
        "Time to first screen = load + screen, run by run "
        f"(target: a reopen under {FIRST_SCREEN_TARGET * 1000:,.0f} ms for 20,000 items, 1,000 ms "
        "for 100,000)"
    )
    print_table(
        ["program", "items", "screen med", "screen min", "trivial med", "trivial min",
         "first open med", "first open min", "reopen med", "reopen min", "target"],
        first_screen_rows(figures),
    )  # fmt: skip
    print(
        "  screen: PlannerApp() to the first screen rendered; trivial: a Textual app of one "
        "Static reaching its first\n  screen the same way. first open: with the first load "
        "(no cache); reopen: with the second. Not counted:\n  a fresh interpreter importing "
        f"the planner takes {ms(planner_import.median)} ms (min {ms(planner_import.best)}), "
        f"one importing nothing {ms(bare_import.median)} ms\n  (min {ms(bare_import.best)})."
    )
    reading = reading_rows(figures)
    if reading:
        print()
        print(
            "First open of a big program (over 1 MiB, not read before), as `itinerary` does it: "
            "the planner reads it\nin a child process, showing its progress first"
        )
        print_table(
            ["program", "items", "MB", "R", "progress med", "progress min", "program med",
             "program min", "load+screen", "yaml floor"],
            reading,
        )  # fmt: skip
        print(
            "  progress: PlannerApp(ProgramReader(path)) to its first screen (the progress "
            "bar) rendered; program: to the\n  program list rendered, the child having read, "
            "checked and cached the program and the planner validated it.\n  load+screen: "
            "first open above, reading in the planner's own process instead (medians)."
        )
    print()
    print(
        f"Search keystroke: press, then pause until the list is rebuilt and rendered "
        f"(target: under {KEYSTROKE_TARGET * 1000:,.0f} ms of CPU for 20,000 items, 100 ms for "
        "100,000)"
    )
    print_table(
        ["program", "items", "keystroke", "shown", "n", "wall med", "wall min", "harness",
         "cpu med", "cpu min", "harness cpu", "matching", "+rows", "target"],
        keystroke_rows(figures),
    )  # fmt: skip
    print(
        "  wall: press + pause, with the pilot's idle waits (at least 60 ms of sleeping per key, "
        "in steps of 20 ms);\n  cpu: process time over the same span, the work itself. "
        "harness, harness cpu: the same keys into a trivial\n  app's Input (medians). "
        "matching, +rows: the core alone on the same texts, from scratch (medians). Typed letters:"
    )
    for f in figures:
        print(letter_details(f))
    print()
    print("The first key in a planner just opened, and the peak memory of a reopen")
    print_table(
        ["program", "items", "R", "index ready", "letter", "first cpu med", "first cpu min",
         "later cpu med", "first wall med", "later wall med", "peak RSS MB"],
        first_key_rows(figures),
    )  # fmt: skip
    print(
        "  index ready: from the first screen to the search index prepared by its worker "
        "thread (a key typed sooner\n  waits for it); first: the first letter typed then, in a "
        "new planner each run; later: the same letter\n  typed again in the keystroke runs "
        "above (medians). peak RSS: VmHWM of a fresh interpreter reopening\n  the program "
        "from its store, first screen, index prepared, the search typed (median, MB)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
