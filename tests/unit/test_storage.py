"""State on disk: versioned, readable, never silently emptied, never lost to a full disk."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import pytest
import yaml

from itinerary.errors import StorageError
from itinerary.paths import home_dir
from itinerary.program import default_program_path, load_program
from itinerary.selection import (
    STATE_FORMAT,
    Priority,
    State,
    missing_stars,
    star,
    starred_items,
    unstar,
)
from itinerary.storage import MAX_STATE_BYTES, StateStore
from tests.factories import item


def store(tmp_path: Path) -> StateStore:
    return StateStore("tiny", home=tmp_path)


def test_home_is_the_environment_or_the_platform_data_dir(monkeypatch, tmp_path):
    assert home_dir() == tmp_path / "home"
    monkeypatch.delenv("ITINERARY_HOME")
    assert "itinerary" in str(home_dir())


def test_a_change_is_saved_at_once_as_small_readable_versioned_yaml(tmp_path):
    states = store(tmp_path)
    states.update(lambda s: star(s, [item("talk-a", 0, 30)], note="front row"))
    text = states.path.read_text(encoding="utf-8")
    assert text.startswith("# itinerary: your stars for program 'tiny'")
    data = yaml.safe_load(text)
    assert data["format"] == 3 and data["program"] == "tiny" and data["timezone"] is None
    assert data["stars"]["talk-a"]["priority"] == "must"
    assert data["stars"]["talk-a"]["note"] == "front row"
    # A second store (another process, say) sees it.
    assert StateStore("tiny", home=tmp_path).load().stars["talk-a"].note == "front row"


def test_restarring_keeps_what_is_not_given(tmp_path):
    states = store(tmp_path)
    talk = item("talk-a", 0, 30)
    states.update(lambda s: star(s, [talk], priority=Priority.MAYBE, note="maybe"))
    first = states.load().stars["talk-a"]
    states.update(lambda s: star(s, [talk]))
    again = states.load().stars["talk-a"]
    assert (again.priority, again.note, again.starred_at) == (
        Priority.MAYBE, "maybe", first.starred_at,
    )  # fmt: skip
    states.update(lambda s: star(s, [talk], priority=Priority.MUST, note=""))
    assert states.load().stars["talk-a"].priority is Priority.MUST
    assert states.load().stars["talk-a"].note == ""


@pytest.mark.parametrize(
    "content",
    [
        b"stars: [unclosed\n",
        b"format: 1\nprogram: tiny\nstars: {talk: {priority: sometimes}}\n",
        b"\x00\x01\x02 binary garbage \xff\xfe",
        b"format: 1\nprogram: another-program\nstars: {}\n",
        b"- just\n- a list\n",
    ],
    ids=["yaml", "invalid-value", "binary", "other-program", "list"],
)
def test_an_unreadable_file_is_moved_aside_never_emptied(tmp_path, content):
    states = store(tmp_path)
    states.directory.mkdir(parents=True)
    states.path.write_bytes(content)
    assert states.load() == State(program="tiny")
    (aside,) = states.directory.glob("tiny.yaml.unreadable-*")
    assert aside.read_bytes() == content
    assert not states.path.exists()
    (notice,) = states.notices
    assert str(states.path) in notice and str(aside) in notice
    assert "a fresh state was started" in notice
    # The next change starts clean and the moved file stays where it was put.
    states.update(lambda s: star(s, [item("talk-a", 0, 30)]))
    assert aside.read_bytes() == content


def test_a_newer_format_is_refused_and_left_untouched(tmp_path):
    states = store(tmp_path)
    states.directory.mkdir(parents=True)
    from itinerary.selection import STATE_FORMAT

    newer = f"format: {STATE_FORMAT + 1}\nprogram: tiny\nsomething_new: true\n".encode()
    states.path.write_bytes(newer)
    with pytest.raises(StorageError, match="written by a newer itinerary"):
        states.load()
    with pytest.raises(StorageError):
        states.update(lambda s: star(s, [item("talk-a", 0, 30)]))
    assert states.path.read_bytes() == newer
    assert list(states.directory.glob("*unreadable*")) == []


def test_stars_of_items_gone_from_the_program_are_kept_and_come_back(tmp_path):
    program = load_program(default_program_path())
    states = StateStore(program.id, home=tmp_path)
    states.update(lambda s: star(s, [program.get("opening")]))
    # The program changes: "opening" disappears (the file names a star we cannot resolve).
    states.update(lambda s: replace(s, stars={**s.stars, "renamed-talk": replace(
        s.stars["opening"], title="A talk that was renamed")}))  # fmt: skip
    state = states.load()
    assert list(missing_stars(state, program)) == ["renamed-talk"]
    assert [entry.item.id for entry in starred_items(state, program)] == ["opening"]
    # Starring and unstarring other things never drops it.
    state = states.update(lambda s: unstar(star(s, [program.get("happy-hour")]), ["opening"]))
    assert "renamed-talk" in state.stars


def test_a_full_disk_loses_nothing(tmp_path):
    """A real write failure (the process may not grow files past 2 KB), not a mock."""
    code = textwrap.dedent("""
        import resource, signal, sys
        from pathlib import Path
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (2048, 2048))
        from itinerary.cli import main
        sys.exit(main(["--program", sys.argv[1], "star", "keynote", "--note", "x" * 2000]))
    """)
    program = Path(__file__).parents[1] / "data" / "valid" / "minimal.yaml"
    env = {**os.environ, "ITINERARY_HOME": str(tmp_path / "home")}
    home_store = StateStore("tiny-conf", home=tmp_path / "home")
    home_store.update(lambda s: star(s, [item("kept", 0, 30)], note="saved before"))
    saved = home_store.path.read_bytes()
    result = subprocess.run([sys.executable, "-c", code, str(program)], env=env,
                            capture_output=True, text=True)  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"itinerary: could not save {home_store.path}: File too large")
    assert "what was saved before is unchanged" in result.stderr
    assert "Traceback" not in result.stderr
    assert home_store.path.read_bytes() == saved
    assert list(home_store.directory.glob(".*.tmp")) == []


def test_an_unwritable_home_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("")
    with pytest.raises(StorageError, match="cannot create"):
        StateStore("tiny", home=blocker).update(lambda s: star(s, [item("a", 0, 30)]))


def test_a_saved_zone_the_database_no_longer_has_keeps_every_star(tmp_path, capsys):
    """US/Pacific-New left tzdata in 2020b: the stars stay, the zone is passed over."""
    from itinerary.cli import main

    states = StateStore("es-fomo-2023")
    states.update(lambda s: star(s, [load_program(default_program_path()).get("opening")]))
    text = states.path.read_text(encoding="utf-8").replace(
        "timezone: null", "timezone: US/Pacific-New"
    )
    states.path.write_text(text, encoding="utf-8")
    assert main(["agenda"]) == 0
    out, err = capsys.readouterr()
    assert "Welcome" in out and "moved" not in err
    assert list(states.path.parent.glob("*.unreadable-*")) == []
    assert "opening" in StateStore("es-fomo-2023").load().stars


def test_a_state_is_never_written_larger_than_it_may_be_read(tmp_path, monkeypatch):
    import itinerary.storage

    states = store(tmp_path)
    states.update(lambda s: star(s, [item("talk-a", 0, 30)], note="kept"))
    before = states.path.read_bytes()
    monkeypatch.setattr(itinerary.storage, "MAX_STATE_BYTES", len(before) + 100)
    with pytest.raises(StorageError, match=r"over the .* a state may be"):
        states.update(lambda s: star(s, [item("talk-b", 0, 30)], note="x" * 200))
    assert states.path.read_bytes() == before
    assert states.load().stars["talk-a"].note == "kept"


def test_a_format_1_file_is_read_and_written_back_in_todays_format(tmp_path):
    states = store(tmp_path)
    states.directory.mkdir(parents=True)
    states.path.write_text("format: 1\nprogram: tiny\nstars:\n  talk-a: {note: kept}\n")
    assert states.load().stars["talk-a"].note == "kept"
    states.update(lambda s: unstar(s, ["talk-a"]))
    data = yaml.safe_load(states.path.read_text())
    assert data["format"] == STATE_FORMAT == 3 and data["notes_kept"] == {"talk-a": "kept"}


FORMAT_2_EXPORTS = """format: 2
program: tiny
exports:
  talk-a@tiny.itinerary:
    sequence: 4
    fingerprint: 0123456789abcdef0123456789abcdef
    modified: '2026-05-01T10:00:00.123456Z'
  elsewhere@other.example:
    sequence: 0
    fingerprint: ffff
    modified: '2026-05-01T10:00:00Z'
