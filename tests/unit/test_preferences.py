"""The preferences file: read, written whole, and never lost when it cannot be read."""

from __future__ import annotations

import os

import pytest

from itinerary.errors import StorageError
from itinerary.paths import preferences_file
from itinerary.preferences import Preferences, load_preferences, save_preferences


def test_none_saved_is_the_defaults():
    assert load_preferences() == (Preferences(), [])


def test_saved_then_read_back():
    chosen = Preferences(theme="nord", export_zone="Asia/Kolkata", export_alarm_minutes=5)
    save_preferences(chosen)
    assert load_preferences() == (chosen, [])


@pytest.mark.parametrize(
    "content",
    [b"theme: [unclosed", b"format: 1\nexport_posters: sideways\n", b"\xff\xfe",
     b"format: 1\nexport_alarm_minutes: -4\n", b"x" * 70_000, b"format: 1\nsurprise: yes\n"],
)  # fmt: skip
def test_an_unreadable_file_is_set_aside_said_and_defaults_used(content):
    path = preferences_file()
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    preferences, notices = load_preferences()
    assert preferences == Preferences()
    (notice,) = notices
    assert f"your preferences in {path} could not be read" in notice
    (aside,) = path.parent.glob("preferences.yaml.unreadable-*")
    assert aside.read_bytes() == content and not path.exists()


def test_a_fifo_is_never_opened_for_reading():
    path = preferences_file()
    path.parent.mkdir(parents=True)
    os.mkfifo(path)
    preferences, (notice,) = load_preferences()
    assert preferences == Preferences() and "not a regular file" in notice


def test_a_disk_that_refuses_is_a_storage_error(tmp_path, monkeypatch):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the home folder should be")
    monkeypatch.setenv("ITINERARY_HOME", str(blocked))
    with pytest.raises(StorageError):
        save_preferences(Preferences(theme="nord"))
