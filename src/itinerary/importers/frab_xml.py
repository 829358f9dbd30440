"""frab / Pentabarf ``schedule.xml`` (also written by pretalx, wafer and osem).

Parsed with defusedxml: a file that declares entities (the "billion laughs") or refers to
external ones is refused, never expanded or fetched. A file that plainly declares nothing (no
``<!DOCTYPE``, where every declaration lives, in an encoding where that shows in its bytes) is
parsed by the standard library's C parser instead, which has nothing to refuse in it and is
about twice as quick as defusedxml's handlers in Python. Each event's absolute time is its
``<date>``, which carries an offset; ``<start>`` is only wall time in the conference's zone
(DebConf's wafer writes ``<date>`` in UTC), used for old files that have no ``<date>``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator

from defusedxml import DefusedXmlException, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import DefusedXMLParser, ParseError

from itinerary.importers.frab import FrabFile, FrabSlot, FrabWords, frab_program
from itinerary.importers.problems import Problems, shown
from itinerary.importers.records import Conference
from itinerary.model import Program

WORDS = FrabWords(
    date="<date>",
    start="<start>",
    day="<day>",
    end="<end>",
    duration="<duration>",
    no_start="no <date>, and no <start> time on a dated <day> to take its time from",
    no_end="no <duration>",
    no_zone="no <time_zone_name> in <conference>",
)

_DECLARED_ENCODING = re.compile(
    rb"""(?:\xef\xbb\xbf)?<\?xml\s[^>]*?\bencoding\s*=\s*["']([^"']*)["']"""
)


# Any markup declaration but a comment or CDATA: a DOCTYPE, or what only a DOCTYPE may hold.
_DECLARATION = re.compile(rb"<!(?!--|\[CDATA\[)")
# Encodings in which "<!" is those two bytes; anything else goes to defusedxml.
_PLAIN_ENCODINGS = {"utf-8", "utf8", "us-ascii", "ascii", "iso-8859-1", "latin-1", "latin1"}


def declares_nothing(data: bytes) -> bool:
    """Whether ``data`` can hold no declaration (of an entity, of a DTD): no ``<!`` but comments
    and CDATA, and no encoding that would hide one from a look at the bytes (UTF-16 has NULs,
    and expat reads no other encoding before a declaration names it). Never wrongly yes."""
    if b"\0" in data:
        return False
    declared = _DECLARED_ENCODING.match(data)
    if declared is not None and declared.group(1).decode("ascii", "replace").lower() not in (
        _PLAIN_ENCODINGS
    ):
        return False
    return _DECLARATION.search(data) is None


def parse_xml(data: bytes, problems: Problems) -> ElementTree.Element:
    """The document's root; ProgramError if it is not well-formed XML or declares or refers to
    entities."""
    parser = (
        ElementTree.XMLParser(target=ElementTree.TreeBuilder())
        if declares_nothing(data)
        else DefusedXMLParser(target=ElementTree.TreeBuilder())
    )
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
    file = FrabFile(
        conference,
        _slots(data, root),
        WORDS,
        day_change=_text(conference_element, "day_change"),
        base_url=base_url,
    )
    return frab_program(file, problems, tz=tz, program_id=program_id)


def _slots(data: bytes, root: ElementTree.Element) -> Iterator[FrabSlot]:
    """Every ``<event>`` of every ``<room>`` of every ``<day>``, in the file's order."""
    elements = list(root.iter("event"))
    found = tag_lines(data, "event")
    lines = (
        {id(e): line for e, line in zip(elements, found, strict=True)}
        if len(found) == len(elements)
        else {}
    )
    for day in root.findall("day"):
        for room in day.findall("room"):
            for element in room.findall("event"):
                yield _slot(element, lines.get(id(element)), day, room)


def _slot(
    element: ElementTree.Element,
    line: int | None,
    day: ElementTree.Element,
    room: ElementTree.Element,
) -> FrabSlot:
    fields: dict[str, ElementTree.Element] = {}
    for child in element:
        fields.setdefault(child.tag, child)

    def text(tag: str) -> str:
        child = fields.get(tag)
        return (child.text or "").strip() if child is not None else ""

    def children(tag: str, of: str) -> list[ElementTree.Element]:
        parent = fields.get(of)
        return [child for child in parent if child.tag == tag] if parent is not None else []

    links = (*children("link", "links"), *children("attachment", "attachments"))
    return FrabSlot(
        keys=[
            ("guid", (element.get("guid") or "").strip()),
            ("id", (element.get("id") or "").strip()),
            ("slug", text("slug")),
        ],
        line=line,
        path=None,
        title=text("title"),
        date=text("date"),
        day=day.get("date") or "",
        day_written=f"{day.get('date')}",
        start=text("start"),
        end=text("end"),
        duration=text("duration"),
        room=text("room") or (room.get("name") or "").strip(),
        track=text("track"),
        type=text("type"),
        subtitle=text("subtitle"),
        abstract=text("abstract"),
        description=text("description"),
        people=["".join(person.itertext()) for person in children("person", "persons")],
        url=text("url"),
        links=[("".join(link.itertext()).strip(), link.get("href")) for link in links],
    )
