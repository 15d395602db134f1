"""Ordered scales shared by core, gates and renderers: risk levels (best to worst), sales stages. Pure."""

from __future__ import annotations

from kasales.core.vocab import Stage

# SPEC §4: the engine assigns one of these; --fail-on-risk LEVEL fails at that level or worse
LEVELS = ("low", "medium", "high")

STAGES = tuple(stage.value for stage in Stage)  # SPEC §2, in order

# the checklists: one per sales stage, then `service` for a won deal (SPEC §12) - a checklist, not a sales stage
SERVICE = "service"
CHECKLIST_STAGES = (*STAGES, SERVICE)
