"""The one source of "now": both faces ask a ``Clock``; tests give a fixed one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone

Clock = Callable[[], datetime]
# How often what is shown as "now" is worked out again (Now and next, and the program's line of
# now). Tests make it short and move their clock on.
TICK_SECONDS = 60.0


def system_clock() -> datetime:
    """Now, as the computer tells it (aware, in UTC)."""
    return datetime.now(timezone.utc)


def fixed_clock(moment: datetime) -> Clock:
    """A clock that always says ``moment`` (aware): for tests and "as if it were"."""
    if moment.tzinfo is None:
        raise ValueError("a clock tells aware times only")
    return lambda: moment
