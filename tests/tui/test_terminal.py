"""The planner in a real terminal (tmux), started the way a person starts it: ``itinerary``."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import yaml

from itinerary.storage import StateStore
from tests.factories import synthetic_program_data

TMUX = shutil.which("tmux")
COMMAND = Path(sys.executable).parent / "itinerary"
pytestmark = pytest.mark.skipif(
    TMUX is None or not COMMAND.exists(), reason="needs tmux and the installed itinerary command"
)


class Terminal:
    """A 120x40 terminal on a tmux server of its own, so a tmux the tester runs is never touched."""

    def __init__(self, command: str, home: Path) -> None:
        self.name = f"itinerary-test-{uuid.uuid4().hex[:8]}"
        self.status = home.parent / f"{self.name}.status"
        # The pane stays after the planner quits, to show what it printed.
        shell = f"ITINERARY_HOME='{home}' {command}; echo $? > '{self.status}'; sleep 600"
        self.tmux("new-session", "-d", "-s", self.name, "-x", "120", "-y", "40", shell)
        self.tmux("set-option", "-t", self.name, "escape-time", "10")

    def tmux(self, *args: str) -> str:
        # os.environ, not the C environment: importing readline (pytest does) sets COLUMNS=80 and
        # LINES=24 there, and a tmux server started with them hands them to the planner.
        environment = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
        return subprocess.run(
            [str(TMUX), "-L", self.name, *args],
            check=True,
            capture_output=True,
            text=True,
            env=environment,
        ).stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-J", "-t", self.name)  # -J: unwrap lines

    def wait_for(self, text: str, seconds: float = 60) -> str:
        return self.screens_until(text, seconds)[-1]

    def screens_until(self, text: str, seconds: float = 60) -> list[str]:
        """Every screen seen until one shows ``text`` (which is the last)."""
        deadline = time.monotonic() + seconds
        screens: list[str] = []
        while True:
            shown = self.screen()
            if not screens or shown != screens[-1]:
                screens.append(shown)
            if text in shown:
                return screens
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} never appeared; the screen:\n{shown}")
            time.sleep(0.05)

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", self.name, *keys)

    def exit_status(self, seconds: float = 30) -> int:
        deadline = time.monotonic() + seconds
        while not self.status.exists() or not self.status.read_text().strip():
            assert time.monotonic() < deadline, f"the planner did not quit:\n{self.screen()}"
            time.sleep(0.1)
        return int(self.status.read_text())

    def close(self) -> None:
        subprocess.run([str(TMUX), "-L", self.name, "kill-server"], capture_output=True)


@pytest.fixture
def terminal(tmp_path):
    opened: list[Terminal] = []

    def open_terminal(arguments: str = "") -> Terminal:
        opened.append(Terminal(f"'{COMMAND}' {arguments}", tmp_path / "home"))
        return opened[-1]

    yield open_terminal
    for each in opened:
        each.close()


def test_es_fomo_in_a_terminal_star_and_quit(terminal):
    term = terminal()
    shown = term.wait_for("ES-FoMo")
    assert "Pacific/Honolulu" in shown and "Welcome and opening remarks" in shown
    term.keys("Down", "Space")
    term.wait_for("★ 1")
    term.keys("q")
    assert term.exit_status() == 0


def test_a_big_program_shows_progress_then_itself(terminal, tmp_path):
    # Big enough to be read with a progress view, and for it to stay up a while (about a second
    # here: the child starts reading before the planner has imported Textual).
    data = synthetic_program_data(8000)
    path = tmp_path / "big.yaml"
    path.write_text(yaml.dump(data, Dumper=yaml.CSafeDumper, sort_keys=False), "utf-8")
    term = terminal(f"--program '{path}'")
    screens = term.screens_until("Synthetic conference of 8000 items")
    assert any(f"Reading {path}" in shown for shown in screens[:-1]), screens
    term.keys("Space")
    term.wait_for("★ 1")
    term.keys("q")
    assert term.exit_status() == 0
    assert StateStore("synthetic-8000", home=tmp_path / "home").load().stars


def test_a_broken_big_program_says_where_and_exits_2(terminal, tmp_path):
    data = synthetic_program_data(4000)
    data["items"][3000]["kind"] = "tlak"
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")
    term = terminal(f"--program '{path}'")
    shown = term.wait_for("items[3000].kind: Input should be")
    assert f"itinerary: {path}:" in shown
    assert term.exit_status() == 2
    assert "Traceback" not in term.screen()


def test_program_and_share_text_never_retitle_the_terminal_or_write_the_clipboard(
    terminal, tmp_path
):
    """A hostile program and a colleague's note, through the planner in a tmux that obeys OSC 2
    (titles) and OSC 52 (clipboard): the pane title and tmux's buffers stay untouched."""
    osc = "\x1b]2;pwned\x07\x1b]52;c;cHduZWQ=\x07\x1b]8;;https://evil.example\x1b\\x\x1b]8;;\x1b\\"
    hostile = f"{osc}\x1b[31m\x9b2J\u202e"
    program = {
        "id": "hostile", "title": f"Hostile Conf {hostile}", "timezone": "Europe/Berlin",
        "sessions": [{"id": "s", "title": f"Session {hostile}"}],
        "items": [{"id": "talk", "kind": "talk", "title": f"Talk {hostile}", "session": "s",
                   "room": f"Room {hostile}", "abstract": f"Abstract {hostile}",
                   "people": [{"name": f"Ada {hostile}"}],
                   "start": "2026-03-29T09:00:00+02:00", "end": "2026-03-29T10:00:00+02:00"}],
    }  # fmt: skip
    path = tmp_path / "hostile.yaml"
    path.write_text(yaml.safe_dump(program, allow_unicode=True), "utf-8")
    home = tmp_path / "home"
    env = {**os.environ, "ITINERARY_HOME": str(home)}
    subprocess.run([str(COMMAND), "--program", str(path), "star", "talk", "--note", f"n {hostile}"],
                   check=True, env=env, capture_output=True)  # fmt: skip
    term = terminal(f"--program '{path}'")
    term.tmux("set-option", "-g", "set-clipboard", "on")
    term.tmux("set-option", "-g", "allow-rename", "on")
    term.tmux("set-option", "-g", "allow-passthrough", "on")
    title = term.tmux("display-message", "-p", "-t", term.name, "#{pane_title}")
    term.wait_for("Hostile Conf")
    term.wait_for("Session")
    term.keys("Down")
    term.keys("n")  # the note editor, holding the hostile note
    term.wait_for("Note for:")
    term.keys("Escape")
    time.sleep(0.5)  # ESC then i at once would read as Alt-i
    term.keys("i")  # My itinerary lists it too
    term.wait_for("My itinerary")
    term.keys("Escape")
    time.sleep(0.5)
    assert "pwned" not in term.tmux("display-message", "-p", "-t", term.name, "#{pane_title}")
    assert term.tmux("display-message", "-p", "-t", term.name, "#{pane_title}") == title
    assert "pwned" not in term.tmux("display-message", "-p", "-t", term.name, "#{window_name}")
    assert term.tmux("list-buffers") == ""
    term.keys("q")
    assert term.exit_status() == 0
