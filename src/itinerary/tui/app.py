"""The planner: browse, search, star, see clashes, pick a zone, export. Keyboard first.

The App reads the program (showing how far it has got, for a big one) and then pushes the
program screen, which owns the list, the detail and their keys."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime

from textual import events
from textual.app import App, ComposeResult, SystemCommand
from textual.screen import ModalScreen, Screen
from textual.theme import Theme

from itinerary.clock import system_clock
from itinerary.display import printable
from itinerary.errors import ItineraryError, PlannerFailed
from itinerary.model import Program
from itinerary.preferences import load_preferences, save_preferences
from itinerary.program_process import ProgramReader
from itinerary.storage import StateStore
from itinerary.tui.bindings import bindings, help_lines, palette_entries
from itinerary.tui.following import Following
from itinerary.tui.rows import marks_explained
from itinerary.tui.screens.program import ProgramScreen
from itinerary.tui.widgets.footer import KeysFooter


class PlannerApp(Following, App[ItineraryError | None]):
    CSS_PATH = "app.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS = bindings("app")  # help and quit: on every screen, and while reading

    def __init__(
        self,
        program: Program | ProgramReader,
        store: StateStore | None = None,
        zone: str | None = None,
        *,
        followed: str | None = None,
        offline: bool = False,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        """``program`` loaded already, or being read by a child process (the planner shows how
        far it has got); ``store`` defaults to the person's state for the program.
        ``followed``: the registered id of the program (checked for a new version when it
        came from a URL and is due, unless ``offline``; ``clock`` says when now is)."""
        super().__init__()
        self._zone_option = zone
        self.followed, self.offline = followed, offline
        self.clock = clock or system_clock
        self._program_screen: ProgramScreen | None = None
        self._reader = program if isinstance(program, ProgramReader) else None
        if isinstance(program, ProgramReader):
            self.title = printable(program.path.name, single_line=True)
        else:
            self.session = self.session_for(program, store)
            self.title = printable(program.title, single_line=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("help", "quit", "show_changes", "switch_program"):
            # A dialog has its own keys (its letters go to its fields): the footer must not
            # offer `? Help  q Quit` there.
            return not isinstance(self.screen, ModalScreen)
        return True

    @property
    def search_text(self) -> str:
        """The program screen's search (benchmarks/tui.py checks it)."""
        return self._program_screen.filters.search if self._program_screen else ""

    def compose(self) -> ComposeResult:
        if self._reader is not None:
            from itinerary.tui.widgets.loading import LoadingView  # (a big program read anew)

            yield LoadingView(self._reader.path)
            yield KeysFooter()

    async def on_event(self, event: events.Event) -> None:
        if (
            isinstance(event, events.InputEvent)
            and not event.is_forwarded
            and self._reader is None
            and self._program_screen is None
        ):
            # Typed before the program's screen is up (during Textual's start, or sooner, in
            # the terminal): for that screen, after it.
            self.post_message(event)
            return
        await super().on_event(event)

    def on_mount(self) -> None:
        self._use_saved_theme()
        if self._reader is None:
            # Once Textual's start is over: a screen shown within it is laid out and drawn
            # twice, its first frame thrown away (the start is one batch of updates).
            self.call_later(self._show_program)
            return
        self.run_worker(self._load(self._reader), name="reading the program", exclusive=True)

    def _use_saved_theme(self) -> None:
        """The theme chosen last time (one Textual no longer has is passed over), and every
        new choice saved as it is made."""
        saved, notices = load_preferences()
        if saved.theme in self.available_themes:
            self.theme = saved.theme
        for notice in notices:
            self.notify(printable(notice), markup=False, severity="warning", timeout=10)
        self.theme_changed_signal.subscribe(self, self._save_theme)

    def _save_theme(self, theme: Theme) -> None:
        current, _ = load_preferences()
        if current.theme == theme.name:
            return
        try:
            save_preferences(replace(current, theme=theme.name))
        except ItineraryError as error:
            self.notify(printable(str(error)), markup=False, severity="warning", timeout=10)

    def _show_program(self) -> None:
        """The program is here: show it."""
        # The program and its index live until the planner quits: keep the garbage collector
        # from scanning them again and again (a pause of 0.1-0.2 s on 20,000 items).
        gc.freeze()
        self._program_screen = self._sized(ProgramScreen(self.session, self.clock))
        self.push_screen(self._program_screen)
        self.follow_program()

    def _sized(self, screen: ProgramScreen) -> ProgramScreen:
        """``screen`` with the class of the terminal's width (``-narrow``, ``-wide``) before it
        is mounted: Textual gives it on the screen's first resize, and every widget of a screen
        whose class changed is styled again."""
        width = self.size.width
        classes = {name: False for _, name in self.HORIZONTAL_BREAKPOINTS}
        reached = [name for least, name in sorted(self.HORIZONTAL_BREAKPOINTS) if width >= least]
        if reached:
            classes[reached[-1]] = True
        screen.update_classes(classes, update=False)
        return screen

    def on_unmount(self) -> None:
        gc.unfreeze()  # the program may go now (a process that runs the planner again)
        if self._reader is not None:
            self._reader.stop()  # still reading: killed; done: let it finish the cache

    async def _load(self, reader: ProgramReader) -> None:
        """Wait for the child process reading the program (killed if the person quits first),
        showing how far it has got; then show the program, or leave saying what is wrong."""
        from itinerary.tui.widgets.loading import LoadingView

        loading = self.query_one(LoadingView)
        try:
            program = await reader.program(loading.reading)
            session = self.session_for(program)
        except ItineraryError as error:
            self.exit(error, return_code=2)
            return
        self.session = session
        self.title = printable(program.title, single_line=True)
        with self.batch_update():  # no frame with the list still empty
            await loading.remove()  # its progress bar would go on moving under the program
            self._show_program()

    def action_help(self) -> None:
        from itinerary.tui.screens.dialogs import HelpScreen  # (imported when first shown)

        self.push_screen(HelpScreen(help_lines(), marks_explained()))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        where = getattr(screen, "ACTIONS_OF", None)
        if where is None:  # reading the program, or a dialog: no actions of the table here
            return
        for entry in palette_entries(where):
            target = self if entry.where == "app" else screen
            yield SystemCommand(
                entry.palette, entry.description, getattr(target, f"action_{entry.action}")
            )


def run_planner(
    program: Program | ProgramReader,
    zone: str | None = None,
    *,
    followed: str | None = None,
    offline: bool = False,
) -> None:
    """Run the planner until the person quits; raise what made it stop reading the program."""
    app = PlannerApp(program, zone=zone, followed=followed, offline=offline)
    problem = app.run()
    if isinstance(problem, ItineraryError):
        raise problem
    if app.return_code:  # an error of the planner's own: Textual has shown its traceback
        raise PlannerFailed(
            "the planner stopped on an unexpected error (shown above); every change made "
            "before it was saved. Please report it with the lines above."
        )