"""


def test_format_2_export_records_are_read_and_written_back_short(tmp_path):
    states = store(tmp_path)
    states.directory.mkdir(parents=True)
    states.path.write_text(FORMAT_2_EXPORTS)
    before = states.load().exports
    assert before["talk-a@tiny.itinerary"].sequence == 4
    states.update(lambda s: star(s, [item("talk-b", 0, 30)]))
    text = states.path.read_text()
    # One line per event, keyed by the event (the UID's part before @tiny.itinerary); a UID
    # that is not of this program's shape is kept whole.
    fingerprint = "0123456789abcdef0123456789abcdef"
    assert f"  talk-a: [4, {fingerprint}, '2026-05-01T10:00:00.123456Z']\n" in text
    assert "  elsewhere@other.example: [0, ffff, 20260501T100000Z]\n" in text
    assert states.load().exports == before


def test_the_export_records_of_the_largest_program_fit_the_state(tmp_path):
    """Measured on a quarter of the largest program (a whole one takes 16 s): the size grows
    with the records, so four times this must still fit the limit, with room."""
    from itinerary.model import MAX_ITEMS
    from itinerary.selection import ExportRecord

    count = MAX_ITEMS // 4
    now = datetime(2026, 12, 1, 12, 0, 0, tzinfo=timezone.utc)
    fingerprint = "0123456789abcdef"  # as export writes it: ics.FINGERPRINT_DIGITS
    records = {
        f"session-{n // 20}-talk-{n:06d}@tiny.itinerary": ExportRecord(
            sequence=n % 3, fingerprint=fingerprint, modified=now
        )
        for n in range(count)
    }
    states = store(tmp_path)
    states.update(lambda s: replace(s, exports=records))
    size = states.path.stat().st_size
    assert size * MAX_ITEMS / count < MAX_STATE_BYTES * 0.85, f"{size:,} bytes for {count:,}"
    assert states.load().exports == records
