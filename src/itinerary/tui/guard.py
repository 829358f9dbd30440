"""A change asked for on a screen, run through the core: its error shown, never a crash."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.screen import Screen

from itinerary.display import printable
from itinerary.errors import ItineraryError


def guarded(screen: Screen[Any], change: Callable[[], object]) -> bool:
    """Run ``change``; on an ItineraryError, show it on ``screen`` and say False."""
    try:
        change()
    except ItineraryError as error:
        screen.notify(printable(str(error)), markup=False, severity="error", timeout=10)
        return False
    return True
