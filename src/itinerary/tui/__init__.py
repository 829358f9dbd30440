"""The Textual planner: a thin face over the core (program, stars, conflicts, export)."""
