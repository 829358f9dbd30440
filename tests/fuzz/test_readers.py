"""Every reader of outside data, fed mutated files: the only outcomes allowed are a valid result
or our own error (an ItineraryError, which the faces print as one line), each input within a
time bound, and the person's state byte-identical after every refusal.

Seeds are real files of each kind; hypothesis mutates them (byte flips, truncation, deleted and
duplicated slices, odd values spliced in: huge numbers, year 1 and 9999, a wall time in a DST
gap, NUL, a BOM, control and bidi characters, a zone rule that repeats every second) and may
re-encode the result as UTF-16. Every input that once failed is kept in ``corpus/READER/`` and
replayed on every run. The quick profile runs in the test command; ``ITINERARY_FUZZ=long`` runs
a deeper one (see the README).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
import tempfile
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from itinerary.errors import ItineraryError
from itinerary.ics import build_calendar, next_versions, plan_events
from itinerary.program import default_program_path, load_program
from itinerary.selection import Star, State, star
from itinerary.share import build_share, read_share, render_share
from itinerary.storage import StateStore
from tests.conftest import DATA
from tests.fuzz.conftest import TRIED

CORPUS = Path(__file__).resolve().parent / "corpus"
LONG = os.environ.get("ITINERARY_FUZZ") == "long"
EXAMPLES = 3000 if LONG else 250
SECONDS_PER_INPUT = 20  # a hang is a failure; this is no measure of speed
ES_FOMO = load_program(default_program_path())
NOW = datetime(2026, 11, 27, 12, 0, tzinfo=timezone.utc)

SPLICES = [
    b"\x00", b"\xef\xbb\xbf", b"\xff\xfe", b"\x1b]2;pwned\x07", b"\x1b[31m", b"\xc2\x9b",
    b"\xe2\x80\xae", b"\xe2\x80\xa8", b"9" * 5000, b"-1", b"0001-01-01T00:00:00Z",
    b"9999-12-31T23:59:59-12:00", b"2026-03-29T02:30:00", b"20260329T023000",
    b"RRULE:FREQ=SECONDLY\r\n", b"BEGIN:VTIMEZONE\r\n", b"&lol;", b"<!DOCTYPE x [<!ENTITY a 'b'>]>",
    b"*a", b"&a [1]", b"{", b"]", b"\"", b"'", b"\n", b"\r\n ", b"DTSTART;VALUE=TIME:100000\r\n",
    b"X-ITINERARY-ITEMS:" + b"a" * 130, b"null", b"true", b"1e999", b"NaN", b"\\u0000",
]  # fmt: skip


def _seeds() -> dict[str, list[bytes]]:
    state = star(State(program=ES_FOMO.id), [ES_FOMO.get("opening")], note="mine")
    share = build_share(ES_FOMO, state, "Ada Lovelace", NOW)
    chosen = [(ES_FOMO.get("opening"), Star(note="front row")), (ES_FOMO.get("lunch-break"), None)]
    events = plan_events(ES_FOMO, chosen)
    from zoneinfo import ZoneInfo

    calendar = build_calendar(
        ES_FOMO, events, next_versions({}, events, NOW), ZoneInfo("Europe/Berlin"), now=NOW
    ).data
    schedules = DATA / "schedules"
    return {
        "program": [
            (DATA / "valid" / "minimal.yaml").read_bytes(),
            (schedules / "tinycon.xml").read_bytes(),
            (schedules / "tinycon.json").read_bytes(),
            (schedules / "tinycon.ics").read_bytes(),
        ],
        "share": [render_share(share).encode("utf-8"), calendar],
        "state": [_state_file(state)],
        "cache": [_cache_entry()],
        "words": [_cache_entry(".words")],
    }


def _state_file(state: State) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        store = StateStore(ES_FOMO.id, home=Path(folder))
        store.update(lambda _: state)
        return store.path.read_bytes()


MINIMAL = DATA / "valid" / "minimal.yaml"


def _cache_entry(kind: str = "") -> bytes:
    """The cache's entry for minimal.yaml (or, of kind ".words", its words), as written."""
    with tempfile.TemporaryDirectory() as folder, _small_cache(), _home(Path(folder)):
        load_program(MINIMAL)
        folder_of = Path(folder) / "cache" / "programs"
        (entry,) = [p for p in folder_of.glob("*.sqlite") if p.name.endswith(f"{kind}.sqlite")
                    and (kind or not p.name.endswith(".words.sqlite"))]  # fmt: skip
        return entry.read_bytes()


@contextlib.contextmanager
def _small_cache():
    """The cache keeps programs over 1 MB; these are small, so let it keep them too."""
    from itinerary import program_store

    threshold = program_store.CACHE_FROM_BYTES
    program_store.CACHE_FROM_BYTES = 100
    try:
        yield
    finally:
        program_store.CACHE_FROM_BYTES = threshold


@contextlib.contextmanager
def _home(folder: Path):
    before = os.environ.get("ITINERARY_HOME")
    os.environ["ITINERARY_HOME"] = str(folder)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("ITINERARY_HOME")
        else:
            os.environ["ITINERARY_HOME"] = before


SEEDS = _seeds()


