"""Big programs are kept, once validated, in a cache that speeds up the next start and never
changes what is loaded."""

from __future__ import annotations

import pytest
import yaml

from itinerary import program_cache
from itinerary.paths import cache_dir
from itinerary.program import load_program
from tests.factories import synthetic_program_data


@pytest.fixture(autouse=True)
def _small_threshold(monkeypatch):
    # The real threshold is 1 MB; a smaller one keeps these tests fast with the same logic.
    monkeypatch.setattr(program_cache, "CACHE_FROM_BYTES", 20_000)


def big_program(tmp_path, count=200):
    path = tmp_path / "big.yaml"
    path.write_text(yaml.safe_dump(synthetic_program_data(count), sort_keys=False))
    assert path.stat().st_size > program_cache.CACHE_FROM_BYTES
    return path


def test_a_big_program_is_cached_and_loads_the_same(tmp_path):
    path = big_program(tmp_path)
    first = load_program(path)
    (cached,) = (cache_dir() / "programs").glob("*.json")
    again = load_program(path)
    assert again == first
    assert [i.starts for i in again.items] == [i.starts for i in first.items]
    assert again.items[3].starts.tzinfo is first.items[3].starts.tzinfo
    # A damaged cache is ignored, not trusted.
    cached.write_text("{ not json")
    assert load_program(path) == first


def test_a_changed_program_is_read_again(tmp_path):
    path = big_program(tmp_path)
    load_program(path)
    data = yaml.safe_load(path.read_text())
    data["title"] = "Renamed"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    assert load_program(path).title == "Renamed"
    assert len(list((cache_dir() / "programs").glob("*.json"))) == 2


def test_small_programs_are_not_cached(monkeypatch):
    from itinerary.program import default_program_path

    monkeypatch.setattr(program_cache, "CACHE_FROM_BYTES", 1024 * 1024)  # the real threshold
    load_program(default_program_path())
    assert not (cache_dir() / "programs").exists()


def test_another_programs_entry_copied_over_this_ones_is_passed_over(tmp_path):
    one = load_program(big_program(tmp_path))
    (entry,) = (cache_dir() / "programs").glob("*.json")
    other_dir = tmp_path / "other"
    other_dir.mkdir()
    data = synthetic_program_data(200, seed=7)
    data["title"] = "Another conference"
    other = other_dir / "big.yaml"
    other.write_text(yaml.safe_dump(data, sort_keys=False))
    load_program(other)
    (other_entry,) = [p for p in (cache_dir() / "programs").glob("*.json") if p != entry]
    entry.write_bytes(other_entry.read_bytes())  # the wrong program under this one's name
    again = load_program(tmp_path / "big.yaml")
    assert again == one and again.title != "Another conference"


def test_the_zone_is_part_of_the_key_with_a_separator(tmp_path):
    """Bytes ending in "U" read with zone "TC" were the key of the same bytes with "UTC"."""
    key = program_cache.cache_key
    assert key(b"dataU", "TC").digest != key(b"data", "UTC").digest
    assert key(b"data", None).digest == key(b"data", "").digest


@pytest.mark.parametrize("odd", ["symlink", "fifo", "dev-zero"])
def test_a_cache_entry_that_is_not_a_file_is_never_followed(tmp_path, odd):
    import os
    import subprocess
    import sys

    path = big_program(tmp_path)
    first = load_program(path)
    (entry,) = (cache_dir() / "programs").glob("*.json")
    decoy = tmp_path / "decoy.json"
    decoy.write_bytes(entry.read_bytes())
    entry.unlink()
    if odd == "symlink":
        entry.symlink_to(decoy)
    elif odd == "fifo":
        os.mkfifo(entry)
    else:
        entry.symlink_to("/dev/zero")
    # In a child with a time limit: a followed FIFO would hang, /dev/zero would fill memory.
    code = (
        "import sys; from itinerary import program as p, program_cache as c; "
        f"c.CACHE_FROM_BYTES = 20_000; print(p.load_program({str(path)!r}).title)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, env={**os.environ})  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == first.title
    # The odd entry was replaced by a file of the cache's own; what it pointed at is untouched.
    assert entry.is_file() and not entry.is_symlink()
    assert decoy.read_bytes().startswith(entry.read_bytes()[:64])
