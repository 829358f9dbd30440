"""Sharing: round trips, the three import modes, calendar files as shares, and share files from
someone else that try to hurt: none of them changes my state."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from dataclasses import replace
from datetime import datetime, timezone

import icalendar
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from itinerary.cli import main
from itinerary.friends import initials
from itinerary.model import Program
from itinerary.program import default_program_path, load_program
from itinerary.selection import Priority, Star, State
from itinerary.share import build_share, read_share, render_share, share_file_name
from itinerary.share_format import SharedStar, ShareFile
from itinerary.share_import import match_share, merge
from itinerary.storage import StateStore
from itinerary.validation import dump, validate

H2O = "h2o-heavy-hitter-oracle-for-efficient-generative"
ZIPLM = "ziplm-inference-aware-structured-pruning"
ES_FOMO = load_program(default_program_path())


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def as_person(monkeypatch, tmp_path, who: str) -> None:
    monkeypatch.setenv("ITINERARY_HOME", str(tmp_path / who))


def stars_of(tmp_path, who: str) -> dict[str, Star]:
    return StateStore("es-fomo-2023", home=tmp_path / who).load().stars


@pytest.fixture
def ada_file(capsys, monkeypatch, tmp_path):
    """Ada stars three items and shares them."""
    monkeypatch.chdir(tmp_path)
    as_person(monkeypatch, tmp_path, "ada")
    run(capsys, "star", "opening", H2O, "--note", "ask about the KV cache")
    run(capsys, "star", ZIPLM, "--maybe")
    status, out, _ = run(capsys, "share", "--name", "Ada Lovelace")
    assert status == 0 and out == "Wrote 3 stars of 'Ada Lovelace' to ada-lovelace.itinerary.yaml\n"
    return tmp_path / "ada-lovelace.itinerary.yaml"


def test_the_share_file_is_small_readable_and_versioned(ada_file):
    data = yaml.safe_load(ada_file.read_text())
    assert data["format"] == 1 and data["owner"] == "Ada Lovelace"
    assert data["program"]["id"] == "es-fomo-2023" and len(data["program"]["fingerprint"]) == 32
    assert data["stars"][0] == {
        "id": "opening", "title": "Welcome and opening remarks",
        "start": "2023-07-29T18:55:00Z", "priority": "must", "note": "ask about the KV cache",
    }  # fmt: skip
    assert ada_file.stat().st_size < 2000


def test_round_trip_gives_the_same_stars(capsys, monkeypatch, tmp_path, ada_file):
    as_person(monkeypatch, tmp_path, "bob")
    status, out, _ = run(capsys, "import", str(ada_file))
    assert status == 0 and "added: 3" in out
    mine, hers = stars_of(tmp_path, "bob"), stars_of(tmp_path, "ada")
    assert {k: (v.priority, v.note) for k, v in mine.items()} == {
        k: (v.priority, v.note) for k, v in hers.items()
    }


def test_merge_keeps_my_priority_and_note(capsys, monkeypatch, tmp_path, ada_file):
    as_person(monkeypatch, tmp_path, "bob")
    run(capsys, "star", "opening", "--maybe", "--note", "mine")
    _, out, _ = run(capsys, "import", str(ada_file), "--merge")
    assert "added: 2" in out and "already starred: 1 (kept your priority and note)" in out
    kept = stars_of(tmp_path, "bob")["opening"]
    assert (kept.priority, kept.note) == (Priority.MAYBE, "mine")


def test_replace_asks_first_or_takes_yes(capsys, monkeypatch, tmp_path, ada_file):
    as_person(monkeypatch, tmp_path, "bob")
    run(capsys, "star", "happy-hour")
    before = StateStore("es-fomo-2023", home=tmp_path / "bob").path.read_bytes()
    status, _, err = run(capsys, "import", str(ada_file), "--replace")  # stdin is not a terminal
    assert status == 2 and "add --yes" in err and "Nothing was changed" in err
    assert StateStore("es-fomo-2023", home=tmp_path / "bob").path.read_bytes() == before
    status, out, _ = run(capsys, "import", str(ada_file), "--replace", "--yes")
    assert status == 0 and "your stars are now its 3: 3 added, 1 no longer starred" in out
    assert set(stars_of(tmp_path, "bob")) == {"opening", H2O, ZIPLM}


def test_replace_confirmed_on_a_terminal(tmp_path, ada_file):
    """A real terminal (a pseudo-terminal), answering the question."""
    code = textwrap.dedent(f"""
        import os, pty, sys
        pid, fd = pty.fork()
        if pid == 0:
            os.execvpe(sys.executable, [sys.executable, "-m", "itinerary.cli", "import",
                       {str(ada_file)!r}, "--replace"], os.environ)
        out = b""
        while b"[y/N]" not in out:
            out += os.read(fd, 1024)
        os.write(fd, b"y\\n")
        try:
            while True:
                chunk = os.read(fd, 1024)
                if not chunk:
                    break
                out += chunk
        except OSError:
            pass
        print(out.decode())
    """)
    env = {**os.environ, "ITINERARY_HOME": str(tmp_path / "carol")}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                            text=True, timeout=60)  # fmt: skip
    assert "Replace your 0 stars with its 3? [y/N]" in result.stdout
    assert "your stars are now its 3" in result.stdout
    assert set(stars_of(tmp_path, "carol")) == {"opening", H2O, ZIPLM}


def test_overlay_keeps_a_friend_beside_me(capsys, monkeypatch, tmp_path, ada_file):
    as_person(monkeypatch, tmp_path, "bob")
    run(capsys, "star", "happy-hour")
    status, out, _ = run(capsys, "import", str(ada_file), "--overlay")
    assert status == 0 and "Kept 3 stars of 'Ada Lovelace' beside yours" in out
    assert set(stars_of(tmp_path, "bob")) == {"happy-hour"}
    status, out, _ = run(capsys, "friends")
    assert out.startswith(" AL  Ada Lovelace: 3 starred, shared ")
    # My conflicts are only mine.
    assert run(capsys, "conflicts", "--json")[1].strip() == "[]"
    status, out, _ = run(capsys, "friends", "--remove", "Ada Lovelace")
    assert status == 0 and StateStore("es-fomo-2023", home=tmp_path / "bob").load().friends == {}
    status, _, err = run(capsys, "friends", "--remove", "Nobody")
    assert status == 2 and "no friend called 'Nobody'" in err


def test_an_exported_calendar_imports_as_stars(capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    as_person(monkeypatch, tmp_path, "ada")
    run(capsys, "star", "opening", H2O, ZIPLM)
    run(capsys, "export", "-o", "ada.ics")
    as_person(monkeypatch, tmp_path, "bob")
    status, out, _ = run(capsys, "import", "ada.ics")
    assert status == 0 and "added: 3" in out
    assert set(stars_of(tmp_path, "bob")) == {"opening", H2O, ZIPLM}
    # Whose and when: the file's name, and when it was exported (its DTSTAMP), not now.
    calendar = icalendar.Calendar.from_ical((tmp_path / "ada.ics").read_bytes())
    (exported,) = {event["DTSTAMP"].dt for event in calendar.walk("VEVENT")}
    assert out.startswith(
        f"ada.ics: the itinerary of 'ada', 3 stars, written {exported:%Y-%m-%d %H:%M} UTC\n"
    )
    assert read_share((tmp_path / "ada.ics").read_bytes(), "ada.ics", ES_FOMO).written == exported


def test_a_maybe_in_an_exported_calendar_imports_as_a_maybe(capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    as_person(monkeypatch, tmp_path, "ada")
    run(capsys, "star", "opening")
    run(capsys, "star", H2O, "--maybe")
    run(capsys, "export", "-o", "ada.ics")
    as_person(monkeypatch, tmp_path, "bob")
    assert run(capsys, "import", "ada.ics")[0] == 0
    priorities = {key: star.priority.value for key, star in stars_of(tmp_path, "bob").items()}
    assert priorities == {"opening": "must", H2O: "maybe"}


def test_a_file_for_another_program_is_refused_naming_both(capsys, monkeypatch, tmp_path, ada_file):
    data = yaml.safe_load(ada_file.read_text())
    data["program"] = {"id": "fosdem-2021", "title": "FOSDEM 2021", "fingerprint": "x"}
    other = tmp_path / "other.itinerary.yaml"
    other.write_text(yaml.safe_dump(data))
    as_person(monkeypatch, tmp_path, "bob")
    status, _, err = run(capsys, "import", str(other))
    assert status == 2
    assert "'fosdem-2021' (FOSDEM 2021), not 'es-fomo-2023'" in err and "Nothing was changed" in err


def test_an_older_version_is_matched_by_title_and_time(capsys, monkeypatch, tmp_path, ada_file):
    data = yaml.safe_load(ada_file.read_text())
    data["program"]["fingerprint"] = "an older version of the program"
    data["stars"][0]["id"] = "old-opening-id"  # renamed since, same title and time
    data["stars"][1]["id"] = "withdrawn-poster"
    data["stars"][1]["title"] = "A poster that was withdrawn"
    older = tmp_path / "older.itinerary.yaml"
    older.write_text(yaml.safe_dump(data))
    as_person(monkeypatch, tmp_path, "bob")
    status, out, _ = run(capsys, "import", str(older))
    assert status == 0
    assert "matched by title and time (the program changed since): 1" in out
    assert "not found in this program: 1" in out
    assert "A poster that was withdrawn [withdrawn-poster], 2023-07-29 23:00 UTC" in out
    assert set(stars_of(tmp_path, "bob")) == {"opening", ZIPLM}


HOSTILE = {
    "too-big": b"format: 1\n" + b"#" * (1024 * 1024 + 10),
    # a: &a [lol], b: &b [*a, *a, ...], ... j: 9**9 copies of "lol" once expanded
    "billion-laughs": b"".join(
        f"{chr(97 + n)}: &{chr(97 + n)} [{', '.join(['*' + chr(96 + n)] * 9) or 'lol'}]\n".encode()
        if n
        else b"a: &a [lol]\n"
        for n in range(10)
    ),
    "deep-nesting": b"stars: " + b"[" * 5000 + b"]" * 5000,
    "wrong-types": b"format: 1\nprogram: {id: es-fomo-2023, title: x, fingerprint: y}\n"
    b"owner: [not, a, name]\nwritten: yesterday\nstars: 5\n",
    "unknown-field": b"format: 1\nprogram: {id: es-fomo-2023, title: x, fingerprint: y}\n"
    b"owner: Eve\nwritten: 2026-01-01T00:00:00Z\nstars: []\nrun_this: rm -rf /\n",
    "python-tag": b"!!python/object/apply:os.system ['echo owned']\n",
    "not-yaml": b"\x00\x01\x02\xff\xfe",
    "not-a-mapping": b"- just a list\n",
    "huge-note": b"format: 1\nprogram: {id: es-fomo-2023, title: x, fingerprint: y}\nowner: Eve\n"
    b"written: 2026-01-01T00:00:00Z\nstars:\n- {id: opening, title: t, start: 2023-07-29T18:55:00Z,"
    b" note: " + b"x" * 5000 + b"}\n",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_share_files_are_refused_and_change_nothing(capsys, monkeypatch, tmp_path, name):
    as_person(monkeypatch, tmp_path, "bob")
    run(capsys, "star", "opening", "--note", "mine")
    store = StateStore("es-fomo-2023", home=tmp_path / "bob")
    before = store.path.read_bytes()
    hostile = tmp_path / f"{name}.itinerary.yaml"
    hostile.write_bytes(HOSTILE[name])
    started = time.perf_counter()
    status, out, err = run(capsys, "import", str(hostile))
    assert time.perf_counter() - started < 5  # generous; the point is "not minutes"
    assert status == 2, (out, err)
    assert err.startswith(f"itinerary: {hostile}") and "Traceback" not in err
    assert store.path.read_bytes() == before
    assert not list(store.directory.glob("*.unreadable-*"))


def test_wrong_types_are_located(capsys, monkeypatch, tmp_path):
    as_person(monkeypatch, tmp_path, "bob")
    hostile = tmp_path / "typed.itinerary.yaml"
    hostile.write_bytes(HOSTILE["wrong-types"])
    _, _, err = run(capsys, "import", str(hostile))
    assert f"{hostile}:3:8: owner: Input should be a valid string" in err
    assert f"{hostile}:4:10: written: Input should be a valid datetime" in err
    assert f"{hostile}:5:8: stars: Input should be a list (got 5)" in err


def test_billion_laughs_is_refused_fast_with_bounded_memory(tmp_path):
    """In a separate process, so its peak memory is its own."""
    bomb = tmp_path / "bomb.itinerary.yaml"
    bomb.write_bytes(HOSTILE["billion-laughs"])
    code = textwrap.dedent(f"""
        import resource, time
        from itinerary.errors import ShareError
        from itinerary.program import default_program_path, load_program
        from itinerary.share import read_share
        program = load_program(default_program_path())
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        try:
            read_share(open({str(bomb)!r}, "rb").read(), "bomb", program)
        except ShareError as error:
            print("refused", time.perf_counter() - started,
                  resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before, error)
    """)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, timeout=60)  # fmt: skip
    verdict, seconds, grown_kb, *message = result.stdout.split()
    assert verdict == "refused", result.stdout
    assert float(seconds) < 1.0
    assert int(grown_kb) < 50_000  # under 50 MB more than before reading it
    assert "expands to more than" in " ".join(message)


def test_names_and_notes_with_control_characters_print_literally(capsys, monkeypatch, tmp_path):
    state = State(program="es-fomo-2023", stars={"opening": Star(note="\x1b[2J[bold]wiped[/]\a")})
    share = build_share(ES_FOMO, state, "Eve \x1b[31m[red]x[/]", datetime.now(timezone.utc))
    path = tmp_path / share_file_name(share.owner)
    path.write_text(render_share(share))
    assert path.name == "eve-31m-red-x.itinerary.yaml"
    as_person(monkeypatch, tmp_path, "bob")
    status, out, err = run(capsys, "import", str(path), "--overlay")
    assert status == 0
    assert "\x1b" not in out + err and "\a" not in out + err
    assert "[red]x[/]" in out
    status, out, _ = run(capsys, "friends")
    assert "\x1b" not in out and "[red]x[/]" in out


def test_initials():
    assert [initials(n) for n in ("Ada Lovelace", "grace", "Jean-Luc Picard", "  ")] == [
        "AL", "GR", "JL", "?"]  # fmt: skip


# --- merging, as properties --------------------------------------------------------------------

ITEMS = list(ES_FOMO.items)
stars_strategy = st.dictionaries(
    st.sampled_from([item.id for item in ITEMS]),
    st.builds(Star, priority=st.sampled_from(list(Priority)), note=st.text(max_size=20)),
    max_size=15,
)
shared_strategy = st.lists(
    st.builds(lambda item, priority, note: SharedStar(id=item.id, title=item.title,
                                                      start=item.starts, priority=priority,
                                                      note=note),
              st.sampled_from(ITEMS), st.sampled_from(list(Priority)), st.text(max_size=20)),
    max_size=15,
    unique_by=lambda star: star.id,  # as `itinerary share` writes them: each item once
)  # fmt: skip
NOW = datetime(2026, 11, 27, tzinfo=timezone.utc)


def pairs_of(shared):
    share = build_share(ES_FOMO, State(program="es-fomo-2023"), "x", NOW)
    share = validate(ShareFile, replace(share, stars=tuple(shared)))
    return match_share(share, ES_FOMO, "test").items


@settings(max_examples=200, deadline=None)
@given(mine=stars_strategy, shared=shared_strategy)
def test_merging_is_idempotent_and_never_loses_my_stars(mine, shared):
    state = State(program="es-fomo-2023", stars=mine)
    pairs = pairs_of(shared)
    once = merge(state, pairs, NOW)
    assert merge(once, pairs, NOW) == once
    for item_id, star in mine.items():
        assert once.stars[item_id] == star  # kept as it was: priority, note and all
    assert set(once.stars) == set(mine) | {item.id for _, item in pairs}


@settings(max_examples=100, deadline=None)
@given(shared=shared_strategy)
def test_a_share_file_reads_back_as_written(shared):
    share = build_share(ES_FOMO, State(program="es-fomo-2023"), "Ada", NOW)
    share = validate(ShareFile, replace(share, stars=tuple(shared)))
    assert read_share(render_share(share).encode(), "x", ES_FOMO) == share


def test_a_program_given_as_a_share_file_is_named_for_what_it_is(capsys, monkeypatch, tmp_path):
    as_person(monkeypatch, tmp_path, "bob")
    status, out, err = run(capsys, "import", str(default_program_path()))
    assert status == 2 and out == ""
    assert err.splitlines() == [
        f"itinerary: {default_program_path()}: this is a program, not a share file (open a "
        "program with --program FILE; a share file is what `itinerary share` writes); "
        "nothing was changed"
    ]
    assert stars_of(tmp_path, "bob") == {}


def test_what_a_share_file_cannot_carry_is_refused_early_or_shortened(
    capsys, monkeypatch, tmp_path
):
    monkeypatch.chdir(tmp_path)
    as_person(monkeypatch, tmp_path, "ada")
    status, _, err = run(capsys, "star", "opening", "--note", "n" * 2001)
    assert status == 2 and "a note of 2,001 characters is too long (at most 2,000" in err
    assert stars_of(tmp_path, "ada") == {}
    status, _, err = run(capsys, "share", "--name", "x" * 201)
    assert status == 2 and "give a name of 1 to 200 characters" in err
    # A program whose titles are longer than a share file carries (converted ones can be).
    data = yaml.safe_load(default_program_path().read_text("utf-8"))
    data["items"][0]["title"] = "T" * 3000
    long_titles = tmp_path / "long.yaml"
    long_titles.write_text(yaml.safe_dump(data), "utf-8")
    first = data["items"][0]["id"]
    run(capsys, "--program", str(long_titles), "star", first, "--note", "n" * 2000)
    status, out, _ = run(capsys, "--program", str(long_titles), "share", "--name", "Ada")
    assert status == 0
    shared = yaml.safe_load((tmp_path / "ada.itinerary.yaml").read_text("utf-8"))
    (only,) = shared["stars"]
    assert only["title"] == "T" * 999 + "…" and only["note"] == "n" * 2000
    # An exported calendar with such a title imports, shortened the same way.
    run(capsys, "--program", str(long_titles), "export", "-o", "ada.ics")
    as_person(monkeypatch, tmp_path, "bob")
    status, out, _ = run(capsys, "--program", str(long_titles), "import", "ada.ics")
    assert status == 0 and "added: 1" in out


def test_an_item_starred_twice_in_a_share_file_is_located(capsys, monkeypatch, tmp_path):
    as_person(monkeypatch, tmp_path, "bob")
    twice = tmp_path / "twice.itinerary.yaml"
    twice.write_bytes(
        b"format: 1\nprogram: {id: es-fomo-2023, title: x, fingerprint: y}\nowner: Eve\n"
        b"written: 2026-01-01T00:00:00Z\nstars:\n"
        b"- {id: opening, title: t, start: 2023-07-29T18:55:00Z}\n"
        b"- {id: opening, title: t, start: 2023-07-29T18:55:00Z}\n"
    )
    status, _, err = run(capsys, "import", str(twice))
    assert status == 2
    assert (
        err
        == f"itinerary: {twice}:7:8: stars[1].id: 'opening' is starred twice (first at stars[0])\n"
    )
    assert stars_of(tmp_path, "bob") == {}


@pytest.mark.parametrize("odd", ["\u2028", "\u2029", "\x85", "\x7f", "\x9b", "\r\n"])
def test_a_title_or_name_with_line_breaks_or_controls_stays_in_the_header_comment(odd):
    """YAML breaks lines at U+0085, U+2028 and U+2029 too, and refuses DEL and C1 anywhere: a
    title holding them made the rest of it YAML (a duplicate key) or the file unreadable."""
    data = dump(ES_FOMO)
    data["title"] = f"ES-FoMo{odd}owner: Mallory{odd}"
    program = validate(Program, data)
    state = State(program="es-fomo-2023", stars={"opening": Star(note="mine")})
    share = build_share(program, state, f"Ada{odd}stars: []", datetime.now(timezone.utc))
    text = render_share(share)
    comments = [line for line in text.splitlines() if line.startswith("#")]
    assert len(comments) == 2
    back = read_share(text.encode("utf-8"), "ada.itinerary.yaml", program)
    assert back.owner == share.owner and [s.id for s in back.stars] == ["opening"]


def test_share_never_replaces_a_colleagues_file_of_the_same_name(capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "star", "opening")[0] == 0
    received = tmp_path / "ada-lovelace.itinerary.yaml"
    received.write_text("# Ada's own file, received by mail\n")
    status, _, err = run(capsys, "share", "--name", "Ada Lovelace")
    assert status == 2 and "`itinerary share` did not write it here" in err
    assert received.read_text() == "# Ada's own file, received by mail\n"
    assert run(capsys, "share", "--name", "Grace Hopper")[0] == 0  # another name: another file
    assert run(capsys, "share", "--name", "Grace Hopper")[0] == 0  # its own file: replaced
    status, _, _ = run(capsys, "share", "--name", "Ada Lovelace", "-o", str(received))
    assert status == 0 and "owner: Ada Lovelace" in received.read_text()  # -o names it: replaced


def test_overlays_of_the_same_name_say_so_and_name_sets_another(capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    for who, item in (("ada", "opening"), ("alan", "happy-hour")):
        as_person(monkeypatch, tmp_path, who)
        assert run(capsys, "star", item)[0] == 0
        assert (
            run(capsys, "export", "-o", str(tmp_path / who / "es-fomo-2023-itinerary.ics"))[0] == 0
        )
    as_person(monkeypatch, tmp_path, "bob")
    first = tmp_path / "ada" / "es-fomo-2023-itinerary.ics"
    second = tmp_path / "alan" / "es-fomo-2023-itinerary.ics"
    assert run(capsys, "import", str(first), "--overlay")[0] == 0
    status, out, _ = run(capsys, "import", str(second), "--overlay")
    assert status == 0 and "this replaces the itinerary of 'es-fomo-2023-itinerary'" in out
    assert run(capsys, "import", str(first), "--overlay", "--name", "Ada Lovelace")[0] == 0
    assert run(capsys, "import", str(second), "--overlay", "--name", "Alan Lee")[0] == 0
    _, out, _ = run(capsys, "friends")
    assert "ALo  Ada Lovelace" in out and "ALe  Alan Lee" in out


def test_initials_tell_friends_apart():
    from itinerary.friends import initials_of

    assert initials_of(["Ada Lovelace", "Alan Lee", "Grace Hopper"]) == {
        "Ada Lovelace": "ALo", "Alan Lee": "ALe", "Grace Hopper": "GH"}  # fmt: skip
    assert initials_of(["Ada Lovelace", "Ada Lovelace (work)"]) == {
        "Ada Lovelace": "AL1", "Ada Lovelace (work)": "AL2"}  # fmt: skip
