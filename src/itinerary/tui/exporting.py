"""The planner's export: the dialog prefilled from the last export's choices, the export done
through the core, and the choices kept for the next time (``preferences``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from itinerary.display import printable
from itinerary.errors import ItineraryError
from itinerary.export import (
    ExportChoice,
    NothingToExport,
    default_export_path,
    export_itinerary,
    write_file,
)
from itinerary.preferences import load_preferences, save_preferences
from itinerary.session import Session
from itinerary.timezones import get_zone
from itinerary.tui.screens.export_dialog import ExportDialog, ExportRequest


class Exporter:
    """Exports ``session``'s stars as the dialog asks, telling the person through ``notify``
    (a screen's ``notify``)."""

    def __init__(self, session: Session, notify: Callable[..., Any]) -> None:
        self.session, self._notify = session, notify

    def dialog(self) -> ExportDialog:
        path = str(default_export_path(self.session.program).absolute())
        last, notices = load_preferences()
        for notice in notices:
            self._notify(printable(notice), markup=False, severity="warning", timeout=10)
        zone = last.export_zone or self.session.zone.key
        return ExportDialog(
            path, zone, self.attempt, last.export_posters, last.export_alarm_minutes
        )

    def attempt(self, request: ExportRequest) -> str | None:
        """Export as the dialog asks; what went wrong, for the dialog to show, or None."""
        try:
            zone = get_zone(request.zone)
            path = Path(request.path).expanduser()
            choice = ExportChoice(
                zone,
                posters="separate" if request.posters == "separate" else "grouped",
                alarm_minutes=request.alarm_minutes,
                everything=request.everything,
            )
            result = export_itinerary(self.session, choice, write_file(path))
        except NothingToExport:
            return (
                "Nothing is starred, so there is nothing to export: star items with space, "
                "or tick “the whole program”."
            )
        except ItineraryError as error:
            return printable(str(error))
        self._notify(result.describe(str(path)), markup=False, title="Exported", timeout=8)
        self._remember(request)
        return None

    def _remember(self, request: ExportRequest) -> None:
        """The next export starts from this one's zone, grouping and reminder."""
        last, _ = load_preferences()
        try:
            save_preferences(
                replace(
                    last,
                    export_zone=request.zone,
                    export_posters="separate" if request.posters == "separate" else "grouped",
                    export_alarm_minutes=request.alarm_minutes,
                )
            )
        except ItineraryError as error:  # the file is written: only the choices are not kept
            self._notify(printable(str(error)), markup=False, severity="warning", timeout=10)
