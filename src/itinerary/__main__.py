"""``python -m itinerary``: the same as the ``itinerary`` command."""

from itinerary.cli import main

raise SystemExit(main())
