"""My itinerary's keys beyond unstarring: must/maybe, the note, and Enter to the program."""

from __future__ import annotations

import re

from itinerary.selection import Priority
from itinerary.storage import StateStore
from itinerary.tui.screens.dialogs import NoteDialog
from itinerary.tui.screens.itinerary import ItineraryScreen
from itinerary.tui.widgets.program_view import ProgramView
from itinerary.validation import dump, validate


def listed(app) -> ProgramView:
    return app.screen.query_one("#itinerary-list", ProgramView)


def note_shown(app) -> str:
    note = app.screen.query_one("#itinerary-note")
    return str(note.render()) if note.display else ""


async def test_m_on_an_unstarred_item_stars_it_as_maybe(make_app, es_fomo):
    app = make_app(es_fomo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("m")
        assert StateStore(es_fomo.id).load().stars["opening"].priority is Priority.MAYBE
        await pilot.press("m")
        assert StateStore(es_fomo.id).load().stars["opening"].priority is Priority.MUST


async def test_m_and_n_work_in_my_itinerary_and_the_note_is_shown(make_app, clash_conf):
    app = make_app(clash_conf)
    async with app.run_test(size=(120, 40)) as pilot:
        for item_id in ("keynote", "workshop"):
            app.session.toggle(clash_conf.get(item_id))
        await pilot.press("i")
        assert isinstance(app.screen, ItineraryScreen)
        assert listed(app).item.id == "keynote" and note_shown(app) == ""
        await pilot.press("m")
        assert StateStore(clash_conf.id).load().stars["keynote"].priority is Priority.MAYBE
        await pilot.press("n")
        assert isinstance(app.screen, NoteDialog)
        await pilot.press(*"front row", "enter")
        await pilot.pause()
        assert StateStore(clash_conf.id).load().stars["keynote"].note == "front row"
        assert note_shown(app) == "Note: front row"
        await pilot.press("down")
        assert listed(app).item.id == "workshop" and note_shown(app) == ""
        await pilot.press("up")
        assert note_shown(app) == "Note: front row"


async def test_enter_in_my_itinerary_goes_to_the_item_even_if_a_search_hid_it(make_app, clash_conf):
    app = make_app(clash_conf)
    async with app.run_test(size=(120, 40)) as pilot:
        app.session.toggle(clash_conf.get("talk"))
        await pilot.press("slash", *"keynote", "enter")  # the program shows the keynote only
        await pilot.pause()
        program = app.screen.query_one("#program", ProgramView)
        assert [row.item.id for row in program.rows if row.item] == ["keynote"]
        await pilot.press("i", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, ItineraryScreen)
        program = app.screen.query_one("#program", ProgramView)
        assert program.item.id == "talk"
        assert app.focused is program


async def test_help_explains_the_marks_and_the_kind_icons(make_app, es_fomo):
    from rich.console import Console

    from itinerary.tui.rows import KIND_ICONS
    from itinerary.tui.screens.dialogs import HelpScreen

    app = make_app(es_fomo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        console = Console(width=100, record=True)
        for static in app.screen.query("Static"):
            console.print(static.content)
        shown = console.export_text()
        for kind, icon in KIND_ICONS.items():
            assert re.search(rf"^{re.escape(icon)} +{kind.value} *$", shown, re.MULTILINE), kind
        assert "starred: must / maybe" in shown and "clashes with another of your stars" in shown


async def test_the_footer_never_cuts_a_label(make_app, clash_conf):
    from textual.widgets._footer import FooterKey

    for width in (60, 72, 80, 100, 120, 160):
        app = make_app(clash_conf)
        async with app.run_test(size=(width, 30)) as pilot:
            for screen_key in ("", "i"):
                if screen_key:
                    await pilot.press(screen_key)
                await pilot.pause()
                await pilot.pause()
                keys = [k for k in app.screen.query(FooterKey) if k.display]
                (palette,) = [k for k in keys if k.has_class("-command-palette")]
                shown = [k for k in keys if k is not palette]
                assert {k.action for k in shown} >= {"app.help", "app.quit"}, width
                for key in shown:
                    # Its label ends before the palette key (its right padding may go under).
                    assert key.region.right - 1 <= palette.region.x, (width, key.key)


async def test_o_opens_the_items_web_page_and_nothing_else(make_app, es_fomo, tmp_path):
    import stat
    import webbrowser

    from itinerary.model import Program

    opened = tmp_path / "opened.txt"
    browser = tmp_path / "browser.sh"
    browser.write_text(f'#!/bin/sh\nprintf "%s\\n" "$1" >> {opened}\n')
    browser.chmod(browser.stat().st_mode | stat.S_IEXEC)
    webbrowser.register("test-browser", None, webbrowser.GenericBrowser([str(browser), "%s"]),
                        preferred=True)  # fmt: skip
    data = dump(es_fomo)
    links = {"opening": "https://es-fomo.com/#opening", "happy-hour": "file:///etc/passwd"}
    for item in data["items"]:
        item["url"] = links.get(item["id"], item["url"])
    program = validate(Program, data)
    app = make_app(program)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("o")  # the opening: a web page
        await pilot.pause()
        app.screen.query_one("#program").action_edge(1)  # the last item: the happy hour
        await pilot.pause()
        assert app.screen.query_one("#program").item.id == "happy-hour"
        await pilot.press("o")
        await pilot.pause()
        shown = [str(n.message) for n in app._notifications]
    assert opened.read_text() == "https://es-fomo.com/#opening\n"  # the file:// link was not
    assert "Opening https://es-fomo.com/#opening" in shown
    assert "Not a web link: file:///etc/passwd" in shown
