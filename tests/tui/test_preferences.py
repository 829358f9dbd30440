"""What the planner remembers between runs: the theme, the export dialog's last answers."""

from __future__ import annotations

import yaml
from textual.widgets import Input, RadioSet

from itinerary.paths import preferences_file
from itinerary.tui.screens.export_dialog import ExportDialog


async def test_the_chosen_theme_is_saved_and_used_next_time(make_app, es_fomo):
    app = make_app(es_fomo)
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.theme != "textual-light"
        app.theme = "textual-light"
        await pilot.pause()
    assert yaml.safe_load(preferences_file().read_text())["theme"] == "textual-light"
    again = make_app(es_fomo)
    async with again.run_test(size=(120, 40)):
        assert again.theme == "textual-light"


async def test_a_theme_textual_no_longer_has_is_passed_over(make_app, es_fomo):
    preferences_file().parent.mkdir(parents=True, exist_ok=True)
    preferences_file().write_text("format: 1\ntheme: gone-theme\n")
    app = make_app(es_fomo)
    async with app.run_test(size=(120, 40)):
        assert app.theme == "textual-dark"


async def test_the_export_dialog_fits_80x24_and_remembers_the_last_choices(
    make_app, es_fomo, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    app = make_app(es_fomo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space", "e")
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        for button in ("#export", "#cancel"):  # on screen without scrolling
            region = dialog.query_one(button).region
            assert region.height and region.bottom <= 24, (button, region)
        dialog.query_one("#export-zone", Input).value = "Europe/Berlin"
        dialog.query_one("#export-alarm", Input).value = "10"
        await pilot.click("#separate")
        dialog.query_one("#export-path", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert (tmp_path / "es-fomo-2023-itinerary.ics").exists()
        assert not isinstance(app.screen, ExportDialog)
        await pilot.press("e")
        dialog = app.screen
        assert dialog.query_one("#export-zone", Input).value == "Europe/Berlin"
        assert dialog.query_one("#export-alarm", Input).value == "10"
        pressed = dialog.query_one("#export-posters", RadioSet).pressed_button
        assert pressed is not None and pressed.id == "separate"
    saved = yaml.safe_load(preferences_file().read_text())
    assert saved == {"format": 1, "export_zone": "Europe/Berlin",
                     "export_posters": "separate", "export_alarm_minutes": 10}  # fmt: skip
