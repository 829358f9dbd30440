"""My agenda as a page to print or send: a self-contained HTML page with each day's timeline
(``day_plan``), and Markdown to paste into a chat or a wiki.

The HTML needs no network and runs no script: one file, its CSS inside, readable on a phone
(no sideways scrolling at 390 pixels) and printable. Every text from the program or a note is
made safe twice: control and bidi characters replaced (``display.printable``), then escaped for
the format (HTML entities; Markdown's punctuation backslashed and ``<`` as an entity).
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from itinerary.day_plan import Block, DayPlan, hours_of
from itinerary.display import people_line, printable
from itinerary.model import Kind, Program
from itinerary.timezones import clock_span
from itinerary.vocabulary import Priority
from itinerary.wording import STAR_MARKS, counted, duration_words

PX_PER_MINUTE = 2.0  # a 30-minute talk is 60 pixels high: its time, its title, its room


def _text(value: str) -> str:
    return html.escape(printable(value, single_line=True), quote=True)


STYLE = """
*{box-sizing:border-box}
body{font:15px/1.35 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;
max-width:60rem;padding:0 .75rem 2rem;color:#1b1b1b;background:#fff}
header p,.day h2{color:#444}
h1{font-size:1.4rem;margin:1rem 0 .25rem;overflow-wrap:anywhere}
.day h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
.timeline{position:relative;margin-left:3.4rem;border-left:1px solid #bbb}
.hour{position:absolute;left:-3.4rem;right:0;border-top:1px dotted #ccc;font-size:.75rem;
color:#666}
.hour span{display:inline-block;width:3rem;text-align:right;transform:translateY(-.6em);
background:#fff}
.gap{position:absolute;left:0;right:0;font-size:.75rem;color:#2e6b2e;padding:.2rem .5rem;
border-left:3px solid #7bb07b}
.block{position:absolute;overflow:hidden;padding:.15rem .35rem;border:1px solid #8aa4c8;
border-left-width:4px;border-radius:4px;background:#eef3fb;font-size:.8rem;
overflow-wrap:anywhere}
.block h3{font-size:.85rem;margin:0;font-weight:600}
.block p,.block ul{margin:0}
.block ul{padding-left:1rem}
.when{color:#333}
.where,.who,.note{color:#555}
.clash{border-color:#c0392b;background:#fdeeee}
.maybe{border-style:dashed}
.kind-break{background:repeating-linear-gradient(45deg,#f4f4f4,#f4f4f4 6px,#e6e6e6 6px,
#e6e6e6 12px);border-color:#aaa}
footer{margin-top:2rem;font-size:.75rem;color:#666}
@media print{body{max-width:none}.day{break-inside:avoid}}
""".strip()


def html_agenda(
    program: Program, plans: Sequence[DayPlan], zone: ZoneInfo, starred: int, conflicts: int
) -> str:
    """The whole page."""
    title = _text(program.title)
    summary = (
        f"My itinerary · {counted(starred, 'starred item')} · {counted(conflicts, 'conflict')} · "
        f"times in {_text(zone.key)}"
    )
    days = "\n".join(_day_html(plan, zone) for plan in plans) or "<p>Nothing starred yet.</p>"
    return (
        "<!doctype html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}: my itinerary</title>\n<style>\n{STYLE}\n</style>\n</head>\n<body>\n"
        f"<header><h1>{title}</h1><p>{summary}</p></header>\n{days}\n"
        "<footer>Made by itinerary. Clashing items are side by side, in red; a maybe has a "
        "dashed edge; breaks are shaded; free time is marked in green.</footer>\n"
        "</body>\n</html>\n"
    )


def _day_html(plan: DayPlan, zone: ZoneInfo) -> str:
    height = plan.minutes * PX_PER_MINUTE
    parts = [f'<section class="day"><h2>{plan.day:%A %d %B %Y}</h2>']
    parts.append(f'<div class="timeline" style="height:{height:.0f}px">')
    for hour in hours_of(plan):
        top = plan.minutes_from_start(hour) * PX_PER_MINUTE
        parts.append(f'<div class="hour" style="top:{top:.0f}px"><span>{hour:%H:%M}</span></div>')
    for start, end in plan.gaps:
        top = plan.minutes_from_start(start) * PX_PER_MINUTE
        size = (end - start).total_seconds() / 60
        parts.append(
            f'<div class="gap" style="top:{top:.0f}px;height:{size * PX_PER_MINUTE:.0f}px">'
            f"free {duration_words(size)}</div>"
        )
    parts += [_block_html(plan, block, zone) for block in plan.blocks]
    parts.append("</div></section>")
    return "\n".join(parts)


def _block_html(plan: DayPlan, block: Block, zone: ZoneInfo) -> str:
    item = block.item
    top = plan.minutes_from_start(block.starts) * PX_PER_MINUTE
    height = max(plan.minutes_from_start(block.ends) * PX_PER_MINUTE - top, 18.0)
    width = 100 / block.lanes
    classes = ["block", f"kind-{item.kind.value}"]
    if block.clashes:
        classes.append("clash")
    mark = STAR_MARKS[block.star.priority] if block.star else ""
    if block.star is not None and block.star.priority is Priority.MAYBE:
        classes.append("maybe")
    style = (
        f"top:{top:.0f}px;height:{height:.0f}px;"
        f"left:calc({block.lane * width:.4f}% + 2px);width:calc({width:.4f}% - 4px)"
    )
    when = clock_span(block.starts, block.ends, zone) + (" · clash" if block.clashes else "")
    lines = [
        f'<article class="{" ".join(classes)}" style="{style}" data-item="{_text(item.id)}">',
        f'<p class="when">{when}</p>',
        f"<h3>{mark + ' ' if mark else ''}{_text(item.title)}</h3>",
    ]
    if item.room:
        lines.append(f'<p class="where">{_text(item.room)}</p>')
    people = people_line(item)
    if people and item.kind is not Kind.POSTER_SESSION:
        lines.append(f'<p class="who">{_text(people)}</p>')
    if block.posters:
        posters = "".join(
            f"<li>{STAR_MARKS[p.star.priority]} {_text(p.item.title)}"
            + (f' <span class="note">({_text(p.star.note)})</span>' if p.star.note else "")
            + "</li>"
            for p in block.posters
        )
        lines.append(f'<ul class="posters">{posters}</ul>')
    if block.star is not None and block.star.note:
        lines.append(f'<p class="note">Note: {_text(block.star.note)}</p>')
    lines.append("</article>")
    return "".join(lines)


# What Markdown would act on mid-line (emphasis, code, links and images, tables, strikethrough),
# backslashed: a title like *this* or [x](y) stays as written. Every line of ours starts with
# "- " or "#", so a title cannot start a heading or a list of its own.
_MARKDOWN = re.compile(r"([\\`*_\[\]|~])")


def _md(value: str) -> str:
    text = printable(value, single_line=True)
    return _MARKDOWN.sub(r"\\\1", text).replace("<", "&lt;")


def markdown_agenda(
    program: Program, plans: Sequence[DayPlan], zone: ZoneInfo, starred: int, conflicts: int
) -> str:
    """A heading for each day, one line an item (posters and notes indented under it)."""
    lines = [
        f"# {_md(program.title)}: my itinerary",
        "",
        f"{counted(starred, 'starred item')}, {counted(conflicts, 'conflict')}; times in "
        f"{_md(zone.key)}.",
    ]
    for plan in plans:
        lines += ["", f"## {plan.day:%A %d %B %Y}", ""]
        for block in plan.blocks:
            lines += _block_markdown(block, zone)
    if not plans:
        lines += ["", "Nothing starred yet."]
    return "\n".join(lines) + "\n"


def _block_markdown(block: Block, zone: ZoneInfo) -> list[str]:
    item = block.item
    mark = STAR_MARKS[block.star.priority] + " " if block.star else ""
    line = f"- {mark}**{clock_span(block.starts, block.ends, zone)}** {_md(item.title)}"
    if item.room:
        line += f" · {_md(item.room)}"
    people = people_line(item)
    if people and item.kind is not Kind.POSTER_SESSION:
        line += f" · {_md(people)}"
    if block.clashes:
        line += " · ⚠ clash"
    lines = [line]
    lines += [
        f"  - {STAR_MARKS[p.star.priority]} {_md(p.item.title)}"
        + (f" (note: {_md(p.star.note)})" if p.star.note else "")
        for p in block.posters
    ]
    if block.star is not None and block.star.note:
        lines.append(f"  - Note: {_md(block.star.note)}")
    return lines
