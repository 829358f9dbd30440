"""Textual's footer, its keys made with it, then rebuilt once per refresh (and, until it is
first seen, only when they change)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.geometry import Region
from textual.screen import Screen
from textual.strip import Strip
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from itinerary.tui.frames import reaches_terminal

# Kept when the footer is too narrow for every key: the others are in the help and the palette.
_ALWAYS = frozenset({"help", "quit", "app.help", "app.quit"})

# What the footer shows of a screen's bindings: each shown one, whether it is enabled, its
# tooltip; then the palette's key (None: not there).
Keys = tuple[tuple[tuple[Binding, bool, str], ...], tuple[Binding, bool, str] | None]


class KeysFooter(Footer):
    """Textual's Footer rebuilds every key (~25 ms) each time the screen's bindings change, and
    they change several times in a row while the planner starts (mount, focus, the screen
    stack): four rebuilds, a tenth of a second and more before the first screen. Asking for a
    recompose with ``refresh`` instead lets Textual fold them together. The keys are made with
    the footer, not at the first change; until a frame with the footer reaches the terminal,
    a change that leaves them as they were (the focus moving to the list, whose keys the
    footer does not show) rebuilds nothing. It leans on Footer's private ``_bindings_ready``;
    the snapshot tests, which show the footer, would catch a Textual that changed it."""

    def __init__(self) -> None:
        super().__init__()
        self.set_reactive(Footer._bindings_ready, True)  # Footer.compose shows nothing until then
        self._composed: Keys | None = None  # the keys made last
        # Once drawn, a rebuild with the same keys is not passed over: it lays the screen out
        # again, and a screen may have come to look as it does by that (the day view's grid).
        self._drawn = False

    def _keys_of(self, screen: Screen) -> Keys:
        """What Footer.compose would show of ``screen``'s bindings now."""
        active = screen.active_bindings
        shown = tuple(
            (binding, enabled, tooltip)
            for _, binding, enabled, tooltip in active.values()
            if binding.show
        )
        palette = active.get(self.app.COMMAND_PALETTE_BINDING)
        return shown, palette[1:] if palette is not None else None

    def compose(self) -> ComposeResult:
        self._composed = self._keys_of(self.screen)
        # Each key made packed or not as the footer is for its width, before it is mounted: a
        # key born otherwise (FooterKey's default is packed, Footer's is not) and then told is
        # styled again, one key at a time (~60 keys over the start, 0.1 s).
        compact = self._compact_at(self.size.width or self.app.size.width)
        self.set_reactive(Footer.compact, compact)
        self.set_class(compact, "-compact", update=False)  # its old keys are about to go
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                # The palette's key is not bound to the footer's: packed, FooterKey's default.
                packed = compact or widget.has_class("-command-palette")
                widget.set_reactive(FooterKey.compact, packed)
                widget.set_class(packed, "-compact", update=False)
            yield widget

    @staticmethod
    def _compact_at(width: int) -> bool:
        # Packed closer from 112 to 140 columns, where that makes every key fit. Narrower, the
        # keys up to q fit as they are, and a packed footer that overflows leaves a stray
        # character by the palette key (Textual 8).
        return 112 <= width < 140

    def on_resize(self) -> None:
        self.compact = self._compact_at(self.size.width)
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
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            if not self._drawn and self._keys_of(screen) == self._composed:
                return  # not on screen yet, and the same keys: nothing to make again
            self.refresh(recompose=True)
            self.call_after_refresh(self._fit_later)

    def render_lines(self, crop: Region) -> list[Strip]:
        self._drawn = self._drawn or reaches_terminal(self.app)
        return super().render_lines(crop)
