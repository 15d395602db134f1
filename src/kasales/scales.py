"""Ordered scales shared by the core, the gates and the renderers: risk levels, best to worst. Pure."""

from __future__ import annotations

# SPEC §4: the engine assigns one of these; --fail-on-risk LEVEL fails at that level or worse
LEVELS = ("low", "medium", "high")
