"""Shared fixtures: state never touches the real home; paths to the test data and shared files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import tzlocal

from tests.schedule_server import schedule_server  # noqa: F401  (a fixture for every test)

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
SHARED = Path(os.environ.get("ITINERARY_SHARED", ROOT.parent / "shared"))


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets its own home for state, and the shipped program unless it says otherwise."""
    monkeypatch.setenv("ITINERARY_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("ITINERARY_PROGRAM", raising=False)
    # The "system" zone is the venue's unless a test says otherwise: tests of output in other
    # zones pass --tz, and tests of the zone order set TZ themselves.
    monkeypatch.setenv("TZ", "Pacific/Honolulu")
    tzlocal.reload_localzone()
