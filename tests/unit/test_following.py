"""Following a conference against a real HTTP server on 127.0.0.1: add by URL, update with
real 304s (and servers that never send one, or weaken the ETag), and the change report after
each edit of a real schedule; stars follow moved talks and the calendar carries the new times
and the cancellation. Nothing is mocked."""

from __future__ import annotations

import copy
import http.server
import json
import os
import shutil
import ssl
import subprocess
import sys
import threading
from pathlib import Path

import icalendar
import pytest

from itinerary import __version__
from itinerary.cli import main
from tests.conftest import ROOT

FIXTURES = Path(
    os.environ.get("ITINERARY_FIXTURES") or ROOT.parent / "shared" / "fixtures" / "schedules"
)
pytestmark = pytest.mark.skipif(
    not (FIXTURES / "pretalx-democon.json").is_file(),
    reason=f"the shared schedule fixtures are not at {FIXTURES} (set ITINERARY_FIXTURES)",
)

# Events of DemoCon (pretalx): their guids are the item ids.
MOVED = "8079583e-8321-506c-95af-fd2903a5f075"  # Focused 5thgeneration hardware, 08:00 UTC
ROOMED = "3a74bb53-ef1a-57ce-9ba7-904d27e9eb5f"  # Managed stable function, Tan Room
REMOVED = "2d64f8e2-26ee-529f-b5ab-3b3f326e31b9"  # Quality-focused 6thgeneration website


def democon() -> dict:
    return json.loads((FIXTURES / "pretalx-democon.json").read_bytes())


def events(schedule: dict):
    for day in schedule["schedule"]["conference"]["days"]:
        for room, talks in day["rooms"].items():
            for talk in talks:
                yield day, room, talk


def edited(schedule: dict, change) -> bytes:
    schedule = copy.deepcopy(schedule)
    change(schedule)
    return json.dumps(schedule, indent=1).encode()


def talk(schedule: dict, guid: str) -> dict:
    return next(t for _, _, t in events(schedule) if t["guid"] == guid)


def move(schedule: dict) -> None:
    talk(schedule, MOVED)["date"] = "2020-12-14T15:00:00+01:00"  # 08:00 UTC → 14:00 UTC


def change_room(schedule: dict) -> None:
    for day in schedule["schedule"]["conference"]["days"]:
        for item in [t for talks in day["rooms"].values() for t in talks]:
            if item["guid"] == ROOMED:
                item["room"] = "Gray Room"
                day["rooms"]["Tan Room"].remove(item)
                day["rooms"].setdefault("Gray Room", []).append(item)
                return


def remove(schedule: dict) -> None:
    for day in schedule["schedule"]["conference"]["days"]:
        for talks in day["rooms"].values():
            talks[:] = [t for t in talks if t["guid"] != REMOVED]


def add_one(schedule: dict) -> None:
    day = schedule["schedule"]["conference"]["days"][0]
    new = copy.deepcopy(next(iter(day["rooms"].values()))[0])
    new.update(guid="11111111-2222-3333-4444-555555555555", id=999, title="A late addition",
               slug="democon-999-late")  # fmt: skip
    next(iter(day["rooms"].values())).append(new)


def last_guid(schedule: dict) -> str:
    return list(events(schedule))[-1][2]["guid"]


def retitle(schedule: dict) -> None:
    talk(schedule, last_guid(schedule))["title"] = "A better title"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def run_json(capsys, *argv: str):
    status, out, err = run(capsys, *argv)
    assert status == 0, err
    return json.loads(out)


def home() -> Path:
    return Path(os.environ["ITINERARY_HOME"])


def snapshot() -> dict[str, bytes]:
    """Every file under the home, with its bytes (what "nothing changed on disk" compares);
    not the cache, which holds every program read, valid or refused, and loses nothing."""
    return {
        str(p.relative_to(home())): p.read_bytes()
        for p in sorted(home().rglob("*"))
        if p.is_file() and not p.name.endswith(".lock") and p.parts[len(home().parts)] != "cache"
    }


