"""Reads calendar files the way Evolution and GNOME Calendar do (libical, through GObject
introspection), using only each file's own VTIMEZONEs, and prints every event's start and end as
UTC seconds, as JSON: {"FILE": {"events": {"UID": [start, end]}, "problems": ["..."]}}.

Run by the system's Python (Debian's python3-gi and gir1.2-ical-3.0), not the project's venv. A
floating time, or a TZID the file gives no VTIMEZONE for, is a problem, never a guess: libical
looks a TZID up in the calendar's own VTIMEZONEs, then only among its own prefixed names.
"""

import json
import sys

import gi

gi.require_version("ICalGLib", "3.0")
from gi.repository import ICalGLib  # noqa: E402

VEVENT = ICalGLib.ComponentKind.VEVENT_COMPONENT


def instant(name, time, problems):
    if time is None or time.is_null_time():
        problems.append(f"{name} missing or unreadable")
        return None
    zone = time.get_timezone()
    if zone is None:
        problems.append(f"{name} {time.as_ical_string()} is floating or names an unknown TZID")
        return None
    return time.as_timet_with_zone(zone)


def main(paths):
    results = {}
    for path in paths:
        problems, events = [], {}
        with open(path, encoding="utf-8") as file:
            calendar = ICalGLib.Component.new_from_string(file.read())
        if calendar is None:
            results[path] = {"events": {}, "problems": ["cannot read"]}
            continue
        event = calendar.get_first_component(VEVENT)
        while event is not None:
            start = instant("DTSTART", event.get_dtstart(), problems)
            end = instant("DTEND", event.get_dtend(), problems)
            events[event.get_uid()] = [start, end]
            event = calendar.get_next_component(VEVENT)
        results[path] = {"events": events, "problems": problems}
    sys.stdout.write(json.dumps(results))


if __name__ == "__main__":
    main(sys.argv[1:])
