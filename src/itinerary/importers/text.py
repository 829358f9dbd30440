"""The text of an imported event as a person reads it: HTML fragments made plain text, titles
and names on one line, the abstract put together from what the file says, links made absolute."""

from __future__ import annotations

import re
from collections.abc import Sequence
from html.parser import HTMLParser
from urllib.parse import urljoin

from itinerary.importers.records import Event

_HTML_TAG = re.compile(
    r"</?(p|br|div|span|a|ul|ol|li|em|strong|b|i|u|s|code|pre|h[1-6]|blockquote|table|tr|td|th"
    r"|img|hr|sup|sub|small)(\s[^<>]*)?/?>",
    re.IGNORECASE,
)


_BLANK_LINES = re.compile(r"\n{3,}")


class _TextFromHtml(HTMLParser):
    """The text of an HTML fragment: paragraphs as blank-line-separated blocks, list items as
    ``- `` lines, links as ``text (href)``."""

    BLOCKS = frozenset(("p", "div", "ul", "ol", "pre", "blockquote", "table", "tr", "section",
                        "article", "h1", "h2", "h3", "h4", "h5", "h6"))  # fmt: skip

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.pre = 0
        self.links: list[tuple[str | None, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")
            self.pre += tag == "pre"
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag == "a":
            self.links.append((dict(attrs).get("href"), len(self.parts)))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")
            if tag == "pre" and self.pre:
                self.pre -= 1
        elif tag == "a" and self.links:
            href, first = self.links.pop()
            text = "".join(self.parts[first:]).strip()
            if href and href.strip() and href.strip() not in text:
                self.parts.append(f" ({href.strip()})")

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        self.parts.append(data if self.pre else re.sub(r"\s+", " ", data))

    def text(self) -> str:
        joined = "".join(self.parts)
        lines = [line.strip() for line in joined.split("\n")]
        return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def plain_text(text: str | None) -> str:
    """Text as a person reads it: HTML fragments (FOSDEM's ``<p>…</p>``) turned into text,
    line ends made ``\\n``, trailing spaces and surrounding blank lines removed. Markdown and
    plain text are kept as written."""
    if not text:
        return ""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "<" in text and _HTML_TAG.search(text):
        parser = _TextFromHtml()
        parser.feed(text)
        parser.close()
        text = parser.text()
    if " \n" in text or "\t\n" in text or "\xa0\n" in text:
        text = "\n".join(line.rstrip() for line in text.split("\n"))
    if "\n\n\n" in text:
        text = _BLANK_LINES.sub("\n\n", text)
    return text.strip()


def one_line(text: str | None) -> str:
    """A title or a name on one line: white space runs (newlines too) made one space."""
    return " ".join(text.split()) if text else ""


_NO_TRACK = frozenset({"no track", "none", "-"})


def track_name(event: Event) -> str | None:
    """The event's track on one line, or None where the file has none (or says "no track")."""
    track = one_line(event.track)
    return track if track and track.casefold() not in _NO_TRACK else None


def combine_abstract(event: Event) -> str:
    """The item's abstract: the subtitle, the abstract and the description (each once), then a
    line with the file's own type, then the links (the track is a field of its own)."""
    blocks: list[str] = []
    for part in (event.subtitle, event.abstract, event.description):
        text = plain_text(part)
        if not text:
            continue
        if any(text in block for block in blocks):
            continue
        blocks = [block for block in blocks if block not in text]
        blocks.append(text)
    if event.type:
        blocks.append(f"Type: {one_line(event.type)}")
    links = [(title, href) for title, href in event.links if href and href != event.url]
    if links:
        lines = ["Links:"]
        lines += [f"- {one_line(title)}: {href}" if title else f"- {href}" for title, href in links]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def absolute_url(url: str | None, base: str | None) -> str | None:
    """``url`` made absolute against the file's base URL where it is relative."""
    url = (url or "").strip()
    if not url:
        return None
    if base and not re.match(r"^[a-z][a-z0-9+.-]*:", url, re.IGNORECASE):
        try:
            return urljoin(base if base.endswith("/") else base + "/", url)
        except ValueError:  # a base that is no URL (http://[zz/): the link as the file gives it
            return url
    return url


def people_names(names: Sequence[str]) -> list[str]:
    """Each name once, on one line, in the order given; empty ones left out."""
    seen: dict[str, None] = {}
    for name in names:
        name = one_line(name)
        if name:
            seen.setdefault(name, None)
    return list(seen)
