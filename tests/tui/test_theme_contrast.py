"""The row marks (stars, clashes, friends' initials) stay readable in every Textual theme."""

from __future__ import annotations

import pytest
from textual.app import App
from textual.color import Color

from itinerary.tui.rows import row_styles

# WCAG 2's minimum for marks and large text; the marks are single bold characters.
MINIMUM_CONTRAST = 3.0
MARKS = ("star-must", "star-maybe", "conflict", "friend", "changed")


def luminance(color: Color) -> float:
    def channel(value: int) -> float:
        v = value / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def contrast(a: Color, b: Color) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def theme_variables() -> dict[str, dict[str, str]]:
    app = App()
    found = {}
    for name, theme in app.available_themes.items():
        if "ansi" in name:  # the terminal's own colours, whatever they are: nothing to measure
            continue
        found[name] = theme.to_color_system().generate()
    return found


THEMES = theme_variables()


@pytest.mark.parametrize("theme", sorted(THEMES))
def test_every_mark_is_readable_on_the_themes_background(theme):
    variables = THEMES[theme]
    background = Color.parse(variables["background"])
    styles = row_styles(variables)
    for mark in MARKS:
        colour = Color.parse(styles[mark].removeprefix("bold "))
        measured = contrast(background + colour, background)  # as drawn, alpha and all
        assert measured >= MINIMUM_CONTRAST, f"{mark} in {theme}: {measured:.2f}:1"


def test_the_light_theme_is_measured():
    assert "textual-light" in THEMES
