"""Time zones: turning a name into a zone, and writing an instant so that it names its zone."""

from __future__ import annotations

import difflib
import functools
import zoneinfo
from datetime import datetime
from zoneinfo import ZoneInfo

from itinerary.errors import TimeZoneError


@functools.cache
def _zone_names() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def get_zone(name: str) -> ZoneInfo:
    """The IANA zone called ``name``, or a TimeZoneError that suggests the closest names."""
    try:
        if name and not name.startswith(("/", ".")) and name == name.strip():
            return ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        pass
    hint = difflib.get_close_matches(name, sorted(_zone_names()), n=3, cutoff=0.6)
    suggestion = f" (did you mean {', '.join(hint)}?)" if hint else ""
    raise TimeZoneError(
        f"unknown time zone {name!r}{suggestion}; use an IANA name such as Europe/Berlin"
    )


def zone_label(moment: datetime) -> str:
    """The short name of the zone at ``moment`` (``HST``, ``CEST``), or its UTC offset where the
    database has only a number (``UTC+04``, ``UTC+05:45``)."""
    abbreviation = moment.tzname() or ""
    if abbreviation and abbreviation[0] not in "+-":
        return abbreviation
    offset = moment.strftime("%z")  # e.g. +0545
    hours, minutes = offset[:3], offset[3:5]
    return f"UTC{hours}" + (f":{minutes}" if minutes != "00" else "")


def format_time(moment: datetime, zone: ZoneInfo) -> str:
    """``08:55 HST``: the wall-clock time in ``zone``, always with the zone named."""
    local = moment.astimezone(zone)
    return f"{local:%H:%M} {zone_label(local)}"


def format_span(start: datetime, end: datetime, zone: ZoneInfo) -> str:
    """``Sat 2023-07-29 08:55–09:00 HST``; an end on a later day carries its own date."""
    a, b = start.astimezone(zone), end.astimezone(zone)
    if a.date() == b.date() or (b - a).total_seconds() <= 0:
        return f"{a:%a %Y-%m-%d %H:%M}–{b:%H:%M} {zone_label(b)}"
    return f"{a:%a %Y-%m-%d %H:%M} {zone_label(a)} – {b:%a %Y-%m-%d %H:%M} {zone_label(b)}"


def display_zone(explicit: str | None, venue: ZoneInfo) -> ZoneInfo:
    """The zone times are shown in: ``--tz`` when given, else the venue's."""
    return get_zone(explicit) if explicit else venue
