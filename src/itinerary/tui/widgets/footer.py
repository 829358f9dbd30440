"""Textual's footer, rebuilding its keys once per refresh instead of once per change."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class KeysFooter(Footer):
    """Textual's Footer rebuilds every key (~25 ms) each time the screen's bindings change, and
    they change several times in a row while the planner starts (mount, focus, the screen
    stack): four rebuilds, a tenth of a second and more before the first screen. Asking for a
    recompose with ``refresh`` instead lets Textual fold them together. It leans on Footer's
    private ``_bindings_ready``; the snapshot tests, which show the footer, would catch a
    Textual that changed it."""

    def on_resize(self) -> None:
        # Packed closer from 112 to 140 columns, where that makes every key fit. Narrower, the
        # keys up to q fit as they are, and a packed footer that overflows leaves a stray
        # character by the palette key (Textual 8).
        self.compact = 112 <= self.size.width < 140

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True  # Footer.compose shows nothing until it is set
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self.refresh(recompose=True)
