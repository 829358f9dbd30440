"""A field fetched when first read: what lets the program store leave the abstracts, most of
a program's bytes, on disk until one is asked for."""

from __future__ import annotations

from typing import Any


class OnDemand:
    """A field of a slotted dataclass that a reader may leave to be fetched when first read.

    Installed over the field's slot (``OnDemand.install``): a value whose slot holds a fetcher
    (anything but a ``str``, as the program store leaves it) gets the field from it, called
    with the value and the field's name, the first time it is read, and keeps it; any other
    value reads its field as a slot. So the store leaves the abstracts, most of a program's
    bytes, on disk until one is asked for."""

    def __init__(self, slot: Any, name: str, default: str) -> None:
        self._slot = slot  # the slot's own descriptor, which holds the value
        self.name = name
        self.default = default

    @classmethod
    def install(cls, owner: type, name: str) -> OnDemand:
        made = cls(owner.__dict__[name], name, owner.__dataclass_fields__[name].default)  # type: ignore[attr-defined]
        setattr(owner, name, made)
        return made

    def __get__(self, instance: object, owner: type | None = None) -> str:
        if instance is None:  # the class's default, as dataclasses and pydantic ask for it
            return self.default
        value = self._slot.__get__(instance, owner)
        if value.__class__ is not str:  # a fetcher: read once, from now on the value itself
            value = value(instance, self.name)
            self._slot.__set__(instance, value)
        return value

    def __set__(self, instance: object, value: object) -> None:
        """The value, or a function to fetch it when first read."""
        self._slot.__set__(instance, value)

    def pending(self, instance: object) -> Any:
        """The fetcher the field is still to be fetched with; None once it is there."""
        value = self._slot.__get__(instance, type(instance))
        return None if value.__class__ is str else value
