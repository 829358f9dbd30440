"""A virtual list of the program: only the rows on screen are ever rendered, so a program of
20,000 items opens and filters as fast as one of 70 (a widget per row cannot do that)."""

from __future__ import annotations

from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from itinerary.model import Item
from itinerary.tui.frames import reaches_terminal
from itinerary.tui.rows import RenderItem, Row, row_of

# Rows drawn and kept: a few screens' worth, so scrolling back and forth redraws nothing, while
# paging through 20,000 items keeps no more than that.
CACHED_SCREENS = 4
CACHED_ROWS_AT_LEAST = 200


RowKey = tuple[str, str, str, bool, int]


def row_key(row: Row) -> RowKey:
    """What a row shows, as a key for its drawing (an item's id, not the item: hashing a model
    hashes every field)."""
    return (row.kind, row.title, row.item.id if row.item else "", row.nested, row.hidden_children)


class ProgramView(ScrollView, can_focus=True):
    """Rows of headings and items; a cursor that moves over items only."""

    BINDINGS = [
        Binding("up,k", "cursor(-1)", "Up", show=False),
        Binding("down,j", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "edge(-1)", "First", show=False),
        Binding("end", "edge(1)", "Last", show=False),
        Binding("enter", "fold", "Fold posters", show=False),
    ]
    COMPONENT_CLASSES = {
        "program-view--cursor",
        "program-view--day",
        "program-view--session",
        "program-view--now",
    }
    DEFAULT_CSS = """
    ProgramView {
        height: 1fr;
        background: $surface;
        & > .program-view--cursor { background: $block-cursor-blurred-background; }
        &:focus > .program-view--cursor {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
            text-style: $block-cursor-text-style;
        }
        & > .program-view--day { color: $text-primary; text-style: bold; }
        & > .program-view--session { color: $text-secondary; text-style: italic; }
        & > .program-view--now { color: $text-error; text-style: bold; }
    }
    """

    cursor: reactive[int] = reactive(-1, always_update=True, init=False)

    class Highlighted(Message):
        """The item under the cursor changed (None when the list is empty)."""

        def __init__(self, view: ProgramView, item: Item | None) -> None:
            self.view = view
            self.item = item
            super().__init__()

        @property
        def control(self) -> ProgramView:
            return self.view

    class Shown(Message):
        """The list was first drawn in a frame that reaches the terminal."""

        def __init__(self, view: ProgramView) -> None:
            self.view = view
            super().__init__()

        @property
        def control(self) -> ProgramView:
            return self.view

    class FoldToggled(Message):
        """Enter on a poster session (or one of its posters): fold or unfold its posters."""

        def __init__(self, view: ProgramView, item: Item) -> None:
            self.view = view
            self.item = item
            super().__init__()

        @property
        def control(self) -> ProgramView:
            return self.view

    def __init__(self, render_item: RenderItem, **kwargs) -> None:
        super().__init__(**kwargs)
        self._render_item = render_item
        self.rows: list[Row] = []
        # By what a row shows and whether it is under the cursor, for the width in _cache_width:
        # kept when the rows change (a search narrowed or widened shows rows drawn before),
        # cleared when they may look different (stars, zone, theme).
        self._cache: LRUCache[tuple[RowKey, bool], Strip] = LRUCache(CACHED_ROWS_AT_LEAST)
        self._cache_width = 0
        self._shown = False

    def on_mount(self) -> None:
        # Rows are drawn once and kept; with a new theme they must take its colours.
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.refresh_rows())

    # --- content ----------------------------------------------------------------------------

    def set_rows(
        self, rows: list[Row], keep: Item | str | None = None, *, redraw: bool = True
    ) -> None:
        """Show ``rows``; keep the cursor on the item ``keep`` (the item, found sooner, or its
        id) when it is still there. ``redraw=False``: the rows drawn before still look the same
        (only the filters changed), so they are not drawn again."""
        self.rows = rows
        if redraw:
            self._cache.clear()
        self._set_height(len(rows))
        target = row_of(rows, keep)
        self.cursor = target if target is not None else self._next_item(-1, 1)
        # Scrolled to once the new size is laid out: before that the scroll range is the old
        # one (a list back from 3 search hits to 20,000 rows could not reach the cursor).
        self.call_after_refresh(self._show_cursor)
        self.refresh()

    def swap_rows(self, rows: list[Row]) -> None:
        """``rows`` instead, the same items in the same order (only the line of now between
        them moved): the cursor stays on its item, and nothing else is told (the detail pane
        keeps where it is scrolled to)."""
        item = self.item
        self.rows = rows
        self._set_height(len(rows))
        index = next((i for i, row in enumerate(rows) if item and row.item is item), None)
        self.set_reactive(ProgramView.cursor, index if index is not None else self.cursor)
        self.refresh_rows()

    def _set_height(self, rows: int) -> None:
        """``rows`` lines to scroll through. A new virtual size asks Textual to lay out the whole
        screen again and draw every widget (most of a search keystroke's time at 20,000 items);
        only the scrollbar coming or going needs that: a thumb of another size does not."""
        size = Size(self.size.width, rows)
        if size == self.virtual_size:
            return
        if not self.is_mounted or not self.container_size:
            self.virtual_size = size  # (the first layout is still to come)
            return
        scrollbar = self.show_vertical_scrollbar
        self.set_reactive(ProgramView.virtual_size, size)
        self._scroll_update(size)  # the scrollbar shown or not, its thumb, the offset in range
        self.refresh(layout=self.show_vertical_scrollbar != scrollbar)

    def _show_cursor(self) -> None:
        if 0 <= self.cursor < len(self.rows):
            self.scroll_to_region_of(self.cursor)

    def refresh_rows(self) -> None:
        """Redraw (stars or zone changed) without moving anything."""
        self._cache.clear()
        self.refresh()

    @property
    def item(self) -> Item | None:
        if 0 <= self.cursor < len(self.rows):
            return self.rows[self.cursor].item
        return None

    # --- rendering --------------------------------------------------------------------------

    def sticky_day(self) -> int | None:
        """The row of the day heading drawn over the top line: that of the topmost row in
        sight, when that row is not itself a day heading (None: nothing drawn over it)."""
        top = self.scroll_offset.y
        if not 0 < top < len(self.rows) or self.rows[top].kind == "day":
            return None
        return next((i for i in range(top - 1, -1, -1) if self.rows[i].kind == "day"), None)

    def render_lines(self, crop: Region) -> list[Strip]:
        if not self._shown and reaches_terminal(self.app):
            self._shown = True
            self.post_message(self.Shown(self))
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        if index >= len(self.rows):
            return Strip.blank(width, self.rich_style)
        if width != self._cache_width:  # a scrollbar came or went
            self._cache.clear()
            self._cache_width = width
        sticky = self.sticky_day() if y == 0 else None
        if sticky is not None:  # the day of what is on screen stays in sight while scrolling
            index = sticky
        row = self.rows[index]
        key = (row_key(row), index == self.cursor)
        strip = self._cache.get(key)
        if strip is None:
            strip = self._render_row(row, width, index == self.cursor)
            self._cache[key] = strip
        return strip.crop(scroll_x, scroll_x + width)

    def _render_row(self, row: Row, width: int, under_cursor: bool) -> Strip:
        base = self.rich_style
        if row.kind == "item":
            text = self._render_item(row, width)
        else:
            # The line of now runs across the list.
            title = row.title.ljust(width, "─") if row.kind == "now" else row.title
            text = Text(title, no_wrap=True, overflow="ellipsis")
            if row.kind == "session":
                text = Text("  ") + text
            text.stylize(self.get_component_rich_style(f"program-view--{row.kind}"))
        if under_cursor:
            text.stylize(self.get_component_rich_style("program-view--cursor"))
        text.truncate(width, overflow="ellipsis", pad=True)
        segments = [
            Segment(segment.text, base + segment.style if segment.style else base)
            for segment in text.render(self.app.console)
            if segment.text != "\n"
        ]
        return Strip(segments, width).crop(0, width)

    # --- moving -----------------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        # Both rows drawn again (each once, never a scan of the cache): the new one as it looks
        # now, focused or not, the old one without the cursor.
        for index in (old, new):
            if 0 <= index < len(self.rows):
                key = row_key(self.rows[index])
                self._cache.discard((key, True))
                self._cache.discard((key, False))
        if 0 <= new < len(self.rows):
            self.scroll_to_region_of(new)
        self.refresh()
        self.post_message(self.Highlighted(self, self.item))

    def scroll_to_region_of(self, index: int) -> None:
        # force: right after the rows change (a search cleared: 3 rows become 78), the scrollbar
        # is still that of the old rows, and Textual refuses to scroll a view without one.
        top, height = self.scroll_offset.y, self.scrollable_content_region.height
        if height <= 0:
            return
        # The top line shows the day's heading over any other row (sticky_day).
        covered = 0 < top < len(self.rows) and self.rows[top].kind != "day"
        if index < top or (index == top and covered):
            # With the headings right above it (its day, its session) in sight.
            first = index
            while first > 0 and self.rows[first - 1].kind != "item" and index - first < height - 1:
                first -= 1
            if first > 0 and self.rows[first].kind != "day" and height > 1:
                first -= 1  # the row the day's heading is drawn over
            self.scroll_to(y=first, animate=False, force=True)
        elif index >= top + height:
            self.scroll_to(y=index - height + 1, animate=False, force=True)

    def _next_item(self, start: int, step: int) -> int:
        index = start + step
        while 0 <= index < len(self.rows):
            if self.rows[index].kind == "item":
                return index
            index += step
        return start if 0 <= start < len(self.rows) else -1

    def action_cursor(self, step: int) -> None:
        target = self._next_item(self.cursor, step)
        if step < 0 and target == self.cursor:
            self.scroll_to(y=0, animate=False)  # show the headings above the first item
        self.cursor = target

    def action_page(self, direction: int) -> None:
        height = max(1, self.scrollable_content_region.height - 1)
        target = min(max(self.cursor + direction * height, 0), len(self.rows) - 1)
        if 0 <= target < len(self.rows) and self.rows[target].kind != "item":
            target = (
                self._next_item(target, direction) if direction > 0 else self._next_item(target, 1)
            )
        self.cursor = target

    def action_edge(self, direction: int) -> None:
        if direction < 0:
            self.scroll_to(y=0, animate=False)
            self.cursor = self._next_item(-1, 1)
        else:
            self.cursor = self._next_item(len(self.rows), -1)

    def go_to_day(self, step: int) -> bool:
        """To the first item of the next (``step`` 1) or previous (-1) day's heading from the
        cursor's day, its heading in sight; False when there is no such day."""
        days = [index for index, row in enumerate(self.rows) if row.kind == "day"]
        current = max((i for i, day in enumerate(days) if day <= self.cursor), default=-1)
        wanted = current + step
        if not 0 <= wanted < len(days):
            return False
        self.show_day_of(self._next_item(days[wanted], 1))
        return True

    def show_day_of(self, index: int) -> None:
        """To the heading of the day of the item at row ``index``, with ``index`` under the
        cursor."""
        heading = next((i for i in range(index, -1, -1) if self.rows[i].kind == "day"), index)
        self.scroll_to(y=heading, animate=False, force=True)
        self.cursor = index

    def action_fold(self) -> None:
        item = self.item
        if item is not None:
            self.post_message(self.FoldToggled(self, item))

    async def _on_click(self, event: events.Click) -> None:
        index = self.scroll_offset.y + event.y
        if event.y == 0 and self.sticky_day() is not None:
            return  # the day's heading drawn over the row, not the row
        if 0 <= index < len(self.rows) and self.rows[index].kind == "item":
            self.cursor = index
            if event.chain == 2:
                self.action_fold()

    def _on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(self.size.width, len(self.rows))
        self._cache.maxsize = max(CACHED_ROWS_AT_LEAST, CACHED_SCREENS * self.size.height)
        self._cache.clear()
