"""The planner: browse, search, star, see clashes, pick a zone, export. Keyboard first."""

from __future__ import annotations

import gc
from collections.abc import Iterable
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Static

from itinerary.display import printable
from itinerary.errors import ItineraryError, PlannerFailed
from itinerary.export import NothingToExport, default_export_path, export_itinerary, write_file
from itinerary.friends import friends_of
from itinerary.model import Item, Kind, Program
from itinerary.program_process import ProgramReader
from itinerary.storage import StateStore
from itinerary.timezones import get_zone
from itinerary.tui.planner import Planner
from itinerary.tui.rows import Row, RowLook, build_rows, item_text
from itinerary.tui.screens.dialogs import HelpScreen, KindsDialog, NoteDialog
from itinerary.tui.screens.export_dialog import ExportDialog, ExportRequest
from itinerary.tui.screens.itinerary import ItineraryScreen
from itinerary.tui.screens.zone_picker import ZonePicker
from itinerary.tui.widgets.detail import DetailPane
from itinerary.tui.widgets.footer import KeysFooter
from itinerary.tui.widgets.loading import LoadingView
from itinerary.tui.widgets.program_view import ProgramView

# Shown in the help screen with the list's own keys; each is also a binding or palette command.
KEYS = [
    ("↑ ↓ PgUp PgDn Home End", "move through the program"),
    ("/", "search titles, people and abstracts as you type"),
    ("Escape", "clear the search"),
    ("space", "star or unstar the highlighted item"),
    ("m", "must ↔ maybe"),
    ("u", "undo the last change (a star, an unstar, a priority, a note, a zone), again and again"),
    ("n", "edit the note kept with the star"),
    ("Enter", "fold or unfold the posters of a poster session"),
    ("f", "choose which kinds of item to show"),
    ("s", "starred items only, or everything"),
    ("F", "items a friend starred that you have not (friends from `itinerary import --overlay`)"),
    ("i", "my itinerary: starred items and their conflicts"),
    ("tab", "to the detail pane (scroll a long abstract with the arrows), and back"),
    ("space (in my itinerary)", "unstar the highlighted item"),
    ("tab (in my itinerary)", "to the conflicts, to pick one"),
    ("1 / 2 (in my itinerary)", "unstar the left / right item of the conflict"),
    ("z", "choose the time zone to show times in"),
    ("e", "export to a calendar file (.ics)"),
    ("ctrl+p", "command palette"),
    ("?", "this help"),
    ("q", "quit"),
]


STATE_CHECK_SECONDS = 0.5  # changes made in another terminal show within about a second


class _ProgramScreen(Screen):
    # Straight to the list (the search box, first in line, is hidden): every change of focus
    # makes the footer rebuild its keys.
    AUTO_FOCUS = "#program"