@st.composite
def mutated(draw, reader: str) -> bytes:
    data = bytearray(draw(st.sampled_from(SEEDS[reader])))
    for _ in range(draw(st.integers(1, 6))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        end = min(len(data), at + draw(st.integers(1, 400)))
        match draw(st.sampled_from(["flip", "truncate", "delete", "duplicate", "splice"])):
            case "flip":
                data[at] ^= 1 << draw(st.integers(0, 7))
            case "truncate":
                del data[at:]
            case "delete":
                del data[at:end]
            case "duplicate":
                data[end:end] = data[at:end] * draw(st.integers(1, 50))
            case "splice":
                data[at:at] = draw(st.sampled_from(SPLICES))
    result = bytes(data)
    if draw(st.integers(0, 9)) == 0:  # now and then, the whole file in another encoding
        with contextlib.suppress(UnicodeDecodeError):
            result = result.decode("utf-8").encode("utf-16")
    return result


class Hang(Exception):
    pass


@contextlib.contextmanager
def time_bound():
    def stop(signum, frame):
        raise Hang(f"no answer within {SECONDS_PER_INPUT} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(SECONDS_PER_INPUT)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def keep_in_corpus(reader: str, data: bytes) -> Path:
    folder = CORPUS / reader
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{hashlib.sha256(data).hexdigest()[:16]}.bin"
    path.write_bytes(data)
    return path


def corpus(reader: str) -> list[Path]:
    folder = CORPUS / reader
    return sorted(folder.glob("*.bin")) if folder.is_dir() else []


# --- the readers --------------------------------------------------------------------------


def read_as_program(data: bytes, tmp: Path) -> None:
    path = tmp / "program.in"
    path.write_bytes(data)
    load_program(path, "Europe/Berlin")


def read_as_share(data: bytes, tmp: Path) -> None:
    """As `itinerary import` does: read, then match; the state must not change on a refusal."""
    from itinerary.share_import import match_share

    store = StateStore(ES_FOMO.id, home=tmp / "home")
    store.update(lambda state: star(state, [ES_FOMO.get("opening")], note="mine"))
    before = store.path.read_bytes()
    try:
        share = read_share(data, "fuzzed", ES_FOMO)
        match_share(share, ES_FOMO, "fuzzed")
        str(share.written.astimezone(ES_FOMO.zone))  # shown in a zone: must not overflow
    finally:
        assert store.path.read_bytes() == before


def read_as_state(data: bytes, tmp: Path) -> None:
    """A damaged state file: read (perhaps set aside), never emptied in place."""
    store = StateStore(ES_FOMO.id, home=tmp / "home")
    store.directory.mkdir(parents=True, exist_ok=True)
    store.path.write_bytes(data)
    state = store.load()
    if store.notices:  # set aside: the bytes are kept, under another name
        (aside,) = store.directory.glob("*.unreadable-*")
        assert aside.read_bytes() == data
    assert state.program == ES_FOMO.id


def read_as_cache(data: bytes, tmp: Path) -> None:
    """A damaged cache entry: either what the file holds, or passed over; never another."""
    from itinerary import program_store
    from itinerary.datafile import parse_program

    expected = parse_program(MINIMAL.read_bytes(), str(MINIMAL))
    with _small_cache(), _home(tmp):
        # Named for what it holds: the reader behind the name's digest is what is fuzzed.
        path = program_store.entry_path(program_store.cache_key(MINIMAL.read_bytes(), None), data)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        assert load_program(MINIMAL) == expected


def read_as_words(data: bytes, tmp: Path) -> None:
    """A damaged words entry beside a good one: a search finds what the items' own finds."""
    from itinerary import program_store
    from itinerary.search import filter_items

    with _small_cache(), _home(tmp):
        expected = load_program(MINIMAL)  # the program and its words, as written
        key = program_store.cache_key(MINIMAL.read_bytes(), None)
        for written in program_store.entries_for(key, program_store.WORDS):
            written.unlink()
        # Named for what it holds: the reader behind the name's digest is what is fuzzed.
        program_store.entry_path(key, data, program_store.WORDS).write_bytes(data)
        program = load_program(MINIMAL)
        for text in ("talk", "a", "opening keynote", "zz"):
            found = filter_items(program.items, text=text, stored=program.stored_search)
            assert found == filter_items(expected.items, text=text)


READERS = {
    "program": read_as_program,
    "share": read_as_share,
    "state": read_as_state,
    "cache": read_as_cache,
    "words": read_as_words,
}


def attempt(reader: str, data: bytes, tmp: Path) -> None:
    """The one rule: a result or our own error, in bounded time; anything else is kept."""
    TRIED[reader] += 1
    try:
        with time_bound():
            READERS[reader](data, tmp)
    except ItineraryError:
        pass
    except BaseException as error:
        if isinstance(error, KeyboardInterrupt):
            raise
        kept = keep_in_corpus(reader, data)
        message = f"{reader} reader: {type(error).__name__}: {error} (kept in {kept})"
        raise AssertionError(message) from error


@pytest.mark.parametrize("reader", sorted(READERS))
def test_mutated_inputs_give_a_result_or_our_own_error(reader, tmp_path_factory):
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        derandomize=not LONG,  # the quick profile is the same on every run: CI never flakes
    )
    @given(mutated(reader))
    def check(data: bytes) -> None:
        attempt(reader, data, tmp_path_factory.mktemp(reader))

    check()


@pytest.mark.parametrize("reader", sorted(READERS))
def test_every_input_that_once_failed_still_gives_a_result_or_our_own_error(reader, tmp_path):
    for path in corpus(reader):
        (tmp_path / path.stem).mkdir()
        attempt(reader, path.read_bytes(), tmp_path / path.stem)
