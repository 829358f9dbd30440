"""The words of the program and the command line that need no validation: the kinds of item,
the priorities of a star, and the defaults and limits the options name.

Apart from the models so that the command's grammar (``itinerary --help``) is built without
importing pydantic, which takes most of a command's start.
"""

from __future__ import annotations

from enum import Enum


class Kind(str, Enum):
    """What an item is; the CLI filters on it and the TUI picks its icon from it."""

    OPENING = "opening"
    KEYNOTE = "keynote"
    INVITED_TALK = "invited-talk"
    TALK = "talk"
    ORAL = "oral"
    LIGHTNING = "lightning"
    POSTER_SESSION = "poster-session"
    POSTER = "poster"
    PANEL = "panel"
    WORKSHOP = "workshop"
    AWARD = "award"
    BREAK = "break"
    SOCIAL = "social"
    OTHER = "other"


class Priority(str, Enum):
    MUST = "must"
    MAYBE = "maybe"


# Items in different rooms closer than this get a travel warning.
DEFAULT_TRAVEL_MINUTES = 5
# A reminder is for the day itself: at most a day before the start.
MAX_ALARM_MINUTES = 24 * 60
