"""itinerary: a personal conference itinerary planner."""

__version__ = "0.1.0"
