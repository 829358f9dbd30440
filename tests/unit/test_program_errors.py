"""Broken programs get exact, located messages, exit status 2, and never a traceback."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from itinerary.cli import main
from itinerary.datafile import parse_program
from itinerary.errors import ProgramError
from itinerary.program import load_program
from tests.conftest import DATA

BROKEN = sorted((DATA / "broken").glob("*.yaml"))


def test_there_is_a_broken_program_for_each_kind_of_mistake():
    names = {path.stem for path in BROKEN}
    assert {
        "yaml-syntax",
        "missing-field",
        "wrong-type",
        "unknown-zone",
        "duplicate-id",
        "end-before-start",
    } <= names
    assert all(path.with_suffix(".expected").exists() for path in BROKEN)


@pytest.mark.parametrize("path", BROKEN, ids=[p.stem for p in BROKEN])
def test_validate_reports_exactly(path: Path, capsys):
    expected = path.with_suffix(".expected").read_text(encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == expected.replace("{path}", str(path))
    assert "Traceback" not in err


@pytest.mark.parametrize("path", BROKEN, ids=[p.stem for p in BROKEN])
def test_every_command_refuses_a_broken_program(path: Path, capsys):
    assert main(["--program", str(path), "list"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"itinerary: {path}")
    assert "Traceback" not in err


def test_valid_and_broken_together(capsys):
    good, bad = DATA / "valid" / "minimal.yaml", DATA / "broken" / "duplicate-id.yaml"
    assert main(["validate", str(good), str(bad)]) == 2
    out, err = capsys.readouterr()
    assert out == f"{good}: valid program 'tiny-conf': 3 items, 1 session, times in Europe/Berlin\n"
    assert err.startswith(f"{bad}:10:9: ")


def test_missing_and_unreadable_files(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "nope.yaml")]) == 2
    assert capsys.readouterr().err == f"{tmp_path / 'nope.yaml'}: no such file\n"
    assert main(["validate", str(tmp_path)]) == 2
    assert "is a directory" in capsys.readouterr().err
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes("title: Caf\xe9\n".encode("latin-1"))
    assert main(["validate", str(latin1)]) == 2
    assert capsys.readouterr().err == f"{latin1}: not UTF-8 text (byte 10)\n"


def test_alias_bomb_is_refused_quickly():
    started = time.perf_counter()
    with pytest.raises(ProgramError, match="expands to more than"):
        load_program(DATA / "broken" / "alias-bomb.yaml")
    # Generous: the point is that the document is never expanded (that would take minutes).
    assert time.perf_counter() - started < 5


def test_deep_nesting_is_refused():
    with pytest.raises(ProgramError, match="nested more than 100 levels"):
        parse_program("items: " + "[" * 500 + "]" * 500, "deep.yaml")


def test_python_tags_are_never_constructed():
    with pytest.raises(ProgramError, match="could not determine a constructor"):
        parse_program("id: !!python/object/apply:os.system ['true']\n", "evil.yaml")
