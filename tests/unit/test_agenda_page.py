"""The agenda as a day's timeline: its layout, its HTML and Markdown, and the HTML page in a real
headless Chromium (the system's; skipped with the reason where it is not installed, a failure
under CI, whose .ci/run installs it)."""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import subprocess
import threading
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from itinerary.agenda_page import html_agenda, markdown_agenda
from itinerary.cli import main
from itinerary.day_plan import day_plans, hours_of
from itinerary.model import Program
from itinerary.selection import Star, Starred
from itinerary.validation import dump, validate
from itinerary.vocabulary import Priority

BERLIN = ZoneInfo("Europe/Berlin")
HOSTILE = '<script>alert("x")</script> **bold** [link](https://evil.example) \u202eevil'


def item(item_id, start, end, **more):
    return {
        "id": item_id, "kind": more.pop("kind", "talk"), "title": more.pop("title", item_id),
        "start": f"2026-05-04T{start}:00+02:00", "end": f"2026-05-04T{end}:00+02:00", **more,
    }  # fmt: skip


PROGRAM = validate(Program, {
    "id": "day", "title": "Day Conf", "timezone": "Europe/Berlin",
    "items": [
        item("keynote", "09:00", "10:00", kind="keynote", room="Hall A"),
        item("workshop", "09:30", "11:00", kind="workshop", room="Hall B", title=HOSTILE),
        item("talk", "09:45", "10:15", room="Hall C"),
        item("lunch", "12:00", "13:00", kind="break"),
        item("posters", "14:00", "15:30", kind="poster-session"),
        {"id": "p1", "kind": "poster", "title": "Poster one", "parent": "posters"},
        {"id": "p2", "kind": "poster", "title": "Poster two", "parent": "posters"},
        item("party", "23:00", "23:59", kind="social", room="Bar"),
    ],
})  # fmt: skip


def chosen(*ids, maybe=()):
    return [
        Starred(PROGRAM.get(i), Star(priority=Priority.MAYBE if i in maybe else Priority.MUST))
        for i in sorted(ids, key=lambda i: (PROGRAM.get(i).starts, PROGRAM.get(i).ends))
    ]


def test_overlapping_items_share_lanes_and_the_rest_have_the_width():
    (plan,) = day_plans(PROGRAM, chosen("keynote", "workshop", "talk", "lunch"), BERLIN,
                        {"keynote", "workshop", "talk"})  # fmt: skip
    lanes = {block.item.id: (block.lane, block.lanes) for block in plan.blocks}
    # 09:00-10:00, 09:30-11:00 and 09:45-10:15 all overlap: three lanes; lunch alone.
    assert lanes == {"keynote": (0, 3), "workshop": (1, 3), "talk": (2, 3), "lunch": (0, 1)}
    assert [b.clashes for b in plan.blocks] == [True, True, True, False]
    assert (plan.start.hour, plan.end.hour) == (9, 13)
    assert [(a.astimezone(BERLIN).hour, b.astimezone(BERLIN).hour) for a, b in plan.gaps] == [
        (11, 12)]  # fmt: skip
    assert [hour.hour for hour in hours_of(plan)] == [9, 10, 11, 12, 13]


def test_a_lane_freed_is_taken_again():
    items = chosen("keynote", "talk", "lunch")
    (plan,) = day_plans(PROGRAM, items, BERLIN)
    assert [(b.lane, b.lanes) for b in plan.blocks] == [(0, 2), (1, 2), (0, 1)]


def test_posters_are_listed_in_their_session_even_when_it_is_not_starred():
    (plan,) = day_plans(PROGRAM, chosen("p1", "p2"), BERLIN)
    (block,) = plan.blocks
    assert block.item.id == "posters" and block.star is None
    assert [p.item.id for p in block.posters] == ["p1", "p2"]


def test_the_day_is_the_display_zones():
    # 23:00 in Berlin on the 4th is 06:00 on the 5th in Tokyo.
    plans = day_plans(PROGRAM, chosen("keynote", "party"), ZoneInfo("Asia/Tokyo"))
    assert [(p.day.isoformat(), [b.item.id for b in p.blocks]) for p in plans] == [
        ("2026-05-04", ["keynote"]), ("2026-05-05", ["party"])]  # fmt: skip


def test_program_text_is_escaped_in_both_formats():
    plans = day_plans(PROGRAM, chosen("workshop"), BERLIN)
    page = html_agenda(PROGRAM, plans, BERLIN, 1, 0)
    assert "<script>" not in page and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "\u202e" not in page
    text = markdown_agenda(PROGRAM, plans, BERLIN, 1, 0)
    assert "&lt;script>" in text and "\\*\\*bold\\*\\*" in text
    assert "\\[link\\](https://evil.example)" in text and "\u202e" not in text


