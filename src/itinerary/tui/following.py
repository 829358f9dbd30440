"""The planner's part in following a conference, mixed into the App: a background check for a
new version (when the program came from a URL and its policy says it is due), the changes
marked on their rows until seen, the Changes screen, and switching program without
restarting. Fetching and parsing run in threads: the program stays usable meanwhile."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from textual import work

from itinerary.display import printable
from itinerary.errors import ItineraryError
from itinerary.model import Program
from itinerary.program import default_program_path, load_program
from itinerary.registry import BUILTIN_ID, Entry, ProgramRegistry, choose_program
from itinerary.session import Session
from itinerary.storage import StateStore
from itinerary.wording import counted

# Following a conference (itinerary.follow, .changes and their screens) is imported when the
# planner first needs it, not at its start: most programs are not followed.
if TYPE_CHECKING:
    from textual.app import App

    from itinerary.changes import ChangeReport
    from itinerary.tui.screens.program import ProgramScreen

    _Base = App[object]
else:
    _Base = object


class Following(_Base):
    followed: str | None
    offline: bool
    clock: Callable[[], datetime]
    session: Session
    _zone_option: str | None
    _program_screen: ProgramScreen | None

    @property
    def folders(self) -> ProgramRegistry:
        return ProgramRegistry()

    def entry(self) -> Entry | None:
        if self.followed is None:
            return None
        return self.folders.load().programs.get(self.followed)

    def session_for(self, program: Program, store: StateStore | None = None) -> Session:
        session = Session(program, store or StateStore(program.id), self._zone_option)
        entry = self.entry()
        if entry is not None:
            session.former = {key: gone.as_item() for key, gone in entry.retired.items()}
        return session

    def follow_program(self) -> None:
        """The program is on screen: mark what changed since last seen, and check for a new
        version if it is due."""
        entry = self.entry()
        if entry is None:
            return
        from itinerary.follow import check_due

        self._mark_changes(entry, self.session)
        if not self.offline and check_due(entry, self.clock()):
            self._check(entry.id)

    @work(thread=True, exclusive=True, exit_on_error=False, group="changes")
    def _mark_changes(self, entry: Entry, session: Session) -> None:
        from itinerary.follow import change_report

        report = change_report(self.folders, entry, set(session.state.stars), self.clock())
        self.call_from_thread(self._show_marks, report)

    def _show_marks(self, report: ChangeReport) -> None:
        if self._program_screen is not None:
            self._program_screen.mark_changed(frozenset(report.changed_ids()))

    @work(thread=True, exclusive=True, exit_on_error=False, group="check")
    def _check(self, registry_id: str) -> None:
        """Ask the source for a new version; parse it here, off the main thread."""
        from itinerary.follow import change_report, open_copy, update_program

        try:
            outcome = update_program(registry_id, folders=self.folders, now=self.clock())
            if outcome.status != "updated":
                return
            program = open_copy(self.folders, outcome.entry)
            stars = set(self.session.state.stars)
            report = change_report(self.folders, outcome.entry, stars, self.clock())
        except ItineraryError as error:
            message = f"Could not check for a new version: {printable(str(error))}"
            self.call_from_thread(self.notify, message, markup=False, severity="warning")
            return
        self.call_from_thread(self._take_update, program, report)

    def _take_update(self, program: Program, report: ChangeReport) -> None:
        self._use(self.session_for(program), report)
        picks = report.picks_summary()
        said = picks or f"{counted(len(report.changes), 'change')}, none to your picks"
        self.notify(f"Schedule updated: {said}. Press c to see them.", markup=False, timeout=15)

    def _use(self, session: Session, report: ChangeReport | None) -> None:
        self.session = session
        self.title = printable(session.program.title, single_line=True)
        if self._program_screen is not None:
            changed = frozenset(report.changed_ids()) if report else frozenset[str]()
            self._program_screen.use_session(session, changed)

    # --- the Changes screen -----------------------------------------------------------------

    def action_show_changes(self) -> None:
        entry = self.entry()
        if entry is None or self._program_screen is None:
            self.notify(
                "This program is not one you follow: `itinerary add URL` follows one, and "
                "its changes show here.",
                severity="warning",
            )
            return
        self._open_changes(entry, self.session)

    @work(thread=True, exclusive=True, exit_on_error=False, group="changes")
    def _open_changes(self, entry: Entry, session: Session) -> None:
        from itinerary.changes import report_lines
        from itinerary.follow import change_report
        from itinerary.tui.screens.following import ChangesScreen

        try:
            report = change_report(self.folders, entry, set(session.state.stars), self.clock())
        except ItineraryError as error:
            self.call_from_thread(self.notify, printable(str(error)), markup=False,
                                  severity="error")  # fmt: skip
            return
        lines = report_lines(report, session.zone, entry.title)
        self.call_from_thread(self.push_screen, ChangesScreen(lines), self._seen(entry.id))

    def _seen(self, registry_id: str) -> Callable[[bool | None], None]:
        def seen(closed: bool | None) -> None:
            if not closed:
                return
            from itinerary.follow import mark_seen

            try:
                mark_seen(registry_id, folders=self.folders)
            except ItineraryError as error:
                self.notify(printable(str(error)), markup=False, severity="error")
                return
            if self._program_screen is not None:
                self._program_screen.mark_changed(frozenset())

        return seen

    # --- switching program ------------------------------------------------------------------

    def action_switch_program(self) -> None:
        from itinerary.tui.screens.following import ProgramPicker

        registry = self.folders.load()
        programs = [(BUILTIN_ID, "ES-FoMo 2023, shipped with itinerary")]
        programs += [(key, entry.title) for key, entry in registry.programs.items()]
        current = self.followed or BUILTIN_ID

        def chosen(key: str | None) -> None:
            if key is not None and key != current:
                self.notify(f"Opening {key}…", markup=False, timeout=3)
                self._switch(key)

        self.push_screen(ProgramPicker(programs, current), chosen)

    @work(thread=True, exclusive=True, exit_on_error=False, group="switch")
    def _switch(self, key: str) -> None:
        """Read the chosen program here, off the main thread (a big one from the store)."""
        from itinerary.follow import use_program

        try:
            folders = self.folders
            choice = choose_program(key, None, folders, folders.load())
            path = choice.path if choice.entry else default_program_path()
            program = load_program(path, choice.zone)
            use_program(key, folders=folders)
        except ItineraryError as error:
            self.call_from_thread(self.notify, printable(str(error)), markup=False,
                                  severity="error")  # fmt: skip
            return
        self.call_from_thread(self._switched, key if choice.entry else None, program)

    def _switched(self, followed: str | None, program: Program) -> None:
        while self._program_screen is not None and self.screen is not self._program_screen:
            self.pop_screen()
        self.followed = followed
        self._use(self.session_for(program), None)
        self.notify(f"Now showing {printable(program.title, single_line=True)}.", markup=False)
        self.follow_program()
