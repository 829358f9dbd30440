"""A state file we wrote is read back on its seal, without pydantic, as validation reads it;
any other is validated as ever."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import datetime, timedelta, timezone
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from itinerary import storage
from itinerary.paths import preferences_file
from itinerary.preferences import Preferences, load_preferences, save_preferences
from itinerary.sealed_state import trusted_state
from itinerary.seals import seal_path
from itinerary.selection import (
    ExportRecord,
    Friend,
    Priority,
    State,
    record_exports,
    record_share,
    set_zone,
    star,
    unstar,
)
from itinerary.storage import StateStore
from itinerary.validation import dump, validate
from itinerary.yamlfile import parse_yaml
from tests.factories import item

NOW = datetime(2026, 12, 1, 17, 46, 36, 123456, tzinfo=timezone.utc)


def rich_state() -> State:
    """One of everything a state holds, in the forms that are hard to read back."""
    talks = [item(f"talk-{n}", n * 30, 30) for n in range(4)]
    state = State(program="tiny")
    state = star(state, talks[:3], note="front row ✓", now=NOW)
    state = star(state, talks[1:2], priority=Priority.MAYBE, note="", now=NOW)
    state = star(state, talks[3:], now=NOW.replace(microsecond=0))
    state = unstar(state, ["talk-0"])
    state = set_zone(state, "Pacific/Honolulu")
    state = record_share(state, "/tmp/mine.yaml", "ab" * 32)
    state = record_exports(
        state,
        {
            "talk-1@tiny.itinerary": ExportRecord(sequence=0, fingerprint="f1", modified=NOW),
            "talk-2@tiny.itinerary": ExportRecord(
                sequence=3, fingerprint="f2", modified=NOW.replace(microsecond=0)
            ),
            "someone@else": ExportRecord(sequence=1, fingerprint="f3", modified=NOW),
        },
    )
    friend = Friend(name="Ada", written=NOW - timedelta(days=1), stars={"talk-1": Priority.MAYBE})
    return State(**{**state.__dict__, "friends": {"Ada": friend}})


def written(tmp_path: Path, state: State) -> StateStore:
    states = StateStore("tiny", home=tmp_path)
    states.update(lambda _: state)
    return states


def carried(states: StateStore) -> object:
    """The JSON the state's seal carries after its line."""
    return orjson.loads(seal_path(states.path).read_bytes().split(b"\n", 1)[1])


def test_the_sealed_state_is_what_validation_makes_of_the_same_file(tmp_path):
    states = written(tmp_path, rich_state())
    content = parse_yaml(states.path.read_bytes()).data
    assert carried(states) == content
    trusted, validated = trusted_state(content), validate(State, content)
    assert trusted == validated == rich_state()
    assert dump(trusted) == dump(validated)
    assert trusted.friends["Ada"].written.tzinfo == validated.friends["Ada"].written.tzinfo


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    notes=st.lists(st.text(max_size=30), min_size=1, max_size=5),
    moments=st.lists(
        st.datetimes(
            min_value=datetime(1990, 1, 1),
            max_value=datetime(2100, 1, 1),
            timezones=st.sampled_from([timezone.utc, timezone(timedelta(hours=-10))]),
        ),
        min_size=1,
        max_size=5,
    ),
)
def test_any_state_written_reads_back_alike_sealed_or_validated(tmp_path, notes, moments):
    talks = [item(f"talk-{n}", n, 30) for n in range(len(notes))]
    state = State(program="tiny")
    for talk, note, moment in zip(talks, notes, moments, strict=False):
        state = star(state, [talk], note=note, now=moment)
    versions = {
        f"talk-{n}@tiny.itinerary": ExportRecord(sequence=n, fingerprint="f", modified=moment)
        for n, moment in enumerate(moments)
    }
    states = written(tmp_path, record_exports(state, versions))
    content = parse_yaml(states.path.read_bytes()).data
    assert trusted_state(content) == validate(State, content)
    assert dump(trusted_state(content)) == dump(validate(State, content))
    assert carried(states) == content  # what the seal carries is what the file says


def test_a_state_we_wrote_is_read_without_pydantic(tmp_path):
    written(tmp_path, rich_state())
    code = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from itinerary.storage import StateStore
        state = StateStore("tiny", home=Path({str(tmp_path)!r})).load()
        assert state.stars["talk-1"].priority.value == "maybe", state
        print("pydantic" in sys.modules)
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_sealed_state_is_read_from_its_seal_without_parsing_the_file(tmp_path, monkeypatch):
    written(tmp_path, rich_state())

    def unparsed(*args, **kwargs):
        raise AssertionError("a sealed state was parsed")

    monkeypatch.setattr("itinerary.yamlfile.parse_yaml", unparsed)  # (storage imports it to parse)
    loaded = StateStore("tiny", home=tmp_path).load()
    assert loaded == rich_state() and dump(loaded) == dump(rich_state())


@pytest.mark.parametrize(
    "damage", [b"{not json", b'{"format": 3}', b"[1, 2]", b'"text"', b"\xff\xfe"]
)
def test_a_seal_that_carries_damage_costs_only_speed(tmp_path, damage):
    states = written(tmp_path, rich_state())
    seal = seal_path(states.path)
    line = seal.read_bytes().split(b"\n", 1)[0]
    seal.write_bytes(line + b"\n" + damage)
    assert StateStore("tiny", home=tmp_path).load() == rich_state()  # from the file itself