def test_add_by_url_makes_it_current_and_a_304_is_unchanged(capsys, schedule_server):
    url = schedule_server.serve(
        "/democon/schedule.json", (FIXTURES / "pretalx-democon.json").read_bytes()
    )
    status, out, err = run(capsys, "add", url)
    assert status == 0, err
    assert out.startswith("Added democon: DemoCon (36 items), Mon 2020-12-14 08:00 UTC")
    assert schedule_server.requests[0].headers["User-Agent"].startswith(f"itinerary/{__version__}")
    # Every command now opens it, without --program.
    items = run_json(capsys, "list", "--json")
    assert len(items) == 36 and MOVED in {i["id"] for i in items}
    listed = run_json(capsys, "programs", "--json")
    assert [(p["id"], p["current"], p["builtin"]) for p in listed] == [
        ("es-fomo-2023", False, True),
        ("democon", True, False),
    ]
    assert listed[1]["source"] == url and listed[1]["etag"].startswith('"')
    status, out, err = run(capsys, "update")
    assert status == 0, err
    assert out.startswith("democon: unchanged (not modified (304)); checked ")
    sent = schedule_server.asked("/democon/schedule.json")[-1].headers
    assert sent["If-None-Match"] == listed[1]["etag"]  # exactly as received
    assert sent["If-Modified-Since"] == "Tue, 14 Nov 2023 22:13:20 GMT"


def test_the_report_follows_three_updates_against_what_was_seen(capsys, schedule_server, tmp_path):
    original = democon()
    path = "/democon/schedule.json"
    url = schedule_server.serve(path, edited(original, lambda s: None))
    assert run(capsys, "add", url)[0] == 0
    assert run(capsys, "star", MOVED, REMOVED, ROOMED, "--note", "go")[0] == 0
    ics = tmp_path / "mine.ics"
    assert run(capsys, "export", "-o", str(ics), "--tz", "Europe/Berlin")[0] == 0

    # 1: a talk moved.
    schedule_server.serve(path, edited(original, move))
    status, out, err = run(capsys, "update", "--tz", "Europe/Berlin")
    assert status == 0, err
    assert "democon: updated (new version)" in out
    # Every change is to an item already over (2020): left out, and said, unless --all.
    assert "1 change to items already over left out; `itinerary changes --all` shows them" in out
    status, out, _ = run(capsys, "changes", "--all", "--tz", "Europe/Berlin")
    assert "Your picks (1 item):" in out
    assert (
        "moved:          Mon 2020-12-14 09:00–09:30 CET (Europe/Berlin) → "
        "Mon 2020-12-14 15:00–15:30 CET (Europe/Berlin)" in out
    )
    # 2: a room changed, a talk removed, one added; the report is still against what was seen.
    schedule_server.serve(path, edited(original, lambda s: (move(s), change_room(s), remove(s),
                                                            add_one(s))))  # fmt: skip
    assert run(capsys, "update")[0] == 0
    report = run_json(capsys, "changes", "--json", "--all", "--tz", "UTC")
    by_id = {change["id"]: change for change in report["changes"]}
    assert by_id[MOVED]["changes"] == ["moved"]
    assert by_id[MOVED]["old"]["start"] == "2020-12-14T08:00:00+00:00"
    assert by_id[MOVED]["new"]["start"] == "2020-12-14T14:00:00+00:00"
    assert by_id[ROOMED]["changes"] == ["room"]
    assert (by_id[ROOMED]["old"]["room"], by_id[ROOMED]["new"]["room"]) == ("Tan Room", "Gray Room")
    assert by_id[REMOVED]["changes"] == ["cancelled"] and by_id[REMOVED]["new"] is None
    assert all(change["starred"] for change in report["changes"])
    assert report["new_items"] == 1
    # Stars follow the moved talk, and the cancelled one's star is kept.
    agenda = run_json(capsys, "agenda", "--json", "--tz", "UTC")
    assert {i["id"]: i["start"] for i in agenda}[MOVED] == "2020-12-14T14:00:00+00:00"
    _, out, err = run(capsys, "agenda")
    assert "1 starred item is not in this program" in out + err
    # The calendar: the new time, a higher SEQUENCE, and the cancellation.
    status, out, err = run(capsys, "export", "-o", str(ics), "--tz", "Europe/Berlin")
    assert status == 0, err
    assert "(1 of them cancelled: gone from the program)" in out
    calendar = icalendar.Calendar.from_ical(ics.read_bytes())
    vevents = {str(e["uid"]).split("@")[0]: e for e in calendar.walk("VEVENT")}
    assert vevents[MOVED].decoded("dtstart").isoformat() == "2020-12-14T15:00:00+01:00"
    assert int(vevents[MOVED]["sequence"]) == 1
    assert str(vevents[REMOVED]["status"]) == "CANCELLED"
    assert int(vevents[REMOVED]["sequence"]) == 1
    assert "status" not in vevents[ROOMED] and int(vevents[ROOMED]["sequence"]) == 1
    # Exported again unchanged: the cancellation keeps its SEQUENCE.
    assert run(capsys, "export", "-o", str(ics))[0] == 0
    again = icalendar.Calendar.from_ical(ics.read_bytes())
    assert {int(e["sequence"]) for e in again.walk("VEVENT") if REMOVED in str(e["uid"])} == {1}

    # Seen: the next report is empty.
    status, out, _ = run(capsys, "changes", "--seen", "--all")
    assert "Marked as seen" in out
    assert "no changes since you last looked" in run(capsys, "changes", "--all")[1]
    # 3: a talk nobody starred retitled: under "Other items", after the picks.
    schedule_server.serve(path, edited(original, lambda s: (move(s), change_room(s), remove(s),
                                                            add_one(s), retitle(s))))  # fmt: skip
    assert run(capsys, "update")[0] == 0
    report = run_json(capsys, "changes", "--json", "--all")
    assert [(c["id"], c["changes"], c["starred"]) for c in report["changes"]] == [
        (last_guid(original), ["retitled"], False)
    ]
    assert report["changes"][0]["new"]["title"] == "A better title"
    assert report["new_items"] == 0


