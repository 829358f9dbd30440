"""Textual's footer, rebuilding its keys once per refresh instead of once per change."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

# Kept when the footer is too narrow for every key: the others are in the help and the palette.
_ALWAYS = frozenset({"help", "quit", "app.help", "app.quit"})


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
        self._fit_later()

    def on_mount(self) -> None:
        self._fit_later()

    def _fit_later(self) -> None:
        for key in self.query(FooterKey):
            key.display = True  # measured again at this width
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        """Hide whole keys, last first (help and quit last of all), until the rest fit: a key
        is never cut in the middle of its label (``q Qui``)."""
        keys = [key for key in self.query(FooterKey) if not key.has_class("-command-palette")]
        palette = sum(self._width(k) for k in self.query(FooterKey) if k not in keys)
        # + 1: the last key's right padding may go under the palette key's left edge (▏).
        room = self.size.width - palette + 1
        used = sum(self._width(key) for key in keys)
        for key in sorted(keys, key=lambda k: (k.action in _ALWAYS, -keys.index(k))):
            if used <= room:
                break
            used -= self._width(key)
            key.display = False

    def _width(self, key: FooterKey) -> int:
        """As wide as the key will be laid out, from its text and style (not from a layout that
        may not have happened yet: the same keys always give way at the same width)."""
        return key.get_content_width(self.size, self.screen.size) + key.styles.gutter.width

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True  # Footer.compose shows nothing until it is set
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self.refresh(recompose=True)
            self.call_after_refresh(self._fit_later)
