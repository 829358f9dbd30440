"""Text from outside never reaches the terminal as escapes: a program, a share file and a file name
holding OSC 2 (retitle), OSC 52 (clipboard), OSC 8 (link), CSI, C1 controls and U+202E go
through every command, and what the command writes is checked character by character. JSON keeps
the data exact, as escapes of its own (``\\u0085``)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from itinerary.friends import initials
from itinerary.program import load_program
from itinerary.tui.rows import build_rows

HOSTILE = (
    "\x1b]2;pwned\x07"  # OSC 2: retitle the window
    "\x1b]52;c;cHduZWQ=\x07"  # OSC 52: write the clipboard
    "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\"  # OSC 8: a hidden link
    "\x1b[31mred\x1b[0m"  # CSI: colour
    "\x9b2J\x9d0;c1\x9c"  # C1: CSI and OSC in their 8-bit forms
    "\u202eevil\u202c"  # a right-to-left override
)
# What no output of ours may hold: C0 but newline and tab, DEL, C1, bidi overrides.
UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def hostile_program(path: Path) -> Path:
    program = {
        "id": "hostile", "title": f"Conf {HOSTILE}", "timezone": "Europe/Berlin",
        "sessions": [{"id": "s", "title": f"Session {HOSTILE}"}],
        "items": [
            {"id": "talk", "kind": "talk", "title": f"Talk {HOSTILE}", "session": "s",
             "room": f"Room {HOSTILE}", "abstract": f"Abstract {HOSTILE}",
             "people": [{"name": f"Ada {HOSTILE}", "affiliation": f"Uni {HOSTILE}"}],
             "start": "2026-03-29T09:00:00+02:00", "end": "2026-03-29T10:00:00+02:00"},
            {"id": "clash", "kind": "talk", "title": f"Clash {HOSTILE}",
             "start": "2026-03-29T09:30:00+02:00", "end": "2026-03-29T10:30:00+02:00"},
        ],
    }  # fmt: skip
    path.write_text(yaml.safe_dump(program, allow_unicode=True), encoding="utf-8")
    return path


def run(home: Path, cwd: Path, *argv: str | bytes, stdin: str = "") -> tuple[int, str, str]:
    """The command in a child process, its output as the terminal would get it (bytes, decoded
    strictly: a lone surrogate or broken UTF-8 would fail here)."""
    done = subprocess.run(
        [sys.executable, "-m", "itinerary", *argv],
        capture_output=True,
        cwd=cwd,
        input=stdin.encode(),
        env={"ITINERARY_HOME": str(home), "TZ": "Europe/Berlin", "PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    return done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8")


def assert_safe(text: str, what: str) -> None:
    found = sorted({f"U+{ord(c):04X}" for c in UNSAFE.findall(text)})
    assert not found, f"{what} wrote {', '.join(found)} to the terminal"


@pytest.fixture
def place(tmp_path):
    program = hostile_program(tmp_path / "hostile.yaml")
    return tmp_path / "home", tmp_path, str(program)


def test_every_command_shows_hostile_program_text_literally(place):
    home, cwd, program = place
    p = ("--program", program)
    commands = [
        ("list",), ("show", "talk"), ("validate", program), ("star", "talk", "clash"),
        ("agenda",), ("conflicts",), ("export", "-o", "mine.ics"), ("share", "--name", HOSTILE),
        ("friends",), ("unstar", "clash"),
    ]  # fmt: skip
    for argv in commands:
        status, out, err = run(home, cwd, *p, *argv)
        assert status in (0, 1), (argv, err)
        assert_safe(out, " ".join(argv))
        assert_safe(err, " ".join(argv))
    status, out, _ = run(home, cwd, *p, "show", "talk")
    assert "Talk �]2;pwned�" in out  # shown, not obeyed


def strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for part in value.values() for text in strings(part)]
    if isinstance(value, list):
        return [text for part in value for text in strings(part)]
    return []


def test_json_keeps_the_data_exact_and_the_terminal_untouched(place):
    home, cwd, program = place
    assert run(home, cwd, "--program", program, "star", "talk")[0] == 0
    for argv in (("list", "--json"), ("show", "talk", "--json"), ("agenda", "--json")):
        status, out, err = run(home, cwd, "--program", program, *argv)
        assert status == 0, err
        assert_safe(out, " ".join(argv))
        assert f"Talk {HOSTILE}" in strings(json.loads(out)), argv  # exact, after parsing


def test_json_of_ascii_only_text_escapes_del_too(tmp_path):
    # Pure ASCII output takes a quicker path than the rest: DEL (and the escape sequences JSON
    # escapes anyway) must still not reach the terminal raw.
    text = "Talk \x1b[31mred\x7f\x1b]2;pwned\x07"
    path = tmp_path / "ascii.yaml"
    path.write_text(
        yaml.safe_dump({
            "id": "ascii", "title": "Conf", "timezone": "Europe/Berlin",
            "items": [{"id": "talk", "kind": "talk", "title": text,
                       "start": "2026-03-29T09:00:00+02:00", "end": "2026-03-29T10:00:00+02:00"}],
        }),
        encoding="utf-8",
    )  # fmt: skip
    status, out, err = run(tmp_path / "home", tmp_path, "--program", str(path), "list", "--json")
    assert status == 0, err
    assert out.isascii()
    assert_safe(out, "list --json")
    assert "\\u007f" in out
    assert [item["title"] for item in json.loads(out)] == [text]


def run_in_terminal(home: Path, cwd: Path, *argv: str) -> tuple[int, str]:
    """The command with a pseudo-terminal as its standard output, as a person typing it has."""
    import os
    import pty

    leader, follower = pty.openpty()
    child = subprocess.Popen(
        [sys.executable, "-m", "itinerary", *argv],
        stdout=follower,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        cwd=cwd,
        env={"ITINERARY_HOME": str(home), "TZ": "Europe/Berlin", "PATH": "/usr/bin:/bin"},
    )
    os.close(follower)
    shown = bytearray()
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the child closed its end
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    return child.wait(timeout=60), shown.decode("utf-8")


def test_data_to_standard_output_is_exact_in_a_pipe_and_safe_in_a_terminal(place):
    """``-o -`` writes the file's content: exact when piped on, filtered when a person sees it."""
    home, cwd, program = place
    p = ("--program", program)
    assert run(home, cwd, *p, "star", "talk")[0] == 0
    for argv in (("share", "-o", "-"), ("export", "-o", "-"), ("convert", program, "-o", "-")):
        status, out, err = run(home, cwd, *p, *argv)
        assert status == 0, (argv, err)
        assert "\u202eevil" in out, argv  # the data, as the file would hold it
        status, shown = run_in_terminal(home, cwd, *p, *argv)
        assert status == 0, argv
        assert_safe(shown.replace("\r\n", "\n"), " ".join(argv))
        assert "evil" in shown, argv


