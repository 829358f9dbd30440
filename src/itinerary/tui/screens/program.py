"""The program screen: the list, the detail of the highlighted item, the header; its own keys
(from the action table) and the filters it shows, as one reactive value."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from urllib.parse import urlsplit

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.reactive import var
from textual.widgets import Input, Static

from itinerary.clock import Clock, system_clock
from itinerary.display import printable
from itinerary.errors import ItineraryError
from itinerary.friends import friends_of
from itinerary.model import Item
from itinerary.session import Session
from itinerary.tui.bindings import bindings
from itinerary.tui.filters import Filters
from itinerary.tui.guard import guarded
from itinerary.tui.rows import (
    Row,
    RowBuilder,
    RowLook,
    build_rows,
    item_text,
    room_width,
    row_styles,
)
from itinerary.tui.screens.at_now import NowFollowing
from itinerary.tui.screens.filtering import FilteringScreen
from itinerary.tui.widgets.detail import DetailPane
from itinerary.tui.widgets.footer import KeysFooter
from itinerary.tui.widgets.program_view import ProgramView
from itinerary.wording import counted

STATE_CHECK_SECONDS = 0.5  # changes made in another terminal show within about a second


class ProgramScreen(FilteringScreen, NowFollowing):
    # Straight to the list (the search box, first in line, is hidden): every change of focus
    # makes the footer rebuild its keys.
    AUTO_FOCUS = "#program"
    BINDINGS = bindings("program")
    ACTIONS_OF = "program"  # which of the table's actions the palette offers here

    # var, not reactive (as the filters, in FilteringScreen): redrawn by the watchers.
    folded: var[frozenset[str]] = var(frozenset, init=False)  # poster sessions

    def __init__(self, session: Session, clock: Clock = system_clock) -> None:
        """``clock`` says when now is (the conference may be on)."""
        super().__init__()
        self.session, self.clock = session, clock
        # The rooms, tracks and days chosen last time for this program (no redraw: not mounted).
        self.set_reactive(ProgramScreen.filters, Filters(scope=self._restore_scope(session)))
        self._all_rows: tuple[tuple[str, frozenset[str]], list[Row]] | None = None
        self._row_builder: RowBuilder | None = None
        self.changed: frozenset[str] = frozenset()  # items changed since last seen: marked
        self._resumed = False
        self._stats_shown: Text | None = None

    def use_session(self, session: Session, changed: frozenset[str]) -> None:
        """Another program, or a new version of this one: shown in place, filters kept (but
        the rooms, tracks and days: another program's are those last chosen for it)."""
        other = session.program.id != self.session.program.id
        self.session, self.changed, self._all_rows = session, changed, None
        if other:
            scope = self._restore_scope(session)
            self.set_reactive(ProgramScreen.filters, replace(self.filters, scope=scope))
            self._show_notices()
        self._row_builder = None  # of the old program's items
        self.see_the_time()  # another program may be on now, or not
        self.refresh_program()
        if other:
            self.go_to_now()  # at now, if that one is on
        self._prepare_search()  # the new program's index, in the background again

    def mark_changed(self, changed: frozenset[str]) -> None:
        self.changed = changed
        self.refresh_marks()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Only in front: under a dialog its footer, still in sight, must not offer its keys.
        return self.is_active

    # --- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="header"):
            yield Static(id="header-title")
            yield Static(id="header-stats")
        hint = "Search titles, people, abstracts…  (Enter: back to the list, Escape: clear)"
        yield Input(placeholder=hint, id="search", compact=True)
        with Horizontal(id="main"):
            yield ProgramView(self.render_item, id="program")
            yield DetailPane(id="detail")
        yield KeysFooter()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # (Before Screen's.) First shown, its widgets were just styled: again would only delay.
        event.refresh_styles = event.refresh_styles and self._resumed
        self._resumed = True

    def on_mount(self) -> None:
        self.see_the_time()
        self.refresh_program()
        self.follow_the_time()  # at now while the conference is on, and every minute
        # Another terminal may star, import or drop a friend meanwhile: follow the state file.
        self.set_interval(STATE_CHECK_SECONDS, self._follow_state)
        self._show_notices()

    @on(ProgramView.Shown, "#program")
    def _prepare_search(self) -> None:
        """The search text of every item, made once the list is on screen (sooner, the thread
        slows the first frame), not at the first key: 0.5 s at 20,000 items; a search waits."""
        self.run_worker(self._prepare, name="search index", thread=True, exit_on_error=False)

    def _prepare(self) -> None:
        """In a worker thread: what a search needs, the index and the row builder (which the
        first screen does without: it costs more than the rows of everything once), the items
        by id (a poster's detail names its poster session); then what the first star saved
        needs."""
        session = self.session
        session.index.prepare()
        if self._row_builder is None:
            self._row_builder = RowBuilder(session.program, session.zone)  # one assignment
        session.program.by_id  # noqa: B018 (made once, here rather than at the first key)
        session.store.prepare_writing()

    def _follow_state(self) -> None:
        """Redraw when the state changed on disk, keeping the cursor, the search and filters."""
        try:
            changed = self.session.changed_elsewhere()
        except ItineraryError as error:  # a state being rewritten badly elsewhere: say it once
            self.notify(printable(str(error)), markup=False, severity="error", timeout=10)
            return
        if not changed:
            return
        self._show_notices()
        self.refresh_program()  # "starred only" and friends' picks may show other items
        self.refresh_marks()  # and every row drawn before may carry other marks
        from itinerary.tui.screens.itinerary import ItineraryScreen

        for screen in (s for s in self.app.screen_stack if isinstance(s, ItineraryScreen)):
            screen.refresh_contents()

    def render_item(self, row: Row, width: int = 0) -> Text:
        """``row`` as a list ``width`` columns wide shows it (0: as wide as the terminal)."""
        item = row.item
        assert item is not None
        session = self.session
        friends = None
        if session.state.friends:
            marks = session.friend_initials
            friends = tuple(marks[name] for name, _ in friends_of(session.state, item.id))
        conflicts = len(session.agenda.conflicts_of.get(item.id, ()))
        longest = max(map(len, session.program.rooms), default=0)
        rooms = room_width(longest, width or self.app.size.width)
        ended = self.now_on is not None and item.ends <= self.now_on
        look = RowLook(
            session.star_of(item), conflicts, friends, item.id in self.changed, rooms, ended
        )
        return item_text(row, session.zone, look, self._styles())

    def _styles(self) -> dict[str, str]:
        return row_styles(self.app.theme_variables)

    # --- what is shown ----------------------------------------------------------------------

    def watch_filters(self) -> None:
        self.refresh_program(redraw=False)
        self._save_scope()

    def watch_folded(self) -> None:
        self.refresh_program(redraw=False)

    def refresh_program(self, *, redraw: bool = True) -> None:
        """Rebuild the rows after the filters, the folds, the stars or the zone changed
        (``redraw=False``: only the filters or the folds did, rows look as they did)."""
        view = self.query_one("#program", ProgramView)
        rows = self.with_now_line(self._rows_for(self.filters.items(self.session)))
        view.set_rows(rows, view.item, redraw=redraw)
        self.refresh_header()
        self.query_one("#detail", DetailPane).show(view.item, self.session)

    def _rows_for(self, items: list[Item]) -> list[Row]:
        """The rows of ``items``. Those of the whole program are kept: going back to everything
        (a cleared search, a backspace) would otherwise rebuild every row of a big program."""
        session = self.session
        everything = self.filters.everything
        key = (session.zone.key, self.folded)
        if everything and self._all_rows is not None and self._all_rows[0] == key:
            return self._all_rows[1]
        builder = self._row_builder
        if builder is not None and (builder.program, builder.zone) != (
            session.program,
            session.zone,
        ):
            builder = None  # of another program or zone (one a worker built for the last)
        if builder is not None:
            rows = builder.rows(items, set(self.folded))
        elif everything:
            rows = build_rows(session.program, items, session.zone, set(self.folded))
        else:
            builder = self._row_builder = RowBuilder(session.program, session.zone)
            rows = builder.rows(items, set(self.folded))
        if everything:
            self._all_rows = (key, rows)
        return rows

    def refresh_marks(self) -> None:
        """Stars or conflicts changed: redraw without moving."""
        view = self.query_one("#program", ProgramView)
        view.refresh_rows()
        self.refresh_header()
        self.query_one("#detail", DetailPane).show(view.item, self.session)

    def refresh_header(self) -> None:
        session = self.session
        conflicts = len(session.agenda.conflicts)
        filters = self.filters.described(session.zone, session.program)
        # The filters first: a long conference name is what gives way on a narrow terminal.
        title = Text()
        if filters:
            title.append(" · ".join(printable(f, single_line=True) for f in filters), "reverse")
            title.append("  ")
        title.append(printable(session.program.title, single_line=True), style="bold")
        # As wide as the header leaves it: new words (a search's, at every key) need no layout.
        self.query_one("#header-title", Static).update(title, layout=False)
        stats = Text()
        stats.append(f"{session.zone.key}  ")
        stats.append(f"★ {session.starred_count}  ")
        stats.append(
            f"! {counted(conflicts, 'conflict')}",
            style="bold" if conflicts else "",
        )
        if stats != self._stats_shown:  # as wide as its words: laid out again when they change
            self._stats_shown = stats
            self.query_one("#header-stats", Static).update(stats)

    @on(ProgramView.Highlighted, "#program")
    def _highlighted(self, event: ProgramView.Highlighted) -> None:
        self.query_one("#detail", DetailPane).show(event.item, self.session)

    @on(ProgramView.FoldToggled, "#program")
    def _fold(self, event: ProgramView.FoldToggled) -> None:
        item = event.item
        target = item.parent if item.parent else item.id
        if not any(child.parent == target for child in self.session.program.items):
            return
        self.folded ^= {target}
        # Folding from a poster lands on its poster session.
        if target in self.folded and item.parent:
            view = self.query_one("#program", ProgramView)
            view.set_rows(view.rows, keep=target, redraw=False)

    # --- search and filters -----------------------------------------------------------------

    def action_search(self) -> None:
        search = self.query_one("#search", Input)
        search.display = True
        search.focus()

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        self.filters = replace(self.filters, search=event.value)

    @on(Input.Submitted, "#search")
    def _search_done(self, event: Input.Submitted) -> None:
        self.query_one("#program", ProgramView).focus()

    def action_clear_search(self) -> None:
        search = self.query_one("#search", Input)
        if search.value or search.display:
            search.value = ""
            search.display = False
            self.filters = replace(self.filters, search="")
            self.query_one("#program", ProgramView).focus()

    # --- stars ------------------------------------------------------------------------------

    def action_toggle_star(self) -> None:
        item = self._current()
        if item is not None and self._guard(lambda: self.session.toggle(item)):
            self.refresh_marks()

    def action_cycle_priority(self) -> None:
        item = self._current()
        if item is not None and self._guard(lambda: self.session.cycle(item)):
            self.refresh_marks()

    def action_open_link(self) -> None:
        item = self._current()
        if item is None:
            return
        url = item.url or ""
        if urlsplit(url).scheme.lower() not in ("http", "https"):
            # A program's link is text from outside: only a web page is opened, never a file,
            # a script or another program's scheme.
            said = f"{printable(item.title, single_line=True)} has no web page in the program"
            self.notify(said if not url else f"Not a web link: {printable(url, single_line=True)}",
                        markup=False, severity="warning")  # fmt: skip
            return
        self.app.open_url(url)
        self.notify(f"Opening {printable(url, single_line=True)}", markup=False)

    def action_undo(self) -> None:
        said: list[str] = []
        if self._guard(lambda: said.append(self.session.undo())):
            self.refresh_program()  # "starred only" may show it again, or not
            self.notify(printable(said[0], single_line=True), markup=False)

    def action_edit_note(self) -> None:
        item = self._current()
        if item is None:
            return

        def saved(note: str | None) -> None:
            if note is not None and self._guard(lambda: self.session.set_note(item, note)):
                self.refresh_marks()

        from itinerary.tui.screens.dialogs import NoteDialog  # (imported when first shown)

        self.app.push_screen(NoteDialog.for_item(self.session, item), saved)

    def _guard(self, change: Callable[[], object]) -> bool:
        if not guarded(self, change):
            return False
        self._show_notices()
        return True

    def _show_notices(self) -> None:
        """What the core says a person must know (a state file moved aside), on screen."""
        for notice in [*self.session.store.notices, *self._scope_notices]:
            self.notify(printable(notice), markup=False, severity="warning", timeout=30)
        self.session.store.notices.clear()
        self._scope_notices.clear()

    # --- other screens ----------------------------------------------------------------------

    def action_itinerary(self) -> None:
        from itinerary.tui.screens.itinerary import ItineraryScreen  # (imported when first shown)

        itinerary = ItineraryScreen(self.session, self.render_item)
        self.app.push_screen(itinerary, self._back_from_itinerary)

    def action_now_next(self) -> None:
        from itinerary.tui.screens.now_next import NowNextScreen  # (imported when first shown)

        self.app.push_screen(NowNextScreen(self.session, self.clock), self._back_from_itinerary)

    def _back_from_itinerary(self, chosen: str | None) -> None:
        """Back from My itinerary, the day view or Now and next; on ``chosen`` (Enter there),
        shown even if the filters or a folded poster session hid it."""
        if chosen is None or chosen not in self.session.program.by_id:
            self.refresh_program()
            return
        item = self.session.program.by_id[chosen]
        if item not in self.filters.items(self.session):
            self.filters = Filters()  # its watcher redraws
        if item.parent in self.folded:
            self.folded = self.folded - {item.parent}
        self.refresh_program()
        view = self.query_one("#program", ProgramView)
        view.set_rows(view.rows, keep=chosen)
        view.focus()

    def action_day_view(self) -> None:
        """The highlighted item's day as a timeline (the first day's with none); Enter there
        comes back here on the item it was on."""
        item = self._current()
        day = self._day_of(item) if item is not None else None
        from itinerary.tui.screens.day_view import DayViewScreen  # (imported when first shown)

        screen = DayViewScreen(self.session, day, item.id if item is not None else None)
        self.app.push_screen(screen, self._back_from_itinerary)

    def action_pick_zone(self) -> None:
        def chosen(name: str | None) -> None:
            if name and self._guard(lambda: self.session.choose_zone(name)):
                self.refresh_program()
                self.notify(f"Times are now shown in {name}.", markup=False)

        from itinerary.tui.screens.zone_picker import ZonePicker  # (imported when first shown)

        session = self.session
        self.app.push_screen(ZonePicker(session.zone.key, session.program.zone.key), chosen)

    def action_export(self) -> None:
        from itinerary.tui.exporting import Exporter  # (imported when first shown)

        self.app.push_screen(Exporter(self.session, self.notify).dialog())
