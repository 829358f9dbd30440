"""Big programs are kept, once validated, in a cache that speeds up the next start and never
changes what is loaded."""

from __future__ import annotations

import pytest
import yaml

from itinerary import program as program_module
from itinerary.program import load_program
from itinerary.storage import cache_dir
from tests.factories import synthetic_program_data


@pytest.fixture(autouse=True)
def _small_threshold(monkeypatch):
    # The real threshold is 1 MB; a smaller one keeps these tests fast with the same logic.
    monkeypatch.setattr(program_module, "CACHE_FROM_BYTES", 20_000)


def big_program(tmp_path, count=200):
    path = tmp_path / "big.yaml"
    path.write_text(yaml.safe_dump(synthetic_program_data(count), sort_keys=False))
    assert path.stat().st_size > program_module.CACHE_FROM_BYTES
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

    monkeypatch.setattr(program_module, "CACHE_FROM_BYTES", 1024 * 1024)  # the real threshold
    load_program(default_program_path())
    assert not (cache_dir() / "programs").exists()
