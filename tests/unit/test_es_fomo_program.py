"""The shipped ES-FoMo program says what the seed page says, in the right instants."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from datetime import datetime, timezone

import pytest

from itinerary.model import Kind
from itinerary.program import default_program_path, load_program
from tests.conftest import ROOT, SHARED

SEED = SHARED / "seeds" / "000_115cf326b8234809.txt"


@pytest.fixture(scope="module")
def program():
    return load_program(ROOT / "program.yaml")


def utc(item_time: datetime) -> datetime:
    return item_time.astimezone(timezone.utc)


def test_the_shipped_program_is_the_root_program_yaml():
    assert default_program_path().read_bytes() == (ROOT / "program.yaml").read_bytes()


def test_counts(program):
    kinds = Counter(item.kind for item in program.items)
    assert len(program.items) == 72
    assert kinds[Kind.POSTER] == 53
    assert len(program.items) - kinds[Kind.POSTER] == 19
    assert kinds == {
        Kind.OPENING: 1,
        Kind.INVITED_TALK: 7,
        Kind.ORAL: 4,
        Kind.BREAK: 3,
        Kind.POSTER_SESSION: 1,
        Kind.POSTER: 53,
        Kind.PANEL: 1,
        Kind.AWARD: 1,
        Kind.SOCIAL: 1,
    }
    assert [s.title for s in program.sessions] == [
        "Session I: Large-Scale Distributed Pretraining",
        "Session II: Efficient Inference",
        "Session III: Deep Optimisation",
    ]
    assert len(program.organizers) == 7


def test_venue_zone_and_first_and_last_instants(program):
    assert program.timezone == "Pacific/Honolulu"
    first, last = program.in_time_order[0], program.in_time_order[-1]
    assert first.id == "opening"
    assert utc(first.starts) == datetime(2023, 7, 29, 18, 55, tzinfo=timezone.utc)
    venue_start = first.starts.astimezone(program.zone)
    assert (venue_start.hour, venue_start.minute, venue_start.tzname()) == (8, 55, "HST")
    assert venue_start.utcoffset().total_seconds() == -10 * 3600
    assert last.id == "happy-hour"
    assert utc(last.starts) == datetime(2023, 7, 30, 4, 0, tzinfo=timezone.utc)
    # "9:00 p.m. - 12:00 a.m." in UTC-7: the midnight that ends the day, 07:00Z on July 30.
    assert utc(last.ends) == datetime(2023, 7, 30, 7, 0, tzinfo=timezone.utc)
    assert (last.starts.astimezone(program.zone).hour, last.ends.astimezone(program.zone).hour) == (
        18,
        21,
    )


def test_every_time_is_an_aware_instant_held_in_utc(program):
    for item in program.items:
        assert item.starts.tzinfo.key == item.ends.tzinfo.key == "UTC"
        assert item.ends > item.starts


def test_posters_take_the_poster_session_times(program):
    session = program.get("poster-session")
    start, end = session.starts.astimezone(program.zone), session.ends.astimezone(program.zone)
    assert (start.hour, start.minute, end.hour, end.minute) == (13, 0, 14, 15)
    posters = [item for item in program.items if item.kind is Kind.POSTER]
    assert {(p.parent, p.starts, p.ends) for p in posters} == {
        ("poster-session", session.starts, session.ends)
    }


# Authors per poster, as the seed page lists them (checked against the page in review).
POSTER_AUTHORS = {
    "Mental Calibration": 5,
    "Predictive Pipelined Decoding": 5,
    "Generating Efficient Kernels": 4,
    "SpeedLimit": 5,
    "A Comprehensive Analysis": 6,
    "Less is More": 3,
    "Blockwise Parallel Transformer": 2,
    "SuperShaper": 4,
    "Continual Pre-Training": 8,
    "Implementing block-sparse": 5,
    "Looped Transformers": 4,
    "Accelerating LLM Inference": 2,
    "Test-Time Training for Speech": 3,
    "Towards Efficient World Models": 3,
    "The Framework Tax": 5,
    "Towards Structured Sparsity": 3,
    "H2O": 12,
    "Incrementally-Computable": 2,
    "Compositional Interfaces": 4,
    "ZipLM": 3,
    "Sophia": 5,
    "RapidBERT": 9,
    "UOTA": 4,
    "Cramming": 2,
    "SpecTr": 8,
    "Landmark Attention": 2,
    "Dissecting Efficient": 8,
    "MRMP": 1,
    "Progressive Knowledge Distillation": 5,
    "Language Models are Weak Learners": 3,
    "On Robustness-Accuracy": 5,
    "Training Diffusion Models": 5,
    "GPT-Zip": 6,
    "Reverse Distillation": 9,
    "A Simple and Effective Pruning": 4,
    "Incremental Low-Rank Learning": 5,
    "Deep Fusion": 3,
    "ROSA": 2,
    "Towards Fair Knowledge Distillation": 3,
    "Audio-Journey": 6,
    "Semi-supervised Tabular": 7,
    "BK-SDM": 4,
    "Transformers as Statisticians": 5,
    "Can Public Large Language Models": 8,
    "Reasoning Ability Emerges": 2,
    "Learned Thresholds": 2,
    "Three Towers": 10,
    "ViT Graph Head Attention": 3,
    "A Closer Look at In-Context": 2,
    "Large Language Models Are Implicitly Topic Models": 5,
    "Constant Memory Attention": 5,
    "Sequence Parallelism": 5,
    "Scaling In-Context Demonstrations": 5,
}


def test_every_poster_has_its_authors_and_an_abstract(program):
    posters = [item for item in program.items if item.kind is Kind.POSTER]
    assert len(POSTER_AUTHORS) == len(posters) == 53
    for prefix, count in POSTER_AUTHORS.items():
        (poster,) = [p for p in posters if p.title.startswith(prefix)]
        assert len(poster.people) == count, poster.title
        assert poster.abstract.strip(), poster.title
        assert poster.session is None and program.group_of(poster) == "poster-session"


def test_orals_and_talks(program):
    orals = [item for item in program.items if item.kind is Kind.ORAL]
    assert [len(o.people) for o in orals] == [5, 7, 4, 4]
    assert all(o.abstract.strip() for o in orals)
    assert [o.session for o in orals] == ["session-1", "session-1", "session-2", "session-2"]
    talks = [item for item in program.items if item.kind is Kind.INVITED_TALK]
    assert [(t.title, t.people[0].name, t.people[0].affiliation) for t in talks[:2]] == [
        ("Using Megatron to Train Large Language Models", "Deepak Narayanan", "Microsoft Research"),
        ("Distributed Systems for Decentralized AI", "Ce Zhang", "ETH/Together"),
    ]
    assert all(len(t.people) == 1 and t.people[0].affiliation for t in talks)
    assert [t.session for t in talks] == ["session-1"] * 3 + ["session-2"] * 2 + ["session-3"] * 2
    panel = program.get("panel-llm-tooling")
    assert [(p.name, p.affiliation) for p in panel.people] == [
        ("Anna Goldie", "Anthropic"),
        ("Rishi Bommasani", "Stanford University"),
        ("Susan Zhang", "Meta"),
        ("Emily Webber", "AWS"),
        ("James Bradbury", "Google"),
    ]


def test_latex_is_kept_as_written(program):
    assert any(r"$\mathsf{KV}$" in item.abstract for item in program.items)


def test_titles_carry_no_decorative_emoji(program):
    for item in [*program.items, *program.sessions]:
        assert unicodedata.category(item.title[0])[0] in "LN", item.title


def test_nothing_invented(program):
    assert all(item.room is None and item.url is None for item in program.items)


def test_ids_are_readable_slugs(program):
    for item in program.items:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", item.id), item.id
        assert len(item.id) <= 48


@pytest.mark.skipif(not SEED.exists(), reason=f"the seed page is not at {SEED}")
def test_text_matches_the_seed_page(program):
    """Titles, authors in order and abstracts appear verbatim on the page."""
    page = SEED.read_text(encoding="utf-8")
    for item in program.items:
        assert item.title in page, item.title
        if item.kind in (Kind.POSTER, Kind.ORAL):
            assert " · ".join(item.speakers) in page, item.title
            assert item.abstract in page, item.title
    # Not transcribed: "More from the Same Authors" lists other work by the organizers.
    assert "Fairness Without Demographics" in page
    assert not any("Fairness Without Demographics" in item.title for item in program.items)