class PlannerApp(App[ItineraryError | None]):
    CSS_PATH = "app.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    # In the footer's order: what a newcomer needs first, so an 80-column footer shows it all
    # up to quitting; the rest is in the help (?) and the palette.
    BINDINGS = [
        Binding("slash", "search", "Search"),
        Binding("space", "toggle_star", "Star"),
        Binding("i", "itinerary", "Itinerary"),
        Binding("z", "pick_zone", "Zone"),
        Binding("e", "export", "Export"),
        Binding("question_mark", "help", "Help"),
        Binding("q", "quit", "Quit"),
        Binding("u", "undo", "Undo"),
        Binding("m", "cycle_priority", "Must/maybe"),
        Binding("n", "edit_note", "Note"),
        Binding("s", "starred_only", "Starred"),
        Binding("f", "filter_kinds", "Kinds"),
        Binding("F", "friends_picks", "Friends' picks", show=False),
        Binding("escape", "clear_search", "Clear search", show=False),
    ]

    def __init__(
        self,
        program: Program | ProgramReader,
        store: StateStore | None = None,
        zone: str | None = None,
    ) -> None:
        """``program`` loaded already, or being read by a child process (the planner shows how
        far it has got); ``store`` defaults to the person's state for the program."""
        super().__init__()
        self.search_text = ""
        self.kinds: set[Kind] = set()
        self.starred_only = False
        self.friends_picks = False
        self.collapsed: set[str] = set()
        self._zone_option = zone
        self._all_rows: tuple[tuple[str, frozenset[str]], list[Row]] | None = None
        self._reader = program if isinstance(program, ProgramReader) else None
        if isinstance(program, ProgramReader):
            self.pending: ProgramReader | None = program
            self.title = printable(program.path.name, single_line=True)
        else:
            self.pending = None
            self.planner = Planner(program, store or StateStore(program.id), zone)
            self.title = printable(program.title, single_line=True)

    # Actions on the program list: only while it is the screen in front (not under a dialog,
    # not from My itinerary, which has keys of its own).
    PROGRAM_ACTIONS = frozenset(
        {
            "search",
            "toggle_star",
            "cycle_priority",
            "undo",
            "edit_note",
            "filter_kinds",
            "starred_only",
            "friends_picks",
            "itinerary",
            "pick_zone",
            "export",
            "clear_search",
        }
    )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.PROGRAM_ACTIONS:
            return self.pending is None and len(self.screen_stack) == 1
        if action in ("help", "quit"):
            # A dialog has its own keys (its letters go to its fields): the footer must not
            # offer `? Help  q Quit` there.
            return not isinstance(self.screen, ModalScreen)
        return True

    # --- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        if self.pending is not None:
            yield LoadingView(self.pending.path)
            yield KeysFooter()
            return
        with Horizontal(id="header"):
            yield Static(id="header-title")
            yield Static(id="header-stats")
        hint = "Search titles, people, abstracts…  (Enter: back to the list, Escape: clear)"
        yield Input(placeholder=hint, id="search", compact=True)
        with Horizontal(id="main"):
            yield ProgramView(self.render_item, id="program")
            yield DetailPane(id="detail")
        yield KeysFooter()

    def get_default_screen(self) -> Screen:
        return _ProgramScreen(id="_default")

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        if self.pending is None:
            self._start()
            return
        self.run_worker(self._load(self.pending), name="reading the program", exclusive=True)

    def _start(self) -> None:
        """The program is here: show it."""
        # The program and its index live until the planner quits: keep the garbage collector
        # from scanning them again and again (a pause of 0.1-0.2 s on 20,000 items).
        gc.freeze()
        self.refresh_program()
        # Another terminal may star, import or drop a friend meanwhile: follow the state file.
        self.set_interval(STATE_CHECK_SECONDS, self._follow_state)
        self._show_notices()

    def on_unmount(self) -> None:
        gc.unfreeze()  # the program may go now (a process that runs the planner again)
        if self._reader is not None:
            self._reader.stop()  # still reading: killed; done: let it finish the cache

    # --- a big program read for the first time ------------------------------------------------

    async def _load(self, reader: ProgramReader) -> None:
        """Wait for the child process reading the program (killed if the person quits first),
        showing how far it has got; then show the program, or leave saying what is wrong."""
        try:
            program = await reader.program(self.query_one(LoadingView).reading)
            planner = Planner(program, StateStore(program.id), self._zone_option)
        except ItineraryError as error:
            self.exit(error, return_code=2)
            return
        self.planner = planner
        self.pending = None
        self.title = printable(program.title, single_line=True)
        with self.batch_update():  # no frame with the list still empty
            await self.recompose()
            self.query_one("#program", ProgramView).focus()
            self._start()

    def _follow_state(self) -> None:
        """Redraw when the state changed on disk, keeping the cursor, the search and filters."""
        try:
            changed = self.planner.changed_elsewhere()
        except ItineraryError as error:  # a state being rewritten badly elsewhere: say it once
            self.notify(printable(str(error)), markup=False, severity="error", timeout=10)
            return
        if not changed:
            return
        self._show_notices()
        self.refresh_program()  # "starred only" and friends' picks may show other items
        self.refresh_marks()  # and every row drawn before may carry other marks
        for screen in self.screen_stack:
            if isinstance(screen, ItineraryScreen):
                screen.refresh_contents()

    def _theme_changed(self, _theme: object) -> None:
        # Rows are drawn once and kept; with a new theme they must take its colours.
        for screen in self.screen_stack:
            for view in screen.query(ProgramView):
                view.refresh_rows()

    def render_item(self, row: Row) -> Text:
        item = row.item
        assert item is not None
        planner = self.planner
        friends = None
        if planner.state.friends:
            marks = planner.friend_initials
            friends = tuple(marks[name] for name, _ in friends_of(planner.state, item.id))
        look = RowLook(planner.star_of(item), len(planner.conflicts_of.get(item.id, ())), friends)
        return item_text(row, planner.zone, look, self._styles())

    def _styles(self) -> dict[str, str]:
        # Theme colours, so a light theme stays readable.
        variables = self.theme_variables
        return {
            "star-must": f"bold {variables.get('warning', 'yellow')}",
            "star-maybe": variables.get("warning", "yellow"),
            "conflict": f"bold {variables.get('error', 'red')}",
            "time": variables.get("text-secondary", variables.get("secondary", "")),
            "dim": "dim",
            "friend": variables.get("accent", "cyan"),
        }

    # --- what is shown ----------------------------------------------------------------------

    def refresh_program(self) -> None:
        """Rebuild the rows after the search, the filters or the zone changed."""
        planner = self.planner
        items = planner.index.matching(self.search_text, self.kinds)
        if self.starred_only:
            items = [item for item in items if item.id in planner.state.stars]
        if self.friends_picks:
            items = [
                item
                for item in items
                if item.id not in planner.state.stars and friends_of(planner.state, item.id)
            ]
        view = self.query_one("#program", ProgramView)
        keep = view.item.id if view.item else None
        view.set_rows(self._rows_for(items), keep)
        self.refresh_header()
        self.query_one("#detail", DetailPane).show(view.item, planner)

    def _rows_for(self, items: list[Item]) -> list[Row]:
        """The rows of ``items``. Those of the whole program are kept: going back to everything
        (a cleared search, a backspace) would otherwise rebuild every row of a big program."""
        planner = self.planner
        everything = not (self.search_text or self.kinds or self.starred_only or self.friends_picks)
        key = (planner.zone.key, frozenset(self.collapsed))
        if everything and self._all_rows is not None and self._all_rows[0] == key:
            return self._all_rows[1]
        rows = build_rows(planner.program, items, planner.zone, self.collapsed)
        if everything:
            self._all_rows = (key, rows)
        return rows

    def refresh_marks(self) -> None:
        """Stars or conflicts changed: redraw without moving."""
        self.query_one("#program", ProgramView).refresh_rows()
        self.refresh_header()
        view = self.query_one("#program", ProgramView)
        self.query_one("#detail", DetailPane).show(view.item, self.planner)

    def refresh_header(self) -> None:
        planner = self.planner
        conflicts = len(planner.conflicts)
        filters = []
        if self.search_text:
            filters.append(f"search “{self.search_text}”")
        if self.kinds:
            filters.append("kinds: " + ", ".join(sorted(kind.value for kind in self.kinds)))
        if self.starred_only:
            filters.append("starred only")
        if self.friends_picks:
            filters.append("friends' picks I have not starred")
        # The filters first: a long conference name is what gives way on a narrow terminal.
        title = Text()
        if filters:
            title.append(" · ".join(printable(f, single_line=True) for f in filters), "reverse")
            title.append("  ")
        title.append(printable(planner.program.title, single_line=True), style="bold")
        self.query_one("#header-title", Static).update(title)
        stats = Text()
        stats.append(f"{planner.zone.key}  ")
        stats.append(f"★ {planner.starred_count}  ")
        stats.append(
            f"! {conflicts} conflict{'s' if conflicts != 1 else ''}",
            style="bold" if conflicts else "",
        )
        self.query_one("#header-stats", Static).update(stats)

    @on(ProgramView.Highlighted, "#program")
    def _highlighted(self, event: ProgramView.Highlighted) -> None:
        self.query_one("#detail", DetailPane).show(event.item, self.planner)

    @on(ProgramView.FoldToggled, "#program")
    def _fold(self, event: ProgramView.FoldToggled) -> None:
        item = event.item
        target = item.parent if item.parent else item.id
        if not any(child.parent == target for child in self.planner.program.items):
            return
        self.collapsed ^= {target}
        view = self.query_one("#program", ProgramView)
        self.refresh_program()
        # Folding from a poster lands on its poster session.
        if target in self.collapsed and item.parent:
            view.set_rows(view.rows, keep=target)

    # --- search and filters -----------------------------------------------------------------

    def action_search(self) -> None:
        search = self.query_one("#search", Input)
        search.display = True
        search.focus()

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        self.search_text = event.value
        self.refresh_program()

    @on(Input.Submitted, "#search")
    def _search_done(self, event: Input.Submitted) -> None:
        self.query_one("#program", ProgramView).focus()

    def action_clear_search(self) -> None:
        search = self.query_one("#search", Input)
        if search.value or search.display:
            search.value = ""
            search.display = False
            self.search_text = ""
            self.refresh_program()
            self.query_one("#program", ProgramView).focus()

    def action_filter_kinds(self) -> None:
        present = [kind for kind in Kind if any(i.kind is kind for i in self.planner.program.items)]

        def chosen(kinds: set[Kind] | None) -> None:
            if kinds is not None:
                self.kinds = kinds
                self.refresh_program()

        self.push_screen(KindsDialog(present, self.kinds), chosen)

    def action_friends_picks(self) -> None:
        if not self.planner.state.friends:
            self.notify(
                "No friends' itineraries yet: `itinerary import FILE --overlay` adds one.",
                severity="warning",
            )
            return
        self.friends_picks = not self.friends_picks
        self.refresh_program()

    def action_starred_only(self) -> None:
        self.starred_only = not self.starred_only
        self.refresh_program()
        self.notify("Showing starred items only." if self.starred_only else "Showing everything.")

    # --- stars ------------------------------------------------------------------------------

    def _current(self) -> Item | None:
        return self.query_one("#program", ProgramView).item

    def action_toggle_star(self) -> None:
        item = self._current()
        if item is None:
            return
        if self._guard(lambda: self.planner.toggle(item)):
            self.refresh_marks()

    def action_cycle_priority(self) -> None:
        item = self._current()
        if item is not None and self._guard(lambda: self.planner.cycle(item)):
            self.refresh_marks()

    def action_undo(self) -> None:
        said: list[str] = []
        if self._guard(lambda: said.append(self.planner.undo())):
            self.refresh_program()  # "starred only" may show it again, or not
            self.notify(printable(said[0], single_line=True), markup=False)

    def action_edit_note(self) -> None:
        item = self._current()
        if item is None:
            return
        star = self.planner.star_of(item)

        def saved(note: str | None) -> None:
            if note is not None and self._guard(lambda: self.planner.set_note(item, note)):
                self.refresh_marks()

        self.push_screen(
            NoteDialog(
                printable(item.title, single_line=True),
                # A colleague's note arrives by import: edited as text, never as escapes.
                printable(star.note) if star and star.note else "",
            ),
            saved,
        )

    def _guard(self, change) -> bool:
        """Run a change through the core; show its error instead of crashing."""
        try:
            change()
        except ItineraryError as error:
            self.notify(printable(str(error)), markup=False, severity="error", timeout=10)
            return False
        self._show_notices()
        return True

    def _show_notices(self) -> None:
        """What the core says a person must know (a state file moved aside), on screen."""
        for notice in self.planner.store.notices:
            self.notify(printable(notice), markup=False, severity="warning", timeout=30)
        self.planner.store.notices.clear()

    # --- screens ----------------------------------------------------------------------------

    def action_itinerary(self) -> None:
        self.push_screen(ItineraryScreen(), lambda _: self.refresh_program())

    def action_pick_zone(self) -> None:
        def chosen(name: str | None) -> None:
            if name and self._guard(lambda: self.planner.choose_zone(name)):
                self.refresh_program()
                self.notify(f"Times are now shown in {name}.", markup=False)

        self.push_screen(ZonePicker(self.planner.zone.key, self.planner.program.zone.key), chosen)

    def action_export(self) -> None:
        path = str(default_export_path(self.planner.program).absolute())
        self.push_screen(ExportDialog(path, self.planner.zone.key, self._export))

    def _export(self, request: ExportRequest) -> str | None:
        """Export as the dialog asks; what went wrong, for the dialog to show, or None."""
        try:
            zone = get_zone(request.zone)
            path = Path(request.path).expanduser()
            result = export_itinerary(
                self.planner.program,
                self.planner.store,
                zone,
                write=write_file(path),
                posters="separate" if request.posters == "separate" else "grouped",
                alarm_minutes=request.alarm_minutes,
                everything=request.everything,
            )
        except NothingToExport:
            return (
                "Nothing is starred, so there is nothing to export: star items with space, "
                "or tick “the whole program”."
            )
        except ItineraryError as error:
            return printable(str(error))
        self.planner.reload()
        self.notify(result.describe(str(path)), markup=False, title="Exported", timeout=8)
        return None

    def action_help(self) -> None:
        self.push_screen(HelpScreen(KEYS))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if self.pending is not None:
            return
        commands = [
            ("Search", "Search titles, people and abstracts", self.action_search),
            ("Star / unstar", "Star or unstar the highlighted item", self.action_toggle_star),
            (
                "Must / maybe",
                "Change how much the highlighted star matters",
                self.action_cycle_priority,
            ),
            ("Edit note", "Edit the note kept with the highlighted star", self.action_edit_note),
            ("Undo", "Undo the last change made here", self.action_undo),
            ("Filter kinds", "Choose which kinds of item to show", self.action_filter_kinds),
            ("Starred only", "Show only starred items, or everything", self.action_starred_only),
            (
                "Friends' picks",
                "Items a friend starred that you have not",
                self.action_friends_picks,
            ),
            ("My itinerary", "Starred items by time, with their conflicts", self.action_itinerary),
            ("Time zone", "Choose the zone times are shown in", self.action_pick_zone),
            ("Export", "Write the itinerary as an iCalendar file", self.action_export),
            ("Help: every key", "What each key does, in one list", self.action_help),
        ]
        for title, help_text, callback in commands:
            yield SystemCommand(title, help_text, callback)


def run_planner(program: Program | ProgramReader, zone: str | None = None) -> None:
    """Run the planner until the person quits; raise what made it stop reading the program."""
    app = PlannerApp(program, zone=zone)
    problem = app.run()
    if isinstance(problem, ItineraryError):
        raise problem
    if app.return_code:  # an error of the planner's own: Textual has shown its traceback
        raise PlannerFailed(
            "the planner stopped on an unexpected error (shown above); every change made "
            "before it was saved. Please report it with the lines above."
        )
