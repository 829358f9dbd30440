"""Our ``Kind`` for an event, from the free-text type a schedule gives it (and, where the type
says nothing, from a title that only says it is a break)."""

from __future__ import annotations

import re

from itinerary.model import Kind

_KIND_RULES: tuple[tuple[re.Pattern[str], Kind], ...] = tuple(
    (re.compile(pattern), kind)
    for pattern, kind in (
        (r"keynote", Kind.KEYNOTE),
        (r"lightning", Kind.LIGHTNING),
        (r"poster[\s_-]*session", Kind.POSTER_SESSION),
        (r"poster", Kind.POSTER),
        (r"workshop|hands[\s_-]*on|tutorial", Kind.WORKSHOP),
        (r"panel|podium", Kind.PANEL),
        (r"award", Kind.AWARD),
        (r"opening", Kind.OPENING),
        (r"\bbreak\b|\bpause\b|lunch|coffee|buffet|dinner|breakfast", Kind.BREAK),
        (r"concert|dj[\s_-]*set|party|performance|music|meetup|social|aufführung", Kind.SOCIAL),
        (r"talk|lecture|vortrag|presentation|maintrack|devroom|\bslot\b|länge|length", Kind.TALK),
    )
)
# Titles that say, and only say, that this is a break: used when the type says nothing.
_BREAK_TITLE = re.compile(
    r"^(((morning|afternoon|evening)\s+)?((coffee|tea)(\s+break)?|break)"
    r"|lunch(\s+break)?|pause(\s+caf[ée])?|buffet|dinner|breakfast)$"
)


def kind_of(type_name: str | None, title: str = "") -> Kind:
    """Our kind for a schedule's free-text event type.

    The first rule whose words appear in the type wins (so ``LightningTalk`` is a lightning
    talk, ``Workshop 60 Min`` a workshop, ``Talk 45 minutes`` a talk); length categories
    (``Long talk``, ``Doppelter Slot``, ``Normale Länge``) are talks. No type at all is a talk,
    as most scheduled slots are; a type that matches nothing (``meeting``, ``game``, ``bof``) is
    ``other``. Where the type says nothing, a title that is only ``Lunch`` or ``Coffee break``
    makes a break.
    """
    text = (type_name or "").casefold().strip()
    for pattern, kind in _KIND_RULES:
        if pattern.search(text):
            return kind
    if _BREAK_TITLE.match(" ".join(title.casefold().split()).strip(" .!")):
        return Kind.BREAK
    return Kind.TALK if not text else Kind.OTHER
