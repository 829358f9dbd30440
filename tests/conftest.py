"""Shared fixtures: state never touches the real home; paths to the test data and shared files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
SHARED = Path(os.environ.get("ITINERARY_SHARED", ROOT.parent / "shared"))


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets its own home for state, and the shipped program unless it says otherwise."""
    monkeypatch.setenv("ITINERARY_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("ITINERARY_PROGRAM", raising=False)
