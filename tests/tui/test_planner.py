"""Every flow of the planner, driven with the pilot: what it shows and what it saves."""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual.widgets import Input, OptionList, Static

from itinerary.model import Kind, Program
from itinerary.paths import home_dir
from itinerary.selection import Priority
from itinerary.storage import StateStore
from itinerary.tui.rows import build_rows
from itinerary.tui.screens.dialogs import HelpScreen, KindsDialog, NoteDialog
from itinerary.tui.screens.export_dialog import ExportDialog
from itinerary.tui.screens.itinerary import ItineraryScreen
from itinerary.tui.screens.zone_picker import ZonePicker
from itinerary.tui.widgets.program_view import ProgramView
from itinerary.validation import dump, validate

H2O = "h2o-heavy-hitter-oracle-for-efficient-generative"


def view(app) -> ProgramView:
    return app.screen.query_one(ProgramView)


def text_of(widget: Static) -> str:
    content = widget.render()
    return content.plain if isinstance(content, Text) else str(content)


def detail(app) -> str:
    body = app.screen.query_one("#detail-body", Static)
    return "\n".join(line.plain for line in body.content.renderables)  # type: ignore[union-attr]


def shown_ids(app) -> list[str]:
    return [row.item.id for row in view(app).rows if row.item is not None]


async def toasts(app, pilot) -> list[str]:
    """The notifications as drawn on screen (drawing them is what would fail)."""
    from textual.widgets._toast import Toast

    await pilot.pause()
    await pilot.pause()
    return [str(toast.render()) for toast in app.screen.query(Toast)]


def row_text(app, item_id: str) -> str:
    (row,) = [row for row in view(app).rows if row.item and row.item.id == item_id]
    return app.screen.render_item(row).plain


async def test_opens_on_the_program_with_header_and_detail(make_app, es_fomo):
    app = make_app(es_fomo)
    async with app.run_test(size=(120, 40)):
        assert view(app).item.id == "opening"
        assert len(shown_ids(app)) == 72
        title, stats = app.screen.query_one("#header-title"), app.screen.query_one("#header-stats")
        header = text_of(title) + text_of(stats)
        assert "Workshop on Efficient Systems for Foundation Models" in header
        assert "Pacific/Honolulu" in header and "★ 0" in header and "! 0 conflicts" in header
        assert "Welcome and opening remarks" in detail(app)
        assert "Venue time:  Sat 29 Jul 08:55–09:00 HST (Pacific/Honolulu)" in detail(app)
        headings = [row.title for row in view(app).rows if row.kind != "item"]
        assert headings[:2] == [
            "Saturday 29 July 2023",
            "Session I: Large-Scale Distributed Pretraining",
        ]
        assert row_text(app, "opening").startswith("   08:55–09:00   HST   ◇ Welcome")


