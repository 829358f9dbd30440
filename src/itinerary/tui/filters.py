"""What the program list is narrowed to: a search, kinds, rooms, tracks and days (the core's
``Scope``, as the command's --room/--track/--day), starred only, friends' picks. One value, so the
program screen holds it as one reactive and redraws whenever it changes."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from zoneinfo import ZoneInfo

from itinerary.friends import friends_of
from itinerary.model import Item, Kind, Program
from itinerary.scope import Scope
from itinerary.session import Session


@dataclass(frozen=True)
class Filters:
    search: str = ""
    kinds: frozenset[Kind] = frozenset()
    starred_only: bool = False
    friends_picks: bool = False
    scope: Scope = field(default_factory=Scope)  # rooms, tracks, days

    @property
    def everything(self) -> bool:
        return self == Filters()

    def items(self, session: Session) -> list[Item]:
        """The program's items these filters let through, in time order."""
        items = session.index.matching(self.search, self.kinds, session.notes)
        stars = session.state.stars
        scope, zone = self.scope, session.zone
        if scope != Scope():
            items = [item for item in items if scope.admits(item, zone)]
        if self.starred_only:
            items = [item for item in items if item.id in stars]
        if self.friends_picks:
            items = [
                item
                for item in items
                if item.id not in stars and friends_of(session.state, item.id)
            ]
        return items

    def described(self, zone: ZoneInfo, program: Program | None = None) -> list[str]:
        """Each filter in force, as the header names it (days as read in ``zone``). Rooms or
        tracks that are most of ``program``'s are named by those left out ("all rooms but
        Hall A"), as hiding one leaves them."""
        said = []
        if self.search:
            said.append(f"search “{self.search}”")
        if self.kinds:
            said.append("kinds: " + ", ".join(sorted(kind.value for kind in self.kinds)))
        scope = self.scope
        if program is not None and (scope.rooms or scope.tracks):  # by those left out, if fewer
            for what, chosen, known in (
                ("rooms", scope.rooms, program.rooms),
                ("tracks", scope.tracks, program.tracks),
            ):
                left_out = sorted(known - chosen)
                if chosen and chosen <= known and len(left_out) < len(chosen):
                    said.append(f"all {what} but " + ", ".join(left_out))
                    scope = replace(scope, **{what: frozenset()})
        said.extend(scope.described(zone))
        if self.starred_only:
            said.append("starred only")
        if self.friends_picks:
            said.append("friends' picks I have not starred")
        return said
