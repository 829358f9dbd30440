"""The planner's start made lighter (issue 15): what it no longer imports or builds before its
first frame is still there, and looks the same, when it is needed."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest
from textual import events
from textual.screen import ModalScreen, Screen
from textual.widgets._footer import FooterKey

from itinerary.tui.screens.program import ProgramScreen
from itinerary.tui.widgets.footer import KeysFooter
from itinerary.tui.widgets.program_view import ProgramView

# Imported when first shown (or when a followed program needs them), not at the start.
LATER = (
    "itinerary.follow",
    "itinerary.changes",
    "itinerary.fetch",
    "itinerary.tui.screens.dialogs",
    "itinerary.tui.screens.scope_dialog",
    "itinerary.tui.screens.day_picker",
    "itinerary.tui.screens.zone_picker",
    "itinerary.tui.screens.itinerary",
    "itinerary.tui.screens.following",
    "itinerary.tui.widgets.loading",
    "textual.widgets._selection_list",
    "textual.widgets._progress_bar",
)


def test_the_planner_starts_without_its_dialogs():
    code = (
        f"import sys, itinerary.tui.app; print(','.join(m for m in {LATER!r} if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


@pytest.mark.parametrize(
    ("keys", "shown"),
    [
        (["question_mark"], "HelpScreen"),
        (["n"], "NoteDialog"),
        (["z"], "ZonePicker"),
        (["f"], "KindsDialog"),
        (["r"], "ScopeDialog"),
        (["g"], "DayPicker"),
        (["i"], "ItineraryScreen"),
        (["p"], "ProgramPicker"),
    ],
)
async def test_a_screen_imported_when_first_shown_opens_on_its_key(make_app, es_fomo, keys, shown):
    app = make_app(es_fomo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*keys)
        await pilot.pause()
        assert type(app.screen).__name__ == shown
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ProgramScreen)


async def test_the_footer_keys_are_made_once_before_the_first_frame(make_app, es_fomo, monkeypatch):
    """Made with the footer, packed as the footer is at this width, and not made again for a
    change of bindings that leaves them as they were (the focus going to the list)."""
    seen: list[str] = []
    compose, render_lines = KeysFooter.compose, KeysFooter.render_lines

    def composing(self):
        seen.append("compose")
        yield from compose(self)

    def drawing(self, crop):
        seen.append("drawn")
        return render_lines(self, crop)

    monkeypatch.setattr(KeysFooter, "compose", composing)
    monkeypatch.setattr(KeysFooter, "render_lines", drawing)
    app = make_app(es_fomo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert seen[: seen.index("drawn")] == ["compose"]
        footer = app.screen.query_one(KeysFooter)
        keys = list(footer.query(FooterKey))
        assert len(keys) > 5
        assert footer.compact  # 112 to 140 columns
        for key in keys:  # the palette's key is packed at every width, as Footer makes it
            assert key.compact and key.has_class("-compact")


@pytest.mark.parametrize(("width", "wide"), [(120, True), (80, False)])
async def test_the_first_screen_is_styled_as_a_full_restyle_would(make_app, es_fomo, width, wide):
    """Its class of width given before it is mounted, and no restyle of every widget when it
    first shows: what each widget looks like is what styling them all again gives."""
    app = make_app(es_fomo)
    async with app.run_test(size=(width, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert screen.has_class("-wide") is wide and screen.has_class("-narrow") is not wide

        def looks() -> list[tuple[str, object, object]]:
            return [
                (repr(node), node.rich_style, node.styles.layout)
                for node in screen.walk_children(with_self=True)
            ]

        first = looks()
        app.update_styles(screen)
        await pilot.pause()
        assert looks() == first


async def test_a_saved_theme_colours_the_first_screen(make_app, es_fomo):
    app = make_app(es_fomo)
    async with app.run_test(size=(120, 40)) as pilot:
        app.theme = "textual-light"
        await pilot.pause()
        light = app.screen.query_one(ProgramView).rich_style
    again = make_app(es_fomo)
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert again.theme == "textual-light"
        assert again.screen.query_one(ProgramView).rich_style == light


async def test_back_from_a_dialog_the_program_screen_is_restyled(make_app, es_fomo):
    """Only the first showing of the program screen passes over Textual's restyle."""
    app = make_app(es_fomo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, ModalScreen)
        app.theme = "textual-light"
        await pilot.press("escape")
        await pilot.pause()
        screen: Screen = app.screen
        assert isinstance(screen, ProgramScreen)
        light = screen.query_one(ProgramView).rich_style
        app.update_styles(screen)
        await pilot.pause()
        assert screen.query_one(ProgramView).rich_style == light