def test_a_weak_etag_and_a_server_that_never_answers_304_are_unchanged(capsys, schedule_server):
    body = (FIXTURES / "pretalx-democon.json").read_bytes()
    weak = schedule_server.serve("/weak.json", body, weak=True, honours_304=False, gzip=True)
    assert run(capsys, "add", weak)[0] == 0
    status, out, err = run(capsys, "update")
    assert status == 0, err
    assert out.startswith("democon: unchanged (the same file)")
    assert schedule_server.asked("/weak.json")[-1].headers["If-None-Match"].startswith('W/"')
    # The same program in other bytes (regenerated, reformatted): unchanged too.
    schedule_server.serve("/weak.json", json.dumps(json.loads(body)).encode(), honours_304=False)
    status, out, err = run(capsys, "update", "democon")
    assert status == 0, err
    assert out.startswith("democon: unchanged (the same program)")


def test_a_redirect_chain_is_followed_and_the_final_url_said(capsys, schedule_server):
    target = schedule_server.serve("/real.json", (FIXTURES / "pretalx-democon.json").read_bytes())
    for hop in range(3, 0, -1):
        nxt = target if hop == 3 else schedule_server.url(f"/hop{hop + 1}")
        schedule_server.serve(f"/hop{hop}", redirect_to=nxt)
    status, out, err = run(capsys, "add", schedule_server.url("/hop1"), "--id", "demo")
    assert status == 0, err
    assert f"(redirected to {target})" in out
    assert run_json(capsys, "programs", "--json")[1]["id"] == "demo"


@pytest.mark.parametrize(
    ("route", "cause"),
    [
        ({"status": 500}, "the server failed (500 Internal Server Error)"),
        ({"status": 404}, "no such page on the server (404 Not Found)"),
        ({"status": 401}, "401 Unauthorized"),
        ({"status": 403}, "403 Forbidden"),
        ({"hang": True}, "timed out"),
        ({"endless": True}, "more than a schedule may be"),
        (
            {
                "body": b"<!DOCTYPE html><html><body>schedule</body></html>",
                "content_type": "text/html",
            },
            "an HTML page, not a schedule",
        ),
    ],
)
def test_a_failed_update_is_one_line_and_keeps_the_stored_copy(
    capsys, schedule_server, route, cause
):
    url = schedule_server.serve("/s.json", (FIXTURES / "pretalx-democon.json").read_bytes())
    assert run(capsys, "add", url)[0] == 0
    before = snapshot()
    schedule_server.routes["/s.json"] = type(schedule_server.routes["/s.json"])(**route)
    status, _, err = run(capsys, "update")
    assert status == 2
    assert err.count("\n") == 1 and err.startswith(f"itinerary: {url}") and cause in err, err
    assert snapshot() == before
    assert len(run_json(capsys, "list", "--json")) == 36  # the stored copy is still used


