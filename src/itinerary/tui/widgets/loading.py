"""What the planner shows while it reads a big program for the first time."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import ProgressBar, Static

from itinerary.display import printable


class LoadingView(Vertical):
    DEFAULT_CSS = """
    LoadingView {
        align: center middle;
    }
    LoadingView > Static, LoadingView > ProgressBar {
        width: auto;
        max-width: 90%;
    }
    LoadingView #loading-hint {
        color: $text-muted;
        margin-top: 1;
    }
    """

    def __init__(self, path: Path) -> None:
        super().__init__(id="loading")
        self.path = path

    def compose(self) -> ComposeResult:
        name = printable(str(self.path), single_line=True)
        yield Static(Text(f"Reading {name}", style="bold"), id="loading-what")
        yield ProgressBar(total=None, show_eta=False, id="loading-bar")
        yield Static(
            Text("The first open of a big program takes a few seconds; later opens are quick."),
            id="loading-hint",
        )

    def reading(self, done: int, total: int) -> None:
        """The parser has read ``done`` of ``total`` characters."""
        bar = self.query_one(ProgressBar)
        if done < total:
            bar.update(total=total, progress=done)
            return
        # Read through: what is left (building and checking every item) has no measure.
        bar.update(total=None)
        self.query_one("#loading-what", Static).update(
            Text(f"Checking {printable(str(self.path), single_line=True)}", style="bold")
        )
