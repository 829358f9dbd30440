"""Time zones: turning a name into a zone, and writing an instant so that it names its zone."""

from __future__ import annotations

import contextlib
import difflib
import functools
import zoneinfo
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from itinerary.errors import TimeZoneError

# Files in the zone database that name no place: "Factory" shows as "-00", "localtime" and
# "posixrules" are whatever the machine says, and posix/, right/ are copies (right/ with leap
# seconds, which calendars do not keep).
_NOT_PLACES = frozenset({"Factory", "localtime", "posixrules"})


@functools.cache
def zone_names() -> frozenset[str]:
    """Every zone a person may choose (the database's names for places)."""
    return frozenset(zoneinfo.available_timezones()) - _NOT_PLACES


def get_zone(name: str) -> ZoneInfo:
    """The IANA zone called ``name``, or a TimeZoneError that suggests the closest names."""
    try:
        if (
            name
            and not name.startswith(("/", ".", "posix/", "right/"))
            and name == name.strip()
            and name not in _NOT_PLACES
        ):
            return ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        pass
    hint = difflib.get_close_matches(name, sorted(zone_names()), n=3, cutoff=0.6)
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


def format_span(
    start: datetime, end: datetime, zone: ZoneInfo, *, date_format: str = "%a %Y-%m-%d"
) -> str:
    """``Sat 2023-07-29 08:55–09:00 HST (Pacific/Honolulu)``: both ends named with their zone;
    an end on a later day carries its own date, an end after the clocks changed its own
    abbreviation (``02:30 CEST–02:00 CET``: without it the span would read as negative)."""
    a, b = start.astimezone(zone), end.astimezone(zone)
    if a.date() == b.date():
        if zone_label(a) != zone_label(b):
            return f"{a:{date_format} %H:%M} {zone_label(a)}–{b:%H:%M} {zone_label(b)} ({zone.key})"
        return f"{a:{date_format} %H:%M}–{b:%H:%M} {zone_label(a)} ({zone.key})"
    return (
        f"{a:{date_format} %H:%M} {zone_label(a)} – {b:{date_format} %H:%M} {zone_label(b)} "
        f"({zone.key})"
    )


@dataclass(frozen=True)
class DisplayZone:
    zone: ZoneInfo
    source: str  # "--tz", "saved", "system" or "venue": why this zone was chosen


def system_zone() -> ZoneInfo | None:
    """The computer's zone as an IANA name ($TZ, /etc/localtime, the registry…), if it has one."""
    import tzlocal  # only when asked: with --tz or a saved zone, start-up spares its import

    try:
        name = tzlocal.get_localzone_name()
    except Exception:  # tzlocal raises several kinds on odd systems; any of them means "unknown"
        return None
    if not name:
        return None
    try:
        return get_zone(name)
    except TimeZoneError:
        return None


def choose_display_zone(explicit: str | None, saved: str | None, venue: ZoneInfo) -> DisplayZone:
    """In this order: ``--tz``, the saved choice, the system's zone, the venue's."""
    if explicit is not None:  # `--tz ""` is a mistake to say, not a wish for the default
        return DisplayZone(get_zone(explicit), "--tz")
    if saved:
        with contextlib.suppress(TimeZoneError):  # a saved zone the database no longer has
            return DisplayZone(get_zone(saved), "saved")
    system = system_zone()
    if system is not None:
        return DisplayZone(system, "system")
    return DisplayZone(venue, "venue")
