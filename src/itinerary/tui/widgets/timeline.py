"""A picture of a day in characters, scrolled: a column of times on the left that stays put, a
heading line on top that stays put (the rooms of the grid), and the body under and beside them
that scrolls both ways. The picture is drawn on a ``Canvas`` of cells by ``day_pictures``."""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.events import Resize
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip


class Canvas:
    """A grid of cells (a character and its style) that text and fills are put on, clipped at
    its edges; read back a line at a time as a Strip."""

    def __init__(self, width: int, height: int, style: Style | None = None) -> None:
        self.width, self.height = width, height
        blank = style or Style()
        self._chars = [[" "] * width for _ in range(height)]
        self._styles = [[blank] * width for _ in range(height)]

    def put(self, x: int, y: int, text: str, style: Style, limit: int | None = None) -> None:
        """``text`` (one line, already made printable) from (x, y), cut at ``limit`` columns
        with … when it is longer. Wide characters take two cells."""
        if not 0 <= y < self.height:
            return
        room = min(limit if limit is not None else self.width - x, self.width - x)
        if room <= 0:
            return
        shown = Text(text)
        if shown.cell_len > room:
            shown.truncate(room, overflow="ellipsis")
        row_chars, row_styles = self._chars[y], self._styles[y]
        for char in shown.plain:
            wide = Text(char).cell_len
            if x + wide > self.width or x < 0:
                break
            row_chars[x], row_styles[x] = char, style
            if wide == 2:
                row_chars[x + 1], row_styles[x + 1] = "", style  # the right half of the char
            x += wide

    def fill(self, x0: int, x1: int, y0: int, y1: int, char: str, style: Style) -> None:
        for y in range(max(0, y0), min(self.height, y1)):
            for x in range(max(0, x0), min(self.width, x1)):
                self._chars[y][x], self._styles[y][x] = char, style

    def restyle(self, x0: int, x1: int, y0: int, y1: int, style: Style) -> None:
        """Add ``style`` over what is there (the cursor over a block)."""
        for y in range(max(0, y0), min(self.height, y1)):
            row = self._styles[y]
            for x in range(max(0, x0), min(self.width, x1)):
                row[x] = row[x] + style

    def strip(self, y: int) -> Strip:
        segments: list[Segment] = []
        chars, styles = self._chars[y], self._styles[y]
        run, run_style = "", styles[0] if styles else Style()
        for char, style in zip(chars, styles, strict=True):
            if style != run_style:
                segments.append(Segment(run, run_style))
                run, run_style = "", style
            run += char
        if run:
            segments.append(Segment(run, run_style))
        return Strip(segments, self.width)


@dataclass
class Picture:
    """What the timeline shows: ``times`` (the fixed column, one strip a row), ``body`` (the
    rows beside it), and a fixed heading line over each."""

    times_heading: Strip
    heading: Strip
    times: list[Strip]
    body: list[Strip]
    body_width: int
    times_width: int


class Timeline(ScrollView, can_focus=False):
    """The picture, scrolled by the screen (which moves a cursor over it) or the mouse."""

    DEFAULT_CSS = """
    Timeline { height: 1fr; }
    """

    class Resized(Message):
        """The timeline has a new size: the picture is to be drawn again to fit it."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.picture: Picture | None = None

    def on_resize(self, event: Resize) -> None:
        self.post_message(self.Resized())

    def show(self, picture: Picture | None) -> None:
        """Show ``picture`` (None: nothing, the day has nothing to draw)."""
        self.picture = picture
        if picture is None:
            self.virtual_size = Size(0, 0)
        else:
            width = picture.times_width + picture.body_width
            self.virtual_size = Size(width, len(picture.body) + 1)
        self.refresh()

    @property
    def body_height(self) -> int:
        """Rows of the body in sight: the heading takes one, a horizontal scroll bar one."""
        wider = self.virtual_size.width > self.size.width - 1
        return max(1, self.size.height - 1 - (1 if wider else 0))

    @property
    def body_view_width(self) -> int:
        """Columns of the body in sight, beside the times and the vertical scroll bar."""
        times = self.picture.times_width if self.picture else 0
        return max(1, self.size.width - 1 - times)

    def keep_in_sight(self, x0: int, x1: int, top: int, bottom: int) -> None:
        """Scroll so that the body's columns x0..x1 and rows top..bottom are in sight (their
        start, when they do not all fit)."""
        x, y = self.scroll_offset
        height, width = self.body_height, self.body_view_width
        if not self.size.width:
            return
        if top < y or bottom > y + height:  # out of sight: in sight, with a little before it
            y = max(0, top - 2 if bottom - top <= height - 2 else top)
        if x1 > x + width:
            x = x1 - width
        x = min(x, x0)
        # force: the scroll bars of a new size may not be worked out yet.
        self.scroll_to(x, y, animate=False, immediate=True, force=True)

    def render_line(self, y: int) -> Strip:
        picture = self.picture
        width = self.scrollable_content_region.width
        if picture is None:
            return Strip.blank(width)
        scroll_x, scroll_y = self.scroll_offset
        body_width = max(0, width - picture.times_width)
        if y == 0:
            times, body = picture.times_heading, picture.heading
        else:
            row = scroll_y + y - 1
            if row >= len(picture.body):
                return Strip.blank(width)
            times, body = picture.times[row], picture.body[row]
        body = body.crop(scroll_x, scroll_x + body_width)
        return Strip.join([times, body]).extend_cell_length(width).crop(0, width)