def test_a_file_name_with_escapes_or_not_utf8_is_shown_safely(place):
    home, cwd, program = place
    evil = "evil\x1b]2;pwned\x07name.ics"
    status, out, err = run(home, cwd, "--program", program, "export", "--all", "-o", evil)
    assert status == 0, err
    assert (cwd / evil).exists()
    assert_safe(out + err, "export -o")
    assert run(home, cwd, "--program", program, "star", "talk")[0] == 0
    not_utf8 = cwd.as_posix().encode() + b"/caf\xe9.yaml"
    for argv in (("export", "--all", "-o", not_utf8), ("share", "-o", not_utf8)):
        status, out, err = run(home, cwd, "--program", program, *argv)
        assert status == 0, err  # written, and said, without a UnicodeEncodeError
        assert "caf\N{REPLACEMENT CHARACTER}" in out + err
        assert_safe(out + err, argv[0])


def test_the_planners_rows_and_a_friends_initials_hold_no_escapes(place):
    _, _, program = place
    loaded = load_program(Path(program))
    rows = build_rows(loaded, loaded.in_time_order, loaded.zone, set())
    for row in rows:
        assert_safe(row.title, f"the {row.kind} row")
    assert any("Session" in row.title for row in rows)
    assert initials(f"A\x1b {HOSTILE}") == "A2"  # letters and digits only
    assert initials("\x9b\x1b[31m") == "31"
    assert_safe(initials(HOSTILE), "initials")
