"""Every place on disk the tool keeps something of its own, in one module.

Home is ``$ITINERARY_HOME`` or the platform's user data directory; the cache is
``$ITINERARY_HOME/cache`` or the platform's user cache directory. Files a person names (a
program, an export, a share file) are theirs and are not listed here.
"""

from __future__ import annotations

import os
from pathlib import Path

HOME_ENV = "ITINERARY_HOME"


def home_dir() -> Path:
    """``$ITINERARY_HOME``, else the platform's user data directory for itinerary."""
    explicit = os.environ.get(HOME_ENV)
    if explicit:
        return Path(explicit)
    import platformdirs  # only without $ITINERARY_HOME: its import is a tenth of `list`

    return Path(platformdirs.user_data_dir("itinerary", appauthor=False))


def cache_dir() -> Path:
    """``$ITINERARY_HOME/cache``, else the platform's user cache directory for itinerary."""
    explicit = os.environ.get(HOME_ENV)
    if explicit:
        return Path(explicit) / "cache"
    import platformdirs

    return Path(platformdirs.user_cache_dir("itinerary", appauthor=False))


def state_dir(home: Path | None = None) -> Path:
    """Where the person's states are kept, one file a program: ``<home>/state``."""
    return (home or home_dir()) / "state"


def state_file(program_id: str, home: Path | None = None) -> Path:
    """The person's state for one program: ``<home>/state/<program-id>.yaml``."""
    return state_dir(home) / f"{program_id}.yaml"


def scope_file(program_id: str, home: Path | None = None) -> Path:
    """The planner's rooms, tracks and days (and those hidden) last chosen for one program:
    ``<home>/scopes/<program-id>.yaml``."""
    return (home or home_dir()) / "scopes" / f"{program_id}.yaml"


def program_cache_dir() -> Path:
    """Where the program store keeps validated programs for a quick reopen: ``<cache>/programs``."""
    return cache_dir() / "programs"


def preferences_file(home: Path | None = None) -> Path:
    """The person's choices for every program (the planner's theme, the export dialog's last
    answers): ``<home>/preferences.yaml``."""
    return (home or home_dir()) / "preferences.yaml"


def programs_dir(home: Path | None = None) -> Path:
    """Programs followed from a URL or a file: ``<home>/programs``, the registry and a folder
    of copies per program."""
    return (home or home_dir()) / "programs"
