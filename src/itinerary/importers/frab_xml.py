"""frab / Pentabarf ``schedule.xml`` (also written by pretalx, wafer and osem).

Parsed with defusedxml: a file that declares entities (the "billion laughs") or refers to
external ones is refused, never expanded or fetched. Each event's absolute time is its
``<date>``, which carries an offset; ``<start>`` is only wall time in the conference's zone
(DebConf's wafer writes ``<date>`` in UTC), used for old files that have no ``<date>``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from zoneinfo import ZoneInfo

from defusedxml import DefusedXmlException, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import DefusedXMLParser, ParseError

from itinerary.importers.common import (
    Conference,
    Event,
    Problems,
    absolute_url,
    build_program,
    check_wall_times,
    choose_key,
    choose_zone,
    event_end,
    event_start,
    parse_wall_time,
    short_hash,
    shown,
)
from itinerary.model import Program

_DECLARED_ENCODING = re.compile(
    rb"""(?:\xef\xbb\xbf)?<\?xml\s[^>]*?\bencoding\s*=\s*["']([^"']*)["']"""
)


def parse_xml(data: bytes, problems: Problems) -> ElementTree.Element:
    """The document's root; ProgramError if it is not well-formed XML or declares or refers to
    entities."""
    parser = DefusedXMLParser(target=ElementTree.TreeBuilder())
    try:
        parser.feed(data)
        root = parser.close()
    except ParseError as error:
        line, column = error.position
        message = re.sub(r": line \d+, column \d+$", "", str(error))
        raise problems.fail(line, f"not well-formed XML: {message} (column {column + 1})") from None
    except EntitiesForbidden as error:
        line = parser.parser.CurrentLineNumber
        if error.sysid or error.pubid:
            message = (
                f"refused: the XML declares an external entity {error.name!r} "
                f"({error.sysid or error.pubid}); external entities are never read"
            )
        else:
            message = (
                f"refused: the XML declares an entity ({error.name!r}); entities can expand "
                'without limit ("billion laughs"), so a schedule may not declare any'
            )
        raise problems.fail(line, message) from None
    except ExternalReferenceForbidden as error:
        line = parser.parser.CurrentLineNumber
        raise problems.fail(
            line,
            f"refused: the XML refers to an external resource ({error.sysid or error.pubid}); "
            "external resources are never read",
        ) from None
    except DefusedXmlException as error:  # any other refusal defusedxml may add
        raise problems.fail(parser.parser.CurrentLineNumber, f"refused: {error}") from None
    except (LookupError, ValueError) as error:
        # expat asks Python for any encoding the declaration names but UTF-8, UTF-16, ASCII and
        # Latin-1: an unknown one, a multi-byte one (Shift JIS) or no text encoding (rot13).
        declared = _DECLARED_ENCODING.match(data)
        if declared is None:
            raise problems.fail(None, f"not readable XML: {error}") from None
        name = declared.group(1).decode("ascii", "replace")
        why = str(error).split(";")[0]  # not "use codecs.decode() to handle arbitrary codecs"
        raise problems.fail(
            1, f"the XML declares the encoding {shown(name)}, which cannot be read ({why})"
        ) from None
    return root


def tag_lines(data: bytes, tag: str) -> list[int]:
    """The lines of every ``<tag`` in ``data``, in order. Matched to elements in document order
    only when the counts agree (a comment or CDATA holding ``<tag`` would make them differ).
    Cheaper than asking expat for each element's line from Python, which costs as much again
    as the parse."""
    pattern = re.compile(rb"<" + re.escape(tag.encode("utf-8")) + rb"[\s/>]")
    lines: list[int] = []
    line, position = 1, 0
    for match in pattern.finditer(data):
        line += data.count(b"\n", position, match.start())
        position = match.start()
        lines.append(line)
    return lines


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _text(element: ElementTree.Element | None, tag: str) -> str:
    child = element.find(tag) if element is not None else None
    return (child.text or "").strip() if child is not None else ""


def read_frab_xml(
    data: bytes, source: str, *, tz: str | None = None, program_id: str | None = None
) -> tuple[Program, list[str]]:
    """The Program in a frab/Pentabarf schedule.xml, and warnings about what was adjusted."""
    problems = Problems(source)
    root = parse_xml(data, problems)
    if _local(root.tag) != "schedule":
        found = tag_lines(data, root.tag)
        raise problems.fail(
            found[0] if found else None,
            f"the root element is <{_local(root.tag)}>, not <schedule>: this is not a "
            "frab/Pentabarf schedule.xml",
        )
    conference_element = root.find("conference")
    zone_lines = tag_lines(data, "time_zone_name")
    base_url = _text(conference_element, "base_url") or None
    conference = Conference(
        title=_text(conference_element, "title"),
        acronym=_text(conference_element, "acronym"),
        zone_name=_text(conference_element, "time_zone_name") or None,
        zone_line=zone_lines[0] if len(zone_lines) == 1 else None,
        venue=", ".join(
            part
            for part in (_text(conference_element, "venue"), _text(conference_element, "city"))
            if part
        )
        or None,
        url=_text(conference_element, "url") or base_url,
        description=_text(conference_element, "subtitle"),
    )
    zone = choose_zone(conference, tz, problems, what="no <time_zone_name> in <conference>")
    day_change = parse_wall_time(_text(conference_element, "day_change"))
    elements = list(root.iter("event"))
    found = tag_lines(data, "event")
    lines = (
        {id(e): line for e, line in zip(elements, found, strict=True)}
        if len(found) == len(elements)
        else {}
    )
    events: list[Event] = []
    for day in root.findall("day"):
        for room in day.findall("room"):
            for element in room.findall("event"):
                event = _event(
                    element, lines.get(id(element)), day, room, zone, day_change, base_url, problems
                )
                if event is not None:
                    events.append(event)
    check_wall_times(events, zone, problems)
    program = build_program(conference, events, zone, problems, program_id=program_id)
    return program, problems.warnings


def _event(
    element: ElementTree.Element,
    line: int | None,
    day: ElementTree.Element,
    room: ElementTree.Element,
    zone: ZoneInfo,
    day_change: tuple[int, int, int] | None,
    base_url: str | None,
    problems: Problems,
) -> Event | None:
    fields: dict[str, ElementTree.Element] = {}
    for child in element:
        fields.setdefault(child.tag, child)

    def text(tag: str) -> str:
        child = fields.get(tag)
        return (child.text or "").strip() if child is not None else ""

    def children(tag: str, of: str) -> list[ElementTree.Element]:
        parent = fields.get(of)
        return [child for child in parent if child.tag == tag] if parent is not None else []

    title = text("title")
    date_text = text("date")
    wall_text = text("start")
    room_name = text("room") or (room.get("name") or "").strip()
    key_name, key = choose_key(
        [
            ("guid", (element.get("guid") or "").strip()),
            ("id", (element.get("id") or "").strip()),
            ("slug", text("slug")),
            ("hash", short_hash(f"{title}|{date_text or day.get('date')} {wall_text}|{room_name}")),
        ]
    )
    where = f"event {key_name} {key}"
    start = event_start(
        date_text,
        day.get("date") or "",
        wall_text,
        zone,
        day_change,
        ("<date>", "<start>", "<day>"),
        "no <date>, and no <start> time on a dated <day> to take its time from",
    )
    if isinstance(start, str):
        problems.error(line, f"{where}: {start}")
        return None
    end = event_end(
        start, text("end"), text("duration"), zone, ("<end>", "<duration>"), "no <duration>"
    )
    if isinstance(end, str):
        problems.error(line, f"{where}: {end}")
        return None
    links = [
        ("".join(link.itertext()).strip(), absolute_url(link.get("href"), base_url) or "")
        for link in (*children("link", "links"), *children("attachment", "attachments"))
    ]
    links = [(name, href) for name, href in links if href]
    url = absolute_url(text("url"), base_url)
    return Event(
        key=key,
        key_name=key_name,
        title=title,
        start=start,
        end=end,
        where=where,
        line=line,
        room=room_name or None,
        track=text("track") or None,
        type=text("type") or None,
        subtitle=text("subtitle"),
        abstract=text("abstract"),
        description=text("description"),
        people=["".join(person.itertext()) for person in children("person", "persons")],
        url=url,
        links=links,
        wall_start=(wall_text or None) if date_text else None,
    )
