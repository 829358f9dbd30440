"""Time zones: turning a name into a zone, and writing an instant so that it names its zone."""

from __future__ import annotations

import contextlib
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
    hint = matching_zones(name)[:3]
    suggestion = f" (did you mean {', '.join(hint)}?)" if hint else ""
    raise TimeZoneError(
        f"unknown time zone {name!r}{suggestion}; use an IANA name such as Europe/Berlin"
    )


# What people type for a zone that is not its IANA name. The database has EST, MST and HST as
# fixed offsets (no daylight saving time), and no PST at all: someone who types PST means the
# US west coast, summer and winter. Ambiguous ones (IST: India, Ireland or Israel; CST: the US
# or China) are given every place they are said for.
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "PST": ("America/Los_Angeles",), "PDT": ("America/Los_Angeles",),
    "PT": ("America/Los_Angeles",), "MST": ("America/Denver", "America/Phoenix"),
    "MDT": ("America/Denver",), "MT": ("America/Denver",),
    "CST": ("America/Chicago", "Asia/Shanghai"), "CDT": ("America/Chicago",),
    "CT": ("America/Chicago",), "EST": ("America/New_York",), "EDT": ("America/New_York",),
    "ET": ("America/New_York",), "AKST": ("America/Anchorage",),
    "AKDT": ("America/Anchorage",), "HST": ("Pacific/Honolulu",),
    "AST": ("America/Halifax",), "NST": ("America/St_Johns",),
    "GMT": ("Europe/London", "UTC"), "BST": ("Europe/London",), "UTC": ("UTC",),
    "WET": ("Europe/Lisbon",), "CET": ("Europe/Berlin", "Europe/Paris"),
    "CEST": ("Europe/Berlin", "Europe/Paris"), "EET": ("Europe/Athens", "Europe/Helsinki"),
    "EEST": ("Europe/Athens", "Europe/Helsinki"), "MSK": ("Europe/Moscow",),
    "IST": ("Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"), "PKT": ("Asia/Karachi",),
    "JST": ("Asia/Tokyo",), "KST": ("Asia/Seoul",), "HKT": ("Asia/Hong_Kong",),
    "SGT": ("Asia/Singapore",), "AEST": ("Australia/Sydney",), "AEDT": ("Australia/Sydney",),
    "ACST": ("Australia/Adelaide",), "AWST": ("Australia/Perth",),
    "NZST": ("Pacific/Auckland",), "NZDT": ("Pacific/Auckland",), "BRT": ("America/Sao_Paulo",),
}  # fmt: skip


@functools.cache
def _folded_zones() -> list[tuple[str, str, list[str]]]:
    return [(name, name.casefold(), name.casefold().split("/")) for name in sorted(zone_names())]


def matching_zones(typed: str) -> list[str]:
    """Zones for what a person typed, best first: ignoring case, with spaces as the database's
    underscores (``new york``), by a place's own name (``berlin``), by a common abbreviation
    (``PST``), then by the start of any part of a name, anywhere in one, and last names that
    look alike. Both faces suggest zones with this: the command when a zone is unknown, the
    planner's zone picker as the person types."""
    query = "_".join(typed.casefold().split())
    if not query:
        return []
    # A rank and a place within it: an abbreviation's zones in the order the table gives.
    ranked: dict[str, tuple[int, int]] = {
        name: (0, order) for order, name in enumerate(ABBREVIATIONS.get(query.upper(), ()))
    }
    for name, folded, parts in _folded_zones():
        if folded == query:
            rank = 1
        elif parts[-1] == query:
            rank = 2
        elif any(part.startswith(query) for part in parts):
            rank = 3
        elif query in folded:
            rank = 4
        else:
            continue
        ranked.setdefault(name, (rank, 0))
    if not ranked:  # a typo: zones whose place, then whose whole name, looks like it
        import difflib  # (only here: every command imports this module)

        places = {name.rsplit("/", 1)[-1].casefold(): name for name in sorted(zone_names())}
        place = query.rsplit("/", 1)[-1]
        for order, close in enumerate(difflib.get_close_matches(place, list(places), 5, 0.75)):
            ranked[places[close]] = (5, order)
        names = sorted(zone_names())
        for order, close in enumerate(difflib.get_close_matches(typed, names, 3, 0.6)):
            ranked.setdefault(close, (6, order))
    return sorted(ranked, key=lambda name: (ranked[name], name))


def zone_label(moment: datetime) -> str:
    """The short name of the zone at ``moment`` (``HST``, ``CEST``), or its UTC offset where the
    database has only a number (``UTC+04``, ``UTC+05:45``)."""
    abbreviation = moment.tzname() or ""
    if abbreviation and abbreviation[0] not in "+-":
        return abbreviation
    offset = moment.strftime("%z")  # e.g. +0545
    hours, minutes = offset[:3], offset[3:5]
    return f"UTC{hours}" + (f":{minutes}" if minutes != "00" else "")


def format_moment(moment: datetime, zone: ZoneInfo, *, date_format: str = "%a %Y-%m-%d") -> str:
    """``Sat 2023-07-29 10:05 HST (Pacific/Honolulu)``: one instant, named with its zone."""
    local = moment.astimezone(zone)
    return f"{local:{date_format} %H:%M} {zone_label(local)} ({zone.key})"


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


def clock_span(start: datetime, end: datetime, zone: ZoneInfo) -> str:
    """``09:01–09:20 HST``, ``23:00–00:15 (+1 day) UTC``, ``09:00–18:00 (+2 days) CET``: a
    list's times under its day, named
    with their zone (the list, the agenda, the day view)."""
    a, b = start.astimezone(zone), end.astimezone(zone)
    # (Written as %H:%M writes them, without strftime: a list calls this for every item.)
    days = b.toordinal() - a.toordinal()
    later = "" if days < 1 else " (+1 day)" if days == 1 else f" (+{days} days)"
    return f"{a.hour:02}:{a.minute:02}–{b.hour:02}:{b.minute:02}{later} {zone_label(a)}"


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