async def test_the_search_index_is_prepared_once_the_list_is_shown(make_app, es_fomo):
    app = make_app(es_fomo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert app.session.index.prepared
        assert "by_id" in vars(app.session.program)  # for a poster's detail, not at a key


async def test_a_star_and_a_search_before_the_index_is_ready(make_app, es_fomo, monkeypatch):
    """The worker that prepares the index starts after the first frame: keys pressed before it
    is done work all the same."""
    release = threading.Event()
    prepare = ProgramScreen._prepare

    def held(self):
        release.wait(10)
        prepare(self)

    monkeypatch.setattr(ProgramScreen, "_prepare", held)
    app = make_app(es_fomo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("space")
        first = app.screen.query_one(ProgramView).item
        assert first is not None and app.session.star_of(first) is not None
        release.set()
        await pilot.press("slash", *"beidi")
        await app.workers.wait_for_complete()
        await pilot.pause()
        items = [row.item.id for row in app.screen.query_one(ProgramView).rows if row.item]
        assert len(items) == 3


async def test_keys_typed_before_the_program_screen_is_up_act_on_it(make_app, es_fomo, monkeypatch):
    """The program screen is pushed once Textual's start is over; keys that came sooner (typed
    while the planner was loading) wait for it."""
    from itinerary.tui.app import PlannerApp

    use_saved_theme = PlannerApp._use_saved_theme

    def typing_ahead(self):
        use_saved_theme(self)
        for key in ("down", "down", "space"):
            self.post_message(events.Key(key, None))

    monkeypatch.setattr(PlannerApp, "_use_saved_theme", typing_ahead)
    app = make_app(es_fomo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ProgramScreen)
        view = app.screen.query_one(ProgramView)
        items = [row.item for row in view.rows if row.item]
        assert view.item is items[2]
        assert app.session.star_of(items[2]) is not None


async def test_a_search_lays_the_list_out_again_only_when_its_scrollbar_comes_or_goes(
    make_app, es_fomo, monkeypatch
):
    """A new number of rows is a new virtual size, which would lay the whole screen out again
    at every key: the list asks for that only when its scrollbar comes or goes, and its
    scrollbar still tells the truth either way."""
    laid_out: list[int] = []
    refresh = ProgramView.refresh

    def counted(self, *regions, **options):
        if options.get("layout"):
            laid_out.append(len(self.rows))
        return refresh(self, *regions, **options)

    monkeypatch.setattr(ProgramView, "refresh", counted)
    app = make_app(es_fomo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(ProgramView)
        everything = len(view.rows)
        assert everything > view.scrollable_content_region.height and view.show_vertical_scrollbar
        laid_out.clear()
        await pilot.press("slash", "m")  # fewer rows, still more than a screen: no layout
        await pilot.pause()
        assert view.show_vertical_scrollbar and laid_out == []
        assert view.virtual_size.height == len(view.rows) < everything
        assert view.vertical_scrollbar.window_virtual_size == len(view.rows)
        await pilot.press(*"emor")  # "memor": a few rows, no scrollbar: laid out again
        await pilot.pause()
        assert len(view.rows) < view.scrollable_content_region.height
        assert not view.show_vertical_scrollbar and not view.vertical_scrollbar.display
        assert laid_out
        for _ in range(5):
            await pilot.press("backspace")  # everything again: the scrollbar is back
        await pilot.pause()
        assert len(view.rows) == everything == view.virtual_size.height
        assert view.show_vertical_scrollbar and view.vertical_scrollbar.display
        assert view.vertical_scrollbar.window_virtual_size == everything


async def test_the_scrollbar_follows_the_rows_with_no_search_to_lay_the_screen_out(
    make_app, es_fomo
):
    """Starred only, and back to everything (the search box, which lays the screen out at each
    key, untouched): the list's scrollbar goes, and comes back the size of every row."""
    app = make_app(es_fomo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(ProgramView)
        everything = len(view.rows)
        await pilot.press("space", "down", "down", "space", "s")
        await pilot.pause()
        assert len(view.rows) < view.scrollable_content_region.height
        assert not view.show_vertical_scrollbar and not view.vertical_scrollbar.display
        await pilot.press("s")
        await pilot.pause()
        assert len(view.rows) == everything == view.virtual_size.height
        assert view.show_vertical_scrollbar and view.vertical_scrollbar.display
        assert view.vertical_scrollbar.window_virtual_size == everything
