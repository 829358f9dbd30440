"""Timing and table helpers shared by the benchmark scripts in this directory.

``measure`` times a call the way ``conflicts.py`` and ``import_36c3.py`` report it: one untimed
warm-up call, then a ``gc.collect()`` and the garbage collector off for the timed runs (back on
afterwards if it was on), summed up as a ``Timing``, the median and the minimum in seconds.
``tui.py`` keeps its own timer, which leaves the collector on as in a real session, and uses only
``Timing`` and ``print_table`` from here. ``print_table`` prints the scripts' plain text tables.
``with_byte_code`` is the environment for the programs ``cli.py`` and ``launch.py`` start.

The scripts import this as ``benchmarks.timing``, with the repository root on ``sys.path``, so
that it works when they are run as ``python benchmarks/X.py`` from the repository root.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

__all__ = ["Timing", "measure", "print_table", "with_byte_code"]


def with_byte_code(env: Mapping[str, str], folder: Path) -> dict[str, str]:
    """``env`` for the programs timed, with their byte code kept as an installed package keeps
    it: written into ``folder`` by the untimed first run, read by the timed ones. Without it,
    where PYTHONDONTWRITEBYTECODE is set (this machine sets it), every run would compile
    again each module that pip did not compile when installing (an editable install's, the
    peer's converted sources): tens of milliseconds that no user pays."""
    kept = {name: value for name, value in env.items() if name != "PYTHONDONTWRITEBYTECODE"}
    kept["PYTHONPYCACHEPREFIX"] = str(folder)
    return kept


class Timing(NamedTuple):
    median: float
    best: float

    @classmethod
    def of(cls, seconds: Sequence[float]) -> Timing:
        return cls(statistics.median(seconds), min(seconds))


def measure(call: Callable[[], object], repeat: int) -> Timing:
    """Median and minimum seconds of ``repeat`` calls, after one untimed warm-up, GC off."""
    call()
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        seconds: list[float] = []
        for _ in range(repeat):
            started = time.perf_counter()
            call()
            seconds.append(time.perf_counter() - started)
    finally:
        if was_enabled:
            gc.enable()
    return Timing.of(seconds)


def print_table(
    header: Sequence[str], rows: Sequence[Sequence[str]], *, first_left: bool = False
) -> None:
    """Columns right-aligned to their widest cell (the first left-aligned if ``first_left``),
    under a rule."""
    widths = [max(len(row[column]) for row in (header, *rows)) for column in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            cell.ljust(width) if first_left and index == 0 else cell.rjust(width)
            for index, (cell, width) in enumerate(zip(cells, widths, strict=True))
        )

    print(line(header))
    print("  ".join("-" * width for width in widths))
    for row in rows:
        print(line(row))
