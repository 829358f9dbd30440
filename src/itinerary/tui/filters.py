"""What the program list is narrowed to: a search, kinds, starred only, friends' picks. One value,
so the program screen holds it as one reactive and redraws whenever it changes."""

from __future__ import annotations

from dataclasses import dataclass

from itinerary.friends import friends_of
from itinerary.model import Item, Kind
from itinerary.session import Session


@dataclass(frozen=True)
class Filters:
    search: str = ""
    kinds: frozenset[Kind] = frozenset()
    starred_only: bool = False
    friends_picks: bool = False

    @property
    def everything(self) -> bool:
        return self == Filters()

    def items(self, session: Session) -> list[Item]:
        """The program's items these filters let through, in time order."""
        items = session.index.matching(self.search, self.kinds, session.notes)
        stars = session.state.stars
        if self.starred_only:
            items = [item for item in items if item.id in stars]
        if self.friends_picks:
            items = [
                item
                for item in items
                if item.id not in stars and friends_of(session.state, item.id)
            ]
        return items

    def described(self) -> list[str]:
        """Each filter in force, as the header names it."""
        said = []
        if self.search:
            said.append(f"search “{self.search}”")
        if self.kinds:
            said.append("kinds: " + ", ".join(sorted(kind.value for kind in self.kinds)))
        if self.starred_only:
            said.append("starred only")
        if self.friends_picks:
            said.append("friends' picks I have not starred")
        return said