async def test_moving_updates_the_detail(make_app, es_fomo):
    app = make_app(es_fomo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("down", "down")
        assert view(app).item.id == "distributed-systems-for-decentralized-ai"
        assert "Ce Zhang (ETH/Together)" in detail(app)
        await pilot.press("end")
        assert view(app).item.id == "happy-hour"
        await pilot.press("home")
        assert view(app).item.id == "opening"


async def test_search_is_incremental_and_escape_clears(make_app, es_fomo):
    app = make_app(es_fomo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash")
        assert app.focused is app.screen.query_one("#search", Input)
        await pilot.press(*"beidi")
        assert set(shown_ids(app)) == {
            "towards-structured-sparsity-in-transformers",
            H2O,
            "incremental-low-rank-learning",
        }
        assert "search “beidi”" in text_of(app.screen.query_one("#header-title"))
        await pilot.press("enter")
        assert app.focused is view(app)
        await pilot.press("escape")
        assert len(shown_ids(app)) == 72
        assert not app.screen.query_one("#search", Input).display


async def test_back_from_a_search_the_highlighted_item_is_on_screen(make_app, es_fomo):
    app = make_app(es_fomo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", *"ziplm", "enter")
        (found,) = shown_ids(app)
        await pilot.press("escape")
        await pilot.pause()
        list_view = view(app)
        assert list_view.item.id == found and len(shown_ids(app)) == 72
        top, height = list_view.scroll_offset.y, list_view.scrollable_content_region.height
        assert list_view.cursor > height  # far down the list: it had to scroll there
        assert top <= list_view.cursor < top + height


async def test_filter_by_kind_and_starred_only(make_app, es_fomo):
    app = make_app(es_fomo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f")
        assert isinstance(app.screen, KindsDialog)
        app.screen.query_one("#kinds").select(Kind.INVITED_TALK)
        await pilot.press("enter")
        await pilot.pause()
        assert len(shown_ids(app)) == 7
        assert "kinds: invited-talk" in text_of(app.screen.query_one("#header-title"))
        await pilot.press("space", "s")
        assert shown_ids(app) == ["using-megatron-to-train-large-language-models"]
        await pilot.press("s")
        assert len(shown_ids(app)) == 7


async def test_star_cycle_and_note_are_saved_at_once(make_app, es_fomo):
    app = make_app(es_fomo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("down", "space")
        item = view(app).item
        on_disk = StateStore(es_fomo.id).load()
        assert on_disk.stars[item.id].priority is Priority.MUST
        assert row_text(app, item.id).startswith("★")
        assert "★ 1" in text_of(app.screen.query_one("#header-stats"))
        await pilot.press("m")
        assert StateStore(es_fomo.id).load().stars[item.id].priority is Priority.MAYBE
        assert row_text(app, item.id).startswith("☆")
        await pilot.press("n")
        assert isinstance(app.screen, NoteDialog)
        await pilot.press(*"ask about PTD", "enter")
        await pilot.pause()
        assert StateStore(es_fomo.id).load().stars[item.id].note == "ask about PTD"
        assert "Your note:   ask about PTD" in detail(app)
        await pilot.press("space")
        assert item.id not in StateStore(es_fomo.id).load().stars


async def test_stars_survive_closing_the_planner(make_app, es_fomo):
    app = make_app(es_fomo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("space")
    again = make_app(es_fomo)
    async with again.run_test(size=(120, 40)):
        assert row_text(again, "opening").startswith("★")


async def test_posters_fold_under_their_session(make_app, es_fomo):
    app = make_app(es_fomo)
    async with app.run_test(size=(120, 40)) as pilot:
        view(app).set_rows(view(app).rows, keep="poster-session")
        await pilot.press("enter")
        assert len(shown_ids(app)) == 72 - 53
        assert "[+53 posters]" in row_text(app, "poster-session")
        await pilot.press("enter")
        assert len(shown_ids(app)) == 72
        assert row_text(app, H2O).startswith("        └ ▫ H2O")


async def test_in_my_itinerary_tab_picks_the_conflict_to_resolve(make_app, clash_conf):
    data = dump(clash_conf)
    data["items"].append(
        {"id": "panel", "kind": "panel", "title": "Panel", "room": "Hall B",
         "start": "2026-05-04T10:30:00+02:00", "end": "2026-05-04T11:15:00+02:00"}
    )  # fmt: skip
    program = validate(Program, data)
    app = make_app(program)
    async with app.run_test(size=(120, 40)) as pilot:
        for item_id in ("keynote", "workshop", "panel"):
            app.session.toggle(program.get(item_id))
        await pilot.press("i")
        conflicts = app.screen.query_one("#conflicts", OptionList)
        assert conflicts.option_count == 2
        await pilot.press("tab")
        assert app.focused is conflicts
        await pilot.press("down")
        assert "Workshop\n⟷ Panel" in conflicts.get_option_at_index(1).prompt.plain
        await pilot.press("2")
        assert set(StateStore(program.id).load().stars) == {"keynote", "workshop"}


async def test_unstarring_in_my_itinerary_moves_on_to_the_next_item(make_app, clash_conf):
    app = make_app(clash_conf)
    async with app.run_test(size=(100, 30)) as pilot:
        for item_id in ("keynote", "workshop", "talk"):
            app.session.toggle(clash_conf.get(item_id))
        await pilot.press("i")
        await pilot.press("down")
        assert view(app).item.id == "workshop"
        await pilot.press("space")
        assert view(app).item.id == "talk"
        await pilot.press("space")  # the last: back to the one before
        assert view(app).item.id == "keynote"
        assert "No conflicts." in text_of(app.screen.query_one("#conflicts-title"))
        # Narrow: the list is as wide as the terminal, so long rows end in an ellipsis.
        assert view(app).size.width == 100


async def test_conflicts_with_long_titles_take_two_lines_each_at_80x24(make_app, clash_conf):
    data = dump(clash_conf)
    for entry in data["items"][:2]:
        entry["title"] += " about something long enough to be cut at eighty columns, surely"
    program = validate(Program, data)
    app = make_app(program)
    async with app.run_test(size=(80, 24)) as pilot:
        for item_id in ("keynote", "workshop"):
            app.session.toggle(program.get(item_id))
        await pilot.press("i")
        await pilot.pause()
        conflicts = app.screen.query_one("#conflicts", OptionList)
        assert conflicts.option_count == 1 and conflicts.virtual_size.height == 2


async def test_my_itinerary_shows_conflicts_and_unstars_either_side(make_app, clash_conf):
    app = make_app(clash_conf)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(3):
            await pilot.press("space", "down")
        await pilot.press("down", "space", "down", "space")  # both posters: a load, not a clash
        assert "! 1 conflict" in text_of(app.screen.query_one("#header-stats"))
        assert row_text(app, "keynote")[1] == "!"
        await pilot.press("i")
        screen = app.screen
        assert isinstance(screen, ItineraryScreen)
        summary = text_of(screen.query_one("#itinerary-summary"))
        assert summary.startswith("My itinerary · 5 starred · 1 conflict")
        options = screen.query_one("#conflicts", OptionList)
        assert options.option_count == 1
        assert "Keynote\n⟷ Workshop" in options.get_option_at_index(0).prompt.plain
        assert "2 posters starred in 75 minutes" in text_of(screen.query_one("#loads"))
        await pilot.press("2")
        assert "workshop" not in StateStore(clash_conf.id).load().stars
        assert "keynote" in StateStore(clash_conf.id).load().stars
        assert "0 conflicts" in text_of(screen.query_one("#itinerary-summary"))
        await pilot.press("escape")
        assert not isinstance(app.screen, ItineraryScreen)
        assert "! 0 conflicts" in text_of(app.screen.query_one("#header-stats"))


async def test_detail_names_the_conflict(make_app, clash_conf):
    app = make_app(clash_conf)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("space", "down", "space", "up")
        assert "! Conflict:  overlaps by 15 min: Workshop" in detail(app)  # as `agenda` says it


async def test_time_zone_picker_saves_the_choice(make_app, es_fomo):
    app = make_app(es_fomo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("z")
        assert isinstance(app.screen, ZonePicker)
        first = app.screen.query_one("#zones", OptionList).get_option_at_index(0)
        assert first.id == "Pacific/Honolulu"
        await pilot.press(*"berlin")
        await pilot.pause()
        assert app.screen.query_one("#zones", OptionList).highlighted_option.id == "Europe/Berlin"
        await pilot.press("enter")
        await pilot.pause()
        assert StateStore(es_fomo.id).load().timezone == "Europe/Berlin"
        assert "Europe/Berlin" in text_of(app.screen.query_one("#header-stats"))
        assert row_text(app, "opening").startswith("   20:55–21:00   CEST")
        assert "Your time:   Sat 29 Jul 20:55–21:00 CEST (Europe/Berlin)" in detail(app)


async def test_time_zone_picker_knows_abbreviations_and_spaces(make_app, es_fomo):
    app = make_app(es_fomo)
    async with app.run_test(size=(120, 40)) as pilot:
        for typed, expected in (("pst", "America/Los_Angeles"), ("new york", "America/New_York")):
            await pilot.press("z")
            await pilot.press(*typed)
            await pilot.pause()
            zones = app.screen.query_one("#zones", OptionList)
            assert zones.highlighted_option.id == expected, typed
            await pilot.press("escape")
            await pilot.pause()


async def test_export_dialog_writes_the_file(make_app, es_fomo, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = make_app(es_fomo)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("space", "e")
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        assert app.focused is dialog.query_one("#export-path", Input)  # ready to type
        assert dialog.query_one("#export-path", Input).value == str(
            tmp_path / "es-fomo-2023-itinerary.ics"
        )
        assert dialog.query_one("#export-zone", Input).value == "Pacific/Honolulu"
        await pilot.click("#export")
        await pilot.pause()
        assert (tmp_path / "es-fomo-2023-itinerary.ics").exists()
        (shown,) = await toasts(app, pilot)
        assert (
            f"Wrote 1 event in Pacific/Honolulu to {tmp_path / 'es-fomo-2023-itinerary.ics'}"
            in (shown)
        )


def dialog_error(app) -> str:
    error = app.screen.query_one("#export-error", Static)
    return text_of(error) if error.display else ""


async def export_now(app, pilot) -> None:
    """Enter in the file field (the button ignores a second click within 0.2 s)."""
    app.screen.query_one("#export-path", Input).focus()
    await pilot.press("enter")
    await pilot.pause()


async def test_export_with_nothing_starred_says_so_in_the_dialog(
    make_app, es_fomo, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    app = make_app(es_fomo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("e")
        await export_now(app, pilot)
        assert [path for path in tmp_path.iterdir() if path != home_dir()] == []  # no calendar
        assert isinstance(app.screen, ExportDialog)
        assert "Nothing is starred" in dialog_error(app)
        app.screen.query_one("#export-all").value = True  # the whole program instead
        await export_now(app, pilot)
        assert not isinstance(app.screen, ExportDialog)
        assert (tmp_path / "es-fomo-2023-itinerary.ics").exists()


async def test_a_mistake_in_the_export_dialog_is_said_there_and_what_was_typed_stays(
    make_app, es_fomo, tmp_path
):
    app = make_app(es_fomo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("space", "e")
        path, zone = (
            app.screen.query_one("#export-path", Input),
            app.screen.query_one("#export-zone", Input),
        )
        path.value = str(tmp_path / "mine.ics")
        zone.value = "Europe/Berln"
        app.screen.query_one("#export-alarm", Input).value = "-30"
        await export_now(app, pilot)
        assert "Europe/Berlin" in dialog_error(app)  # did you mean …
        assert zone.value == "Europe/Berln" and path.value == str(tmp_path / "mine.ics")
        zone.value = "Europe/Berlin"
        await export_now(app, pilot)
        assert "give between 0 and 1440 minutes" in dialog_error(app)
        app.screen.query_one("#export-alarm", Input).value = "99999"
        await export_now(app, pilot)
        assert "give between 0 and 1440 minutes" in dialog_error(app)
        app.screen.query_one("#export-alarm", Input).value = ""
        path.value = ""
        await export_now(app, pilot)
        assert "Give the file a name" in dialog_error(app)
        assert app.focused is path
        path.value = str(tmp_path)
        await export_now(app, pilot)
        assert "it is a folder; give a file name" in dialog_error(app)
        assert not list(tmp_path.glob("*.ics")) and not list(tmp_path.glob(".*"))
        path.value = str(tmp_path / "mine.ics")
        app.screen.query_one("#export-alarm", Input).value = "30"
        await export_now(app, pilot)
        assert not isinstance(app.screen, ExportDialog)
        ics = (tmp_path / "mine.ics").read_text("utf-8")
        assert "TRIGGER:-PT30M" in ics and "Europe/Berlin" in ics


async def test_the_export_dialogs_buttons_are_in_sight_at_80x24(make_app, es_fomo, tmp_path):
    app = make_app(es_fomo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space", "e")
        app.screen.query_one("#export-path", Input).value = str(tmp_path / "small.ics")
        button = app.screen.query_one("#export")
        dialog = app.screen.query_one(".dialog")
        assert dialog.content_region.contains_region(button.region)  # no scrolling to them
        while app.focused is not button:
            await pilot.press("tab")
        await pilot.pause()
        assert dialog.content_region.contains_region(button.region)
        await pilot.press("enter")
        await pilot.pause()
        assert (tmp_path / "small.ics").exists()


async def test_help_lists_every_key_and_the_palette_has_every_action(make_app, es_fomo):
    app = make_app(es_fomo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        titles = {command.title for command in app.get_system_commands(app.screen)}
        expected = {"Search", "Star / unstar", "Must / maybe", "Edit note", "Filter kinds",
                    "Starred only", "My itinerary", "Time zone", "Export",
                    "Help: every key"}  # fmt: skip
        assert expected <= titles


async def test_help_scrolls_to_its_last_key_at_80x24(make_app, es_fomo):
    app = make_app(es_fomo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        help_box = app.screen.query_one("#help")
        assert app.focused is help_box and help_box.max_scroll_y > 0
        await pilot.press("end")
        await pilot.pause()
        assert help_box.scroll_y == help_box.max_scroll_y
        hint = app.screen.query_one(".dialog-hint")
        assert hint.size.height == 2  # wrapped to the dialog's width, not cut at its edge
        await pilot.press("q")  # closes the help, not the planner
        assert not isinstance(app.screen, HelpScreen) and app.is_running


async def test_dialogs_do_not_offer_the_planners_help_and_quit(make_app, es_fomo):
    def offered() -> set[str]:
        """The keys the footer shows: it stays on the program screen, under a dialog."""
        return {
            key for key, active in app.screen_stack[-1].active_bindings.items()
            if active.enabled and active.binding.show
        } | {
            key for key, active in program_screen.active_bindings.items()
            if active.enabled and active.binding.show
        }  # fmt: skip

    app = make_app(es_fomo)
    async with app.run_test(size=(120, 40)) as pilot:
        program_screen = app.screen
        assert {"question_mark", "q"} <= offered()
        for opens in ("f", "z", "n", "e"):
            await pilot.press(opens)
            assert not {"question_mark", "q"} & offered(), opens
            await pilot.press("escape")
        await pilot.press("i")  # a screen, not a dialog: both still there
        assert {"question_mark", "q"} <= offered()


async def test_program_text_is_shown_literally(make_app):
    hostile = validate(Program, {
        "id": "hostile", "title": "[bold red]Conf[/]", "timezone": "UTC",
        "items": [{"id": "x", "kind": "talk", "title": "[bold red]x[/] \x1b[31mred\x1b[0m",
                   "abstract": "[link=http://evil]click[/link]",
                   "people": [{"name": "[i]Mallory[/i]"}],
                   "start": "2026-01-01T10:00:00Z", "end": "2026-01-01T11:00:00Z"}],
    })  # fmt: skip
    app = make_app(hostile)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("space", "i", "space")  # unstar it from My itinerary: a notification
        (shown,) = await toasts(app, pilot)
        assert "Unstarred [bold red]x[/]" in shown and "\x1b" not in shown
        await pilot.press("escape")
        row = row_text(app, "x")
        assert "[bold red]x[/]" in row and "\x1b" not in row and "�[31mred" in row
        assert "[i]Mallory[/i]" in row
        assert "[link=http://evil]click[/link]" in detail(app)
        assert "[bold red]Conf[/]" in text_of(app.screen.query_one("#header-title"))


async def test_narrow_terminal_puts_the_detail_below(make_app, es_fomo):
    app = make_app(es_fomo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        program, pane = app.screen.query_one("#program"), app.screen.query_one("#detail")
        assert pane.region.y > program.region.y and pane.region.x == program.region.x
    wide = make_app(es_fomo)
    async with wide.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        program, pane = wide.screen.query_one("#program"), wide.screen.query_one("#detail")
        assert pane.region.x > program.region.x


async def test_program_keys_do_nothing_under_a_dialog_or_in_my_itinerary(make_app, es_fomo):
    app = make_app(es_fomo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("space", "i")
        assert isinstance(app.screen, ItineraryScreen)
        await pilot.press("slash", "e", "z", "f")  # m and n act here too: see test_itinerary
        assert isinstance(app.screen, ItineraryScreen)
        assert StateStore(es_fomo.id).load().stars["opening"].priority is Priority.MUST
        await pilot.press("escape", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("e")
        assert isinstance(app.screen, HelpScreen)


async def test_a_new_theme_recolours_the_rows(make_app, es_fomo):
    app = make_app(es_fomo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("space", "down")
        before = [segment.style for segment in view(app).render_line(1)]
        app.theme = "textual-light"
        await pilot.pause()
        after = [segment.style for segment in view(app).render_line(1)]
        assert before != after  # the starred row is drawn again, in the new theme's colours


async def test_friends_marks_detail_and_filter(make_app, es_fomo):
    from itinerary.selection import Friend

    ada = Friend(name="Ada Lovelace", stars={"opening": Priority.MUST, H2O: Priority.MAYBE})
    eve = Friend(name="[b]Eve[/b]", stars={H2O: Priority.MUST})
    friends = {"Ada Lovelace": ada, "[b]Eve[/b]": eve}
    StateStore(es_fomo.id).update(lambda state: replace(state, friends=friends))
    app = make_app(es_fomo)
    async with app.run_test(size=(120, 40)) as pilot:
        assert row_text(app, "opening").startswith("  AL  08:55–09:00")
        assert row_text(app, H2O).startswith("  AL+")
        assert "Also starred by: Ada Lovelace (must)" in detail(app)
        await pilot.press("space", "F")
        assert shown_ids(app) == [H2O]  # opening is mine now; only H2O is a friend's pick
        assert "friends' picks I have not starred" in text_of(app.screen.query_one("#header-title"))
        assert "[b]Eve[/b] (must)" in detail(app)
        await pilot.press("F")
        assert len(shown_ids(app)) == 72
        # Friends never enter my conflicts.
        assert app.session.agenda.conflicts == []


async def test_a_state_file_moved_aside_is_said_on_screen(make_app, es_fomo):
    store = StateStore(es_fomo.id)
    store.directory.mkdir(parents=True)
    store.path.write_text("stars: [broken", encoding="utf-8")
    app = make_app(es_fomo)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        (shown,) = await toasts(app, pilot)
        assert "could not be read" in shown and "was moved to" in shown


async def test_back_to_everything_shows_the_rows_of_the_current_zone_and_folds(make_app, es_fomo):
    """The rows of the whole program are kept for going back to everything: never stale."""
    app = make_app(es_fomo)

    def day_headings() -> list[str]:
        return [row.title for row in view(app).rows if row.kind == "day"]

    async with app.run_test(size=(120, 40)) as pilot:
        assert day_headings() == ["Saturday 29 July 2023"]
        await pilot.press("slash", *"memory", "escape")
        app.session.choose_zone("Asia/Tokyo")  # 18:55 Honolulu is 13:55 the next day in Tokyo
        await pilot.press("slash", "x", "backspace", "escape")
        assert day_headings() == ["Sunday 30 July 2023"]
        assert view(app).rows == build_rows(
            es_fomo, list(es_fomo.in_time_order), app.session.zone, set()
        )
        view(app).set_rows(view(app).rows, keep="poster-session")
        await pilot.press("enter")  # fold the posters
        await pilot.press("slash", "x", "backspace")
        assert len(shown_ids(app)) == 72 - 53
        await pilot.press("escape")
        view(app).set_rows(view(app).rows, keep="poster-session")
        await pilot.press("enter")  # unfold
        await pilot.press("slash", "x", "backspace")
        assert len(shown_ids(app)) == 72


async def test_a_star_removed_in_another_terminal_is_decided_on_disk(make_app, es_fomo):
    """Star, then `itinerary unstar` elsewhere, then m or space here: decided on what is on
    disk (m used to raise KeyError and end the planner with status 0)."""
    from itinerary.selection import unstar

    app = make_app(es_fomo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("space")
        assert "opening" in StateStore(es_fomo.id).load().stars
        StateStore(es_fomo.id).update(lambda state: unstar(state, ["opening"]))
        await pilot.press("m")
        assert app.is_running
        # Not starred on disk: m stars it, as maybe (m is about how much, not whether).
        assert StateStore(es_fomo.id).load().stars["opening"].priority is Priority.MAYBE
        StateStore(es_fomo.id).update(lambda state: unstar(state, ["opening"]))
        await pilot.press("space")  # starred on disk by nobody now: space stars it
        assert "opening" in StateStore(es_fomo.id).load().stars


async def test_a_slip_of_space_twice_keeps_the_note(make_app, es_fomo):
    """space on a starred item with a note, then space again: starred again, note and all."""
    from itinerary.selection import star

    StateStore(es_fomo.id).update(lambda s: star(s, [es_fomo.get("opening")], note="front row"))
    app = make_app(es_fomo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("space")
        assert "opening" not in StateStore(es_fomo.id).load().stars
        await pilot.press("space")
        saved = StateStore(es_fomo.id).load().stars["opening"]
        assert saved.note == "front row"


async def test_undo_several_levels_deep_and_only_what_was_done_here(make_app, es_fomo):
    from itinerary.selection import star

    app = make_app(es_fomo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("space", "down", "space", "m")  # star two, the second as maybe
        state = StateStore(es_fomo.id).load()
        second = view(app).item.id
        assert state.stars[second].priority is Priority.MAYBE and "opening" in state.stars
        # Meanwhile, in another terminal:
        StateStore(es_fomo.id).update(lambda s: star(s, [es_fomo.get("happy-hour")]))
        await pilot.press("u")
        assert StateStore(es_fomo.id).load().stars[second].priority is Priority.MUST
        await pilot.press("u", "u")
        state = StateStore(es_fomo.id).load()
        assert set(state.stars) == {"happy-hour"}  # the other terminal's star stays
        await pilot.press("u")  # nothing left of this planner's to undo: nothing changes
        assert set(StateStore(es_fomo.id).load().stars) == {"happy-hour"}


async def test_undo_brings_back_a_star_dropped_from_a_conflict(make_app, clash_conf):
    from itinerary.selection import star

    StateStore(clash_conf.id).update(
        lambda s: star(s, [clash_conf.get("keynote"), clash_conf.get("workshop")], note="n")
    )
    app = make_app(clash_conf)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("i", "tab", "1")
        assert set(StateStore(clash_conf.id).load().stars) == {"workshop"}
        await pilot.press("u")
        state = StateStore(clash_conf.id).load()
        assert set(state.stars) == {"keynote", "workshop"} and state.stars["keynote"].note == "n"


async def test_changes_made_in_another_terminal_show_within_a_second(make_app, es_fomo):
    """Another terminal stars an item, then drops a friend: the planner redraws by itself,
    with its cursor and search kept."""
    from itinerary.selection import Friend, star

    StateStore(es_fomo.id).update(
        lambda s: replace(
            s, friends={"Ada Lovelace": Friend(name="Ada Lovelace", stars={H2O: Priority.MUST})}
        )
    )
    app = make_app(es_fomo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"h2o", "enter")
        assert view(app).item.id == H2O
        assert "AL" in row_text(app, H2O)
        StateStore(es_fomo.id).update(lambda s: star(s, [es_fomo.get(H2O)]))
        StateStore(es_fomo.id).update(lambda s: replace(s, friends={}))
        await pilot.pause(1.2)
        assert "★" in row_text(app, H2O) and "AL" not in row_text(app, H2O)
        assert "★ 1" in text_of(app.screen.query_one("#header-stats"))
        assert view(app).item.id == H2O and app.search_text == "h2o"


async def test_after_a_search_is_cleared_the_highlighted_item_stays_on_screen(make_app, es_fomo):
    """/ gpt-zip deep Enter, / Escape, space: the list used to jump to the top with GPT-Zip's row
    off screen while the detail still showed it, and space unstarred it unseen."""
    gpt_zip = "gpt-zip-deep-compression-of-finetuned-large"
    app = make_app(es_fomo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"gpt-zip deep", "enter", "space")
        await pilot.press("slash", "escape")
        await pilot.pause()
        program = view(app)
        assert program.item.id == gpt_zip
        top, height = program.scroll_offset.y, program.scrollable_content_region.height
        assert top <= program.cursor < top + height  # on screen
        assert "GPT-Zip" in detail(app)
        await pilot.press("space")  # acts on what is seen: unstars GPT-Zip, which is shown
        assert gpt_zip not in StateStore(es_fomo.id).load().stars
