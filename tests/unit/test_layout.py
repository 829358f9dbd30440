"""The layout keeps telling the truth: modules stay small, and every core module is under the
import contract that keeps it from the faces (pyproject.toml, run by `lint-imports`)."""

from __future__ import annotations

import pkgutil
import sys
from pathlib import Path

import pytest

import itinerary

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    tomllib = pytest.importorskip("tomli")

SOURCE = Path(itinerary.__file__).parent
ROOT = SOURCE.parents[1]
MAX_LINES = 400
FACES = ("itinerary.cli", "itinerary.tui", "itinerary.__main__")


def modules() -> list[Path]:
    return sorted(SOURCE.rglob("*.py"))


@pytest.mark.parametrize("path", modules(), ids=lambda path: str(path.relative_to(SOURCE)))
def test_no_module_is_over_400_lines(path: Path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(ROOT)} has {lines} lines: split it by concern"


def contracts() -> list[dict]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return config["tool"]["importlinter"]["contracts"]


def test_every_core_module_is_kept_from_the_faces():
    (core,) = [c for c in contracts() if c["name"].startswith("The core")]
    listed = set(core["source_modules"])
    top_level = {
        f"itinerary.{module.name}"
        for module in pkgutil.iter_modules(itinerary.__path__)
        if not f"itinerary.{module.name}".startswith(FACES)
    }
    assert top_level - listed == set(), "add these to the core contract in pyproject.toml"
    assert listed - top_level == set(), "these are listed but no longer exist"
    assert {"itinerary.cli", "itinerary.tui", "textual", "rich"} <= set(core["forbidden_modules"])