def test_more_than_five_redirects_and_no_server_add_nothing(capsys, schedule_server):
    for hop in range(1, 8):
        schedule_server.serve(f"/loop{hop}", redirect_to=schedule_server.url(f"/loop{hop + 1}"))
    status, _, err = run(capsys, "add", schedule_server.url("/loop1"))
    assert status == 2 and "more than 5 redirects" in err
    import socket

    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    status, _, err = run(capsys, "add", f"http://127.0.0.1:{port}/schedule.json")
    assert status == 2 and "the connection was refused" in err, err
    status, _, err = run(capsys, "add", "http://no-such-host.invalid/schedule.json")
    assert status == 2 and err.startswith("itinerary: http://no-such-host.invalid/schedule.json: ")
    assert err.count("\n") == 1
    schedule_server.serve("/always-304", status=304)
    status, _, err = run(capsys, "add", schedule_server.url("/always-304"))
    assert status == 2 and "answered 304 Not Modified to a first request" in err, err
    assert not (home() / "programs" / "registry.json").exists()


def test_another_conference_or_a_broken_version_keeps_the_copy(capsys, schedule_server):
    url = schedule_server.serve("/s", (FIXTURES / "pretalx-democon.json").read_bytes())
    assert run(capsys, "add", url)[0] == 0
    before = snapshot()
    schedule_server.serve("/s", (FIXTURES / "debconf23.xml").read_bytes())
    status, _, err = run(capsys, "update")
    assert status == 2 and "now serves another conference" in err and "kept" in err, err
    schedule_server.serve("/s", (FIXTURES / "pretalx-democon.json").read_bytes()[:5000])
    status, _, err = run(capsys, "update")
    assert status == 2 and "the new version is not a valid program" in err, err
    assert snapshot() == before


def test_program_tz_is_remembered_and_use_and_remove(capsys, schedule_server):
    xml = (FIXTURES / "fosdem_2021.xml").read_bytes()
    url = schedule_server.serve("/fosdem.xml", xml, content_type="application/xml")
    status, _, err = run(capsys, "add", url)
    assert status == 2 and "--program-tz" in err  # the file names no zone
    assert run(capsys, "add", url, "--program-tz", "Europe/Brussels")[0] == 0
    shown = run_json(capsys, "show", "11795", "--json")
    assert shown["venue_timezone"] == "Europe/Brussels"
    # Given after the command name, for a registered id: remembered for it.
    assert run(capsys, "list", "--program", "fosdem-2021", "--program-tz", "Europe/Paris")[0] == 0
    assert run_json(capsys, "programs", "--json")[1]["program_tz"] == "Europe/Paris"
    # Before it, for the current program: remembered too.
    assert run(capsys, "--program-tz", "Europe/Brussels", "list")[0] == 0
    assert run_json(capsys, "programs", "--json")[1]["program_tz"] == "Europe/Brussels"
    assert run(capsys, "star", "11795")[0] == 0
    assert run(capsys, "use", "es-fomo-2023")[1] == (
        "Now using es-fomo-2023: the ES-FoMo program shipped with itinerary.\n"
    )
    assert len(run_json(capsys, "list", "--json")) == 72
    assert len(run_json(capsys, "list", "--json", "--program", "fosdem-2021")) > 700
    status, out, _ = run(capsys, "remove", "fosdem-2021")
    assert f"Your 1 star is kept in {home() / 'state' / 'fosdem-2021.yaml'}: back if" in out
    assert (home() / "state" / "fosdem-2021.yaml").exists()
    assert not (home() / "programs" / "fosdem-2021").exists()
    status, _, err = run(capsys, "use", "fosdem-2021")
    assert status == 2 and "no program 'fosdem-2021' is registered" in err
    assert run(capsys, "add", url, "--program-tz", "Europe/Brussels")[0] == 0
    assert run_json(capsys, "agenda", "--json")[0]["id"] == "11795"  # the star came back
    status, _, err = run(capsys, "remove", "es-fomo-2023")
    assert status == 2 and err == (
        "itinerary: 'es-fomo-2023' is shipped with itinerary: it cannot be removed\n"
    )
    status, out, _ = run(capsys, "remove", "fosdem-2021", "--forget-stars")
    assert "Forgot your 1 star" in out
    assert not (home() / "state" / "fosdem-2021.yaml").exists()


