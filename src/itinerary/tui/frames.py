"""Whether a frame drawn now reaches the terminal: Textual throws away the frames drawn while it
batches updates, and the whole of its start (until the first screen is mounted) is one batch.
What waits for the first screen to be seen (the footer's rebuilds, the search index) waits for
a frame that is not thrown away."""

from __future__ import annotations

from textual.app import App


def reaches_terminal(app: App[object]) -> bool:
    """It reads Textual's private ``_batch_count`` (``App._display`` writes nothing while it is
    not 0); tests/tui/test_launch.py would catch a Textual that changed it."""
    return not app._batch_count