def test_the_command_writes_the_page(tmp_path, capsys):
    path = tmp_path / "day.yaml"
    path.write_text(json.dumps(dump(PROGRAM)), encoding="utf-8")
    base = ["--program", str(path)]
    assert main([*base, "star", "keynote", "talk", "p1"]) == 0
    assert main([*base, "agenda", "--tz", "Europe/Berlin", "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert "## Monday 04 May 2026" in out
    assert "- ★ **09:00–10:00 CEST** keynote · Hall A · ⚠ clash" in out
    page = tmp_path / "agenda.html"
    argv = [*base, "agenda", "--tz", "Europe/Berlin", "--format", "html", "-o", str(page)]
    assert main(argv) == 0
    assert capsys.readouterr().out == f"Wrote the html agenda of 3 items to {page}\n"
    assert page.read_text(encoding="utf-8").startswith("<!doctype html>")
    assert main([*base, "agenda", "--format", "html", "-o", str(tmp_path)]) == 2
    assert "it is a folder" in capsys.readouterr().err


# --- in a real browser ----------------------------------------------------------------------

HARNESS = """<!doctype html><html><body>
<iframe id="phone" src="agenda.html" style="width:390px;height:800px"></iframe>
<iframe id="desk" src="agenda.html" style="width:1000px;height:800px"></iframe>
<pre id="result">pending</pre>
<script>
let loaded = 0;
function measure() {
  const out = {};
  for (const id of ["phone", "desk"]) {
    const doc = document.getElementById(id).contentDocument;
    const boxes = {};
    for (const el of doc.querySelectorAll("article[data-item]")) {
      const r = el.getBoundingClientRect();
      boxes[el.dataset.item] = [r.left, r.top, r.right, r.bottom];
    }
    out[id] = {boxes, scrollWidth: doc.documentElement.scrollWidth,
               clientWidth: doc.documentElement.clientWidth,
               scripts: doc.scripts.length, text: doc.body.innerText};
  }
  document.getElementById("result").textContent = JSON.stringify(out);
}
for (const id of ["phone", "desk"]) {
  document.getElementById(id).addEventListener("load", () => { if (++loaded === 2) measure(); });
}
</script></body></html>"""


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed (.ci/run installs it)")
        pytest.skip("chromium is not installed: the HTML agenda is checked in it")
    return found


@pytest.fixture
def served(tmp_path):
    """The folder on a real HTTP server on 127.0.0.1 (one origin: the harness can measure)."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield tmp_path, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def run_chromium(*argv: str, home: Path) -> subprocess.CompletedProcess[str]:
    flags = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
             f"--user-data-dir={home}", "--hide-scrollbars"]  # fmt: skip
    return subprocess.run([chromium(), *flags, *argv], capture_output=True, text=True,
                          timeout=120, check=False)  # fmt: skip


def test_the_page_in_chromium(served):
    folder, url = served
    plans = day_plans(PROGRAM, chosen("keynote", "workshop", "talk", "lunch", "p1", "p2"),
                      BERLIN, {"keynote", "workshop", "talk"})  # fmt: skip
    (folder / "agenda.html").write_text(html_agenda(PROGRAM, plans, BERLIN, 6, 3), "utf-8")
    (folder / "harness.html").write_text(HARNESS, "utf-8")
    done = run_chromium("--virtual-time-budget=10000", "--dump-dom", f"{url}/harness.html",
                        home=folder / "profile")  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    start = done.stdout.index('<pre id="result">') + len('<pre id="result">')
    import html as html_module

    result = json.loads(html_module.unescape(done.stdout[start : done.stdout.index("</pre>")]))
    for view in ("phone", "desk"):
        measured = result[view]
        assert measured["scripts"] == 0  # the page runs nothing
        assert measured["scrollWidth"] <= measured["clientWidth"], view  # no sideways scrolling
        assert HOSTILE.replace("\u202e", "\ufffd") in measured["text"]  # shown as text
        boxes = measured["boxes"]
        keynote, workshop, talk = boxes["keynote"], boxes["workshop"], boxes["talk"]
        # Side by side: left to right without overlapping, and at the same time of day.
        assert keynote[2] <= workshop[0] + 0.5 and workshop[2] <= talk[0] + 0.5, view
        assert keynote[1] < workshop[1] < talk[1] < keynote[3], view
        assert boxes["lunch"][1] > workshop[3], view  # after, below
        assert "Poster one" in measured["text"] and "Poster two" in measured["text"]
    shot = folder / "agenda.png"
    done = run_chromium(f"--screenshot={shot}", "--window-size=1000,1400", f"{url}/agenda.html",
                        home=folder / "profile2")  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
