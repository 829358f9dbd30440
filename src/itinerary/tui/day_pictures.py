"""The day view's pictures, drawn in characters from the core's layout: my day (``DayPlan``:
blocks in lanes, free gaps, hours) and every room's day (``DayGrid``), on the rows the core's
``timeline_rows`` gives. Only drawing here: where a block goes in time, and beside which, is
decided by the core, as for the HTML agenda.

Every text from the program is made printable (one line, control characters shown as �)
before it is put on the canvas, which takes it as plain text, never markup."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from rich.style import Style
from textual.strip import Strip

from itinerary.day_plan import Block, DayGrid, DayPlan, hours_of
from itinerary.display import people_line, printable
from itinerary.model import Kind
from itinerary.timeline_rows import TimelineRows, fitting_rows
from itinerary.timezones import clock_span, zone_label
from itinerary.tui.widgets.timeline import Canvas, Picture
from itinerary.vocabulary import Priority
from itinerary.wording import STAR_MARKS, duration_words

TIMES_WIDTH = 8  # "00:00+1" and the rule beside it
GRID_COLUMN = 18  # a room's column when the rooms do not all fit the width


@dataclass(frozen=True)
class Spot:
    """Where a block was drawn: its column (a lane's group in my day, a room in the grid), its
    rows and the body's columns it covers."""

    block: Block
    column: int
    top: int
    bottom: int
    x0: int
    x1: int


@dataclass(frozen=True)
class Drawn:
    picture: Picture
    spots: list[Spot]  # in time order (then left to right)


def _hex(variables: dict[str, str], name: str, fallback: str) -> str:
    value = variables.get(name, "")
    return value if value.startswith("#") and len(value) == 7 else fallback


@dataclass(frozen=True)
class DayStyles:
    block: Style  # one of my stars
    other: Style  # an item I did not star (the grid)
    clash: Style
    shade: Style  # a break, shaded
    edge: Style
    clash_edge: Style
    star: Style
    time: Style
    dim: Style
    free: Style
    rule: Style
    cursor: Style
    heading: Style

    @classmethod
    def of(cls, variables: dict[str, str]) -> DayStyles:
        """In the theme's colours (``app.theme_variables``), light themes as dark ones."""
        text = _hex(variables, "foreground", "#e0e0e0")
        return cls(
            block=Style.parse(f"{text} on {_hex(variables, 'primary-muted', '#0c304c')}"),
            other=Style.parse(f"{text} on {_hex(variables, 'panel', '#242f38')}"),
            clash=Style.parse(f"{text} on {_hex(variables, 'error-muted', '#441e27')}"),
            shade=Style.parse(
                f"{_hex(variables, 'foreground-darken-3', '#808080')} on "
                f"{_hex(variables, 'surface', '#1e1e1e')}"
            ),
            edge=Style.parse(_hex(variables, "text-primary", "#57a5e2")),
            clash_edge=Style.parse(f"bold {_hex(variables, 'text-error', '#e17e80')}"),
            star=Style.parse(f"bold {_hex(variables, 'text-warning', '#ffc473')}"),
            time=Style.parse(_hex(variables, "text-secondary", "#aaaaaa")),
            dim=Style(dim=True),
            free=Style.parse(_hex(variables, "text-success", "#8ad4a1")),
            rule=Style.parse(f"dim {text}"),
            cursor=Style.parse(
                f"bold {_hex(variables, 'block-cursor-foreground', '#ffffff')} on "
                f"{_hex(variables, 'block-cursor-background', '#0178d4')}"
            ),
            heading=Style.parse(f"bold {text} on {_hex(variables, 'panel', '#242f38')}"),
        )


def _times(rows: TimelineRows, hours: list[datetime], day: date, styles: DayStyles) -> list[Strip]:
    """The fixed column: each hour on its row (``+1`` past midnight), a rule beside them."""
    canvas = Canvas(TIMES_WIDTH, rows.count + 1)
    canvas.fill(TIMES_WIDTH - 1, TIMES_WIDTH, 0, rows.count + 1, "│", styles.rule)
    for hour in hours:
        row = rows.row(hour)
        if row > rows.count:
            continue
        later = "+1" if hour.date() > day else ""
        canvas.put(0, row, f"{hour:%H:%M}{later}", styles.time)
        canvas.put(TIMES_WIDTH - 1, row, "┤", styles.rule)
    return [canvas.strip(y) for y in range(rows.count + 1)]


def _times_heading(start: datetime, styles: DayStyles) -> Canvas:
    heading = Canvas(TIMES_WIDTH, 1, styles.heading)
    heading.put(0, 0, zone_label(start), styles.heading, TIMES_WIDTH - 1)
    return heading


def _block_lines(block: Block, zone: ZoneInfo, mine: bool) -> list[tuple[str, str]]:
    """(text, style name) for each line a block shows, as many as it has rows for."""
    item = block.item
    lines = [(printable(item.title, single_line=True), "title")]  # after its marks
    where = clock_span(block.starts, block.ends, zone)
    if item.room and mine:
        where += f" · {printable(item.room, single_line=True)}"
    if block.posters:
        where += f" · {len(block.posters)} of my posters"
    lines.append((where, "time"))
    for poster in block.posters:
        title = printable(poster.item.title, single_line=True)
        lines.append((f"{STAR_MARKS[poster.star.priority]} {title}", "text"))
    people = people_line(item)
    if people and item.kind is not Kind.POSTER_SESSION:
        lines.append((printable(people, single_line=True), "dim"))
    if block.star is not None and block.star.note:
        lines.append((f"Note: {printable(block.star.note, single_line=True)}", "dim"))
    return lines


def _draw_block(canvas: Canvas, spot: Spot, zone: ZoneInfo, styles: DayStyles, mine: bool) -> None:
    block, top, bottom, x0, x1 = spot.block, spot.top, spot.bottom, spot.x0, spot.x1
    if block.clashes:
        fill, edge = styles.clash, styles.clash_edge
    else:
        fill, edge = (styles.block if block.star or block.posters else styles.other), styles.edge
    if block.item.kind is Kind.BREAK:
        canvas.fill(x0, x1, top, bottom, "░", styles.shade)
    else:
        canvas.fill(x0, x1, top, bottom, " ", fill)
    maybe = block.star is not None and block.star.priority is Priority.MAYBE
    edge_char = "╎" if maybe else "▌"
    canvas.fill(x0, x0 + 1, top, bottom, edge_char, fill + edge)
    lines = _block_lines(block, zone, mine)
    height = bottom - top
    if len(lines) > height and block.posters and height > 2:
        hidden = len(lines) - height + 1
        lines = [*lines[: height - 1], (f"… and {hidden} more", "dim")]
    base = styles.shade if block.item.kind is Kind.BREAK else fill
    looks = {"title": Style(bold=True), "time": styles.time, "dim": styles.dim, "text": Style()}
    x = x0 + 1
    if block.clashes:
        canvas.put(x, top, "! ", base + styles.clash_edge, x1 - x)
        x += 2
    if block.star is not None:
        canvas.put(x, top, f"{STAR_MARKS[block.star.priority]} ", base + styles.star, x1 - x)
        x += 2
    for offset, (text, look) in enumerate(lines[:height]):
        start = x if offset == 0 else x0 + 1
        canvas.put(start, top + offset, text, base + looks[look], x1 - start)


def _ruled_body(width: int, rows: TimelineRows, hours: list[datetime], styles: DayStyles) -> Canvas:
    body = Canvas(width, rows.count + 1)
    for hour in hours:
        row = rows.row(hour)
        if row <= rows.count:
            body.fill(0, width, row, row + 1, "┈", styles.rule)
    return body


def draw_my_day(
    plan: DayPlan, width: int, height: int, styles: DayStyles, cursor: str | None
) -> Drawn:
    """My stars of the day, in lanes side by side where they overlap, the free time between
    them marked; ``cursor``: the id of the highlighted block's item."""
    hours = hours_of(plan)
    rows = fitting_rows(
        plan.start, [(b.starts, b.ends) for b in plan.blocks] + plan.gaps, hours, height
    )
    body = _ruled_body(width, rows, hours, styles)
    for start, end in plan.gaps:
        top, bottom = rows.span(start, end)
        body.fill(0, 1, top, bottom, "┆", styles.free)
        words = f"free {duration_words((end - start).total_seconds() / 60)}"
        body.put(2, top + (bottom - top - 1) // 2, words, styles.free)
    spots = []
    for block in plan.blocks:
        top, bottom = rows.span(block.starts, block.ends)
        x0 = width * block.lane // block.lanes
        x1 = width * (block.lane + 1) // block.lanes
        x1 -= 1 if block.lane + 1 < block.lanes else 0  # a column between lanes
        spots.append(Spot(block, block.lane, top, bottom, x0, x1))
    frame = _Frame(plan.day, plan.zone, rows, hours, styles)
    return _finish(body, spots, frame, cursor, mine=True)


def draw_grid(
    grid: DayGrid, width: int, height: int, styles: DayStyles, cursor: str | None
) -> Drawn:
    """Every room's items of the day, a column a room, my stars marked."""
    hours = hours_of(grid)
    blocks = grid.blocks
    rows = fitting_rows(grid.start, [(b.starts, b.ends) for b in blocks], hours, height)
    count = len(grid.columns)
    column = max(width // count, 1) if width // count >= GRID_COLUMN else GRID_COLUMN
    body_width = max(width, column * count)
    body = _ruled_body(body_width, rows, hours, styles)
    heading = Canvas(body_width, 1, styles.heading)
    spots = []
    for number, room in enumerate(grid.columns):
        left = number * column
        name = printable(room.room, single_line=True) if room.room else "(no room)"
        heading.put(left, 0, name, styles.heading, column - 1)
        for block in room.blocks:
            top, bottom = rows.span(block.starts, block.ends)
            x0 = left + (column - 1) * block.lane // block.lanes
            x1 = left + (column - 1) * (block.lane + 1) // block.lanes
            spots.append(Spot(block, number, top, bottom, x0, x1))
    spots.sort(key=lambda spot: (spot.top, spot.column, spot.x0))
    frame = _Frame(grid.day, grid.zone, rows, hours, styles)
    return _finish(body, spots, frame, cursor, mine=False, heading=heading)


@dataclass(frozen=True)
class _Frame:
    """What every picture of a day is drawn against."""

    day: date
    zone: ZoneInfo
    rows: TimelineRows
    hours: list[datetime]
    styles: DayStyles


def _finish(
    body: Canvas,
    spots: list[Spot],
    frame: _Frame,
    cursor: str | None,
    *,
    mine: bool,
    heading: Canvas | None = None,
) -> Drawn:
    styles, zone = frame.styles, frame.zone
    for spot in spots:
        _draw_block(body, spot, zone, styles, mine)
        if spot.block.item.id == cursor:
            body.restyle(spot.x0, spot.x1, spot.top, spot.bottom, styles.cursor)
    if heading is None:
        heading = Canvas(body.width, 1, styles.heading)
        heading.put(1, 0, "My day", styles.heading)
    picture = Picture(
        times_heading=_times_heading(frame.hours[0], styles).strip(0),
        heading=heading.strip(0),
        times=_times(frame.rows, frame.hours, frame.day, styles),
        body=[body.strip(y) for y in range(frame.rows.count + 1)],
        body_width=body.width,
        times_width=TIMES_WIDTH,
    )
    return Drawn(picture, spots)
