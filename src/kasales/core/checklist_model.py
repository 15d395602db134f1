"""Pydantic model of the rubric's `checklists` section: stage gates as data (SPEC §2), overridable by a user rubric."""

from __future__ import annotations

import difflib
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from kasales.core.bilingual import Text
from kasales.core.models import Intel, Service
from kasales.core.scales import CHECKLIST_STAGES, STAGES  # noqa: F401 - STAGES is imported from here too

MAN_ITEMS = ("man.money", "man.authority", "man.need")
FACTOR_ITEMS = tuple(f"evaluation.{f}" for f in
                     ("need_degree", "need_volume", "purchasing_power", "decision_authority", "credit"))
# The 22 intel items of SPEC §5, in the profile's order: `background.org_structure` ... `personal.communication_style`.
INTEL_ITEMS = tuple(f"{category}.{item}" for category, field in Intel.model_fields.items()
                    for item in field.annotation.model_fields)  # type: ignore[union-attr]
# Items computed from other parts of the profile; checklist.py holds one rule per key.
DERIVED_ITEMS = ("approach_tools", "man.need_confirmed", "buying_center.roles", "buying_center.coach",
                 "buying_center.decision_maker_attitude", "deal.position", "deal.procurement_step",
                 "objections.answered")
# The service checklist of a won deal (SPEC §12): the profile's `service` block, `service.implementation` ...
SERVICE_ITEMS = tuple(f"service.{item}" for item in Service.model_fields)
KNOWN_ITEMS = frozenset(MAN_ITEMS + FACTOR_ITEMS + INTEL_ITEMS + DERIVED_ITEMS + SERVICE_ITEMS)


class ItemSpec(BaseModel):
    """One checklist item: what it is called, where it is grouped, and whether the gate needs it."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    category: str
    label: Text
    required: bool


class StageChecklist(BaseModel):
    """The gate of one stage: items keyed by what they check, and reminders that are guidance only."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    # A mapping (not a list) so that `extends: default` can override one item by its key.
    items: dict[str, ItemSpec] = {}
    reminders: dict[str, Text] = {}

    @field_validator("items", mode="before")
    @classmethod
    def _known(cls, items: object) -> object:
        # each key has one rule in checklist.py: a key without one could never be done. Checked before the
        # items themselves, so a typo is reported as such rather than as an item lacking its label.
        for key in items if isinstance(items, dict) else ():
            if key not in KNOWN_ITEMS:
                close = difflib.get_close_matches(key, sorted(KNOWN_ITEMS), n=1)
                hint = f"did you mean '{close[0]}'?" if close else f"known items: {', '.join(sorted(KNOWN_ITEMS))}"
                raise ValueError(f"unknown checklist item '{key}'; {hint}")
        return items


class Checklists(BaseModel):
    """Category labels and one checklist per stage."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    categories: dict[str, Text] = {}
    stages: dict[Literal[CHECKLIST_STAGES], StageChecklist] = {}  # type: ignore[valid-type]

    @model_validator(mode="after")
    def _categories(self) -> Checklists:
        for stage, checklist in self.stages.items():
            for key, item in checklist.items.items():
                if item.category not in self.categories:
                    raise ValueError(f"{stage} item {key}: category '{item.category}' has no label under "
                                     f"checklists.categories")
        return self