def test_a_seal_is_carried_only_within_the_limit_it_is_read_with(tmp_path, monkeypatch):
    # A control character is 4 bytes in the YAML ("\x01"), 6 in the JSON ("\u0001").
    note = "\x01" * 500
    states = written(tmp_path, star(rich_state(), [item("talk-9", 0, 30)], note=note))
    monkeypatch.setattr(storage, "MAX_STATE_BYTES", states.path.stat().st_size + 50)
    states.update(lambda s: set_zone(s, "Europe/Berlin"))
    assert len(states.path.read_bytes()) <= storage.MAX_STATE_BYTES
    seal = seal_path(states.path).read_bytes()
    assert seal.endswith(b"\n") and seal.count(b"\n") == 1  # its line alone: too big to carry
    assert StateStore("tiny", home=tmp_path).load().stars["talk-9"].note == note


def test_a_state_edited_by_hand_is_validated_and_set_aside_if_wrong(tmp_path):
    states = written(tmp_path, rich_state())
    text = states.path.read_text(encoding="utf-8")
    states.path.write_text(text.replace("priority: maybe", "priority: sometimes"), "utf-8")
    fresh = StateStore("tiny", home=tmp_path)
    assert fresh.load().stars == {}  # refused, as a state that was never sealed is
    assert "stars.talk-1.priority" in fresh.notices[0]
    assert list(tmp_path.rglob("tiny.yaml.unreadable*"))


def test_a_state_edited_by_hand_that_is_valid_is_read(tmp_path):
    states = written(tmp_path, rich_state())
    text = states.path.read_text(encoding="utf-8")
    states.path.write_text(text.replace("front row ✓", "back row"), "utf-8")
    assert StateStore("tiny", home=tmp_path).load().stars["talk-2"].note == "back row"


def test_a_seal_that_is_a_link_or_of_other_bytes_is_not_trusted(tmp_path):
    states = written(tmp_path, rich_state())
    seal = seal_path(states.path)
    assert seal.is_file() and seal.name.startswith(".")
    elsewhere = tmp_path / "seal"
    elsewhere.write_bytes(seal.read_bytes())
    seal.unlink()
    seal.symlink_to(elsewhere)
    # A trusted read of a file that is not a state would fail in another way than this.
    states.path.write_text(states.path.read_text("utf-8").replace("must", "never"), "utf-8")
    fresh = StateStore("tiny", home=tmp_path)
    assert fresh.load().stars == {} and "priority" in fresh.notices[0]


def test_what_is_written_is_validated_first(tmp_path):
    states = written(tmp_path, rich_state())
    before = states.path.read_bytes()
    with pytest.raises(Exception, match="timezone") as caught:
        states.update(lambda s: set_zone(s, "x" * 300))
    assert "nothing" in str(caught.value) or "unchanged" in str(caught.value)
    assert states.path.read_bytes() == before
    # Text a terminal sent undecodable is written as U+FFFD, and read back so.
    saved = states.update(lambda s: star(s, [item("talk-9", 0, 30)], note="caf\udce9"))
    assert saved.stars["talk-9"].note == "caf\N{REPLACEMENT CHARACTER}"
    assert StateStore("tiny", home=tmp_path).load() == saved


def test_forgetting_the_stars_removes_the_seal_too(tmp_path):
    states = written(tmp_path, rich_state())
    assert states.forget()
    assert not states.path.exists() and not seal_path(states.path).exists()


def test_preferences_are_sealed_and_an_edited_file_is_validated(tmp_path):
    save_preferences(Preferences(theme="nord", export_alarm_minutes=10), home=tmp_path)
    assert load_preferences(home=tmp_path) == (
        Preferences(theme="nord", export_alarm_minutes=10),
        [],
    )
    path = preferences_file(tmp_path)
    assert seal_path(path).is_file()
    path.write_text(path.read_text("utf-8").replace("10", "-5"), "utf-8")
    preferences, notices = load_preferences(home=tmp_path)
    assert preferences == Preferences() and "export_alarm_minutes" in notices[0]


def test_preferences_over_their_limits_are_not_written(tmp_path):
    with pytest.raises(Exception, match="theme"):
        save_preferences(Preferences(theme="x" * 201), home=tmp_path)
    assert not preferences_file(tmp_path).exists()


def test_an_unreadable_seal_costs_only_speed(tmp_path):
    states = written(tmp_path, rich_state())
    seal = seal_path(states.path)
    seal.unlink()
    seal.mkdir()  # unreadable for anyone, root too
    assert StateStore("tiny", home=tmp_path).load() == rich_state()
    # and a seal that cannot be written fails no save
    saved = states.update(lambda s: set_zone(s, "Europe/Berlin"))
    assert StateStore("tiny", home=tmp_path).load() == saved and seal.is_dir()


def test_a_seal_too_large_to_be_ours_costs_only_speed(tmp_path):
    save_preferences(Preferences(theme="nord"), home=tmp_path)
    seal = seal_path(preferences_file(tmp_path))
    seal.write_bytes(seal.read_bytes() + b"x" * 1000)  # no preferences' seal carries anything
    assert load_preferences(home=tmp_path) == (Preferences(theme="nord"), [])


def test_a_seal_of_its_digest_alone_still_spares_validation(tmp_path, monkeypatch):
    # As the itinerary before this one sealed a state: the YAML is parsed, and trusted.
    states = written(tmp_path, rich_state())
    seal = seal_path(states.path)
    seal.write_bytes(seal.read_bytes().split(b"\n", 1)[0] + b"\n")
    monkeypatch.setattr(storage, "validate_or", None)  # would fail if it were called
    assert StateStore("tiny", home=tmp_path).load() == rich_state()