def test_an_unreadable_registry_is_set_aside_with_a_notice(capsys, schedule_server):
    url = schedule_server.serve("/s", (FIXTURES / "pretalx-democon.json").read_bytes())
    assert run(capsys, "add", url)[0] == 0
    registry = home() / "programs" / "registry.json"
    registry.write_text('{"format": 1, "programs": {"x": 3}}')
    status, out, err = run(capsys, "list")
    assert status == 0
    assert "could not be read" in err and "moved to" in err
    aside = list(registry.parent.glob("registry.json.unreadable-*"))
    assert len(aside) == 1 and aside[0].read_text().startswith('{"format": 1')
    assert out.startswith("Saturday 2023-07-29")  # back on ES-FoMo


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl makes the test certificate")
def test_a_certificate_not_trusted_is_a_tls_error(capsys, tmp_path, schedule_server):
    """TLS is verified: a server with a self-signed certificate is refused, and said."""
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"https://127.0.0.1:{httpd.server_address[1]}/schedule.json"
        status, _, err = run(capsys, "add", url)
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert status == 2
    assert err.startswith(f"itinerary: {url}: the secure connection failed (TLS: ")
    assert "CERTIFICATE_VERIFY_FAILED" in err and err.count("\n") == 1


def test_proxies_come_from_the_environment(capsys, schedule_server, monkeypatch):
    """HTTP_PROXY is honoured: the request goes to the proxy (here the test server), asking
    for the conference's own URL."""
    url = "http://schedule.conference.invalid/democon.json"
    schedule_server.serve(url, (FIXTURES / "pretalx-democon.json").read_bytes())
    monkeypatch.setenv("HTTP_PROXY", schedule_server.base)
    status, _, err = run(capsys, "add", url)
    assert status == 0, err
    assert [request.path for request in schedule_server.requests] == [url]


def test_two_processes_adding_at_once_keep_both(tmp_path):
    """Every change of the registry is made under its lock, on what is on disk then."""
    sources = [FIXTURES / "pretalx-democon.json", FIXTURES / "debconf23.xml"]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "itinerary", "add", str(source)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for source in sources
    ]
    for process in processes:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    registry = json.loads((home() / "programs" / "registry.json").read_text())
    assert set(registry["programs"]) == {"democon", "debconf23"}
    for key, entry in registry["programs"].items():
        assert (home() / "programs" / key / entry["copy_name"]).is_file()


def test_update_all_goes_on_past_a_failure_and_says_it_in_json(capsys, schedule_server):
    good = schedule_server.serve("/good.json", (FIXTURES / "pretalx-democon.json").read_bytes())
    bad = schedule_server.serve("/bad.json", (FIXTURES / "pretalx-democon.json").read_bytes())
    assert run(capsys, "add", good)[0] == 0
    assert run(capsys, "add", bad, "--id", "mirror")[0] == 0
    schedule_server.serve("/bad.json", status=503)
    status, out, err = run(capsys, "update", "--all", "--json")
    assert status == 2
    results = json.loads(out)
    assert [(r["id"], r["status"]) for r in results] == [
        ("democon", "unchanged"),
        ("mirror", "failed"),
    ]
    assert results[0]["how"] == "not modified (304)" and results[0]["changes"]["changes"] == []
    assert "503 Service Unavailable" in results[1]["error"] and err.count("\n") == 1
