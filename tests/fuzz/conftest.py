"""How many inputs each fuzz run tried, printed at the end of the run (the quick profile runs in
the test command; ITINERARY_FUZZ=long runs a deeper one)."""

from __future__ import annotations

from collections import Counter

TRIED: Counter[str] = Counter()


def pytest_terminal_summary(terminalreporter) -> None:
    if TRIED:
        counts = ", ".join(f"{reader} {count:,}" for reader, count in sorted(TRIED.items()))
        terminalreporter.write_line(f"fuzz: inputs tried: {counts}")
