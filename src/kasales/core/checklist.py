"""Stage checklists: which items a stage's gate needs and how far a profile has them (SPEC §2-§6). Pure."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kasales.core.bilingual import Text
from kasales.core.checklist_model import FACTOR_ITEMS, INTEL_ITEMS, MAN_ITEMS, SERVICE_ITEMS, STAGES, StageChecklist
from kasales.core.models import Profile, account_id
from kasales.core.results import BuyingCenterResult
from kasales.core.rubric import Rubric
from kasales.core.scales import CHECKLIST_STAGES, SERVICE
from kasales.core.scoring import score_buying_center
from kasales.core.vocab import ManStatus, ObjectionStatus, Position, Role, Stage

DONE, PARTIAL, MISSING = "done", "partial", "missing"
# The order of "what to get first": the gate's gaps before the nice-to-haves, and nothing before something.
_PRIORITY = {(True, MISSING): 0, (True, PARTIAL): 1, (False, MISSING): 2, (False, PARTIAL): 3}


@dataclass(frozen=True)
class ChecklistItem:
    """One item of a stage's checklist, as the rubric defines it."""

    key: str
    category: str
    label: Text
    required: bool


@dataclass(frozen=True)
class ItemStatus:
    """One checklist item against one profile: done, partial or missing, with what was found."""

    item: ChecklistItem
    status: str
    detail: dict[str, Any] = field(default_factory=dict)  # English keys and values; renderers label them

    @property
    def key(self) -> str:
        """The item's key, e.g. ``background.org_structure``."""
        return self.item.key

    @property
    def required(self) -> bool:
        """Whether the stage's gate needs this item done."""
        return self.item.required


@dataclass(frozen=True)
class ChecklistResult:
    """A stage's checklist evaluated against one profile."""

    stage: str
    items: tuple[ItemStatus, ...]
    reminders: tuple[tuple[str, Text], ...] = ()

    @property
    def ready(self) -> bool:
        """The gate is met when every required item is done (recommended items never block it)."""
        return all(i.status == DONE for i in self.items if i.required)

    @property
    def required_total(self) -> int:
        """How many items the gate needs."""
        return sum(1 for i in self.items if i.required)

    @property
    def required_done(self) -> int:
        """How many of the gate's items are done."""
        return sum(1 for i in self.items if i.required and i.status == DONE)

    @property
    def get_first(self) -> tuple[ItemStatus, ...]:
        """Items not done, in the order to work on them: required missing, required partial, then recommended."""
        gaps = [i for i in self.items if i.status != DONE]
        return tuple(sorted(gaps, key=lambda i: _PRIORITY[(i.required, i.status)]))  # stable: checklist order


@dataclass(frozen=True)
class AccountChecklist:
    """One account's checklist at a stage, and its readiness for the next stage."""

    file: str
    account_id: str
    account_name: str
    stage_source: str  # "profile", "option" (--stage) or "default" (the profile has no stage: prospect)
    current: ChecklistResult
    next: ChecklistResult | None = None


def next_stage(stage: str) -> str | None:
    """The stage after ``stage`` in SPEC §2's order; None after `close` (and for the `service` checklist)."""
    if stage not in STAGES:
        return None
    index = STAGES.index(stage)
    return STAGES[index + 1] if index + 1 < len(STAGES) else None


def stage_checklist(stage: str, rubric: Rubric) -> StageChecklist:
    """The rubric's checklist of ``stage`` (the loader fills in stages a user's rubric leaves out)."""
    if stage not in CHECKLIST_STAGES:
        raise ValueError(f"unknown stage {stage!r}; expected one of {', '.join(CHECKLIST_STAGES)}")
    found = rubric.checklists.stages.get(stage)
    if found is None:
        raise ValueError(f"the rubric has no checklist for stage {stage!r}")
    return found


def checklist_items(stage: str, rubric: Rubric) -> tuple[ChecklistItem, ...]:
    """The items of ``stage``'s checklist, in the rubric's order."""
    return tuple(ChecklistItem(key, spec.category, spec.label, spec.required)
                 for key, spec in stage_checklist(stage, rubric).items.items())


def evaluate_checklist(profile: Profile, stage: str, rubric: Rubric) -> ChecklistResult:
    """Every item of ``stage``'s checklist with its status for ``profile``."""
    checklist = stage_checklist(stage, rubric)
    center = score_buying_center(profile)  # once for the three buying-center items, as `qualify` sees it
    items = []
    for item in checklist_items(stage, rubric):
        status, detail = item_status(profile, item.key, center)
        items.append(ItemStatus(item, status, detail))
    return ChecklistResult(stage, tuple(items), tuple(checklist.reminders.items()))


def check_account(profile: Profile, path: str, rubric: Rubric, stage: str | None = None) -> AccountChecklist:
    """The checklist of ``stage`` (default: `service` for a won deal, else the profile's own stage, else prospect)
    and, without ``stage``, readiness for the next stage."""
    if stage is not None:
        source, current = "option", stage
    elif profile.outcome.value == "won":  # after the signature the sales stages are behind us (SPEC §12)
        source, current = "outcome", SERVICE
    elif profile.stage is not None:
        source, current = "profile", profile.stage.value
    else:
        source, current = "default", Stage.prospect.value
    following = next_stage(current) if stage is None else None
    key = account_id(profile, path)
    return AccountChecklist(
        file=path, account_id=key, account_name=profile.account.name or key, stage_source=source,
        current=evaluate_checklist(profile, current, rubric),
        next=evaluate_checklist(profile, following, rubric) if following else None)


Status = tuple[str, dict[str, Any]]


def item_status(profile: Profile, key: str, center: BuyingCenterResult | None = None) -> Status:
    """The status of one item key for ``profile``, with the facts behind it.

    ``center`` is the profile's scored buying center (computed here when not given): the checklist reads
    roles, coaches and decision makers exactly as `kasales qualify` does.
    """
    if key in MAN_ITEMS:
        value = getattr(profile.man, key.split(".")[1]).status.value
        # assessed means any answer, even "no": the gate asks whether we know, not whether it is good
        return (MISSING if value == ManStatus.unknown else DONE), {"status": value}
    if key in FACTOR_ITEMS:
        score = getattr(profile.evaluation, key.split(".")[1]).score
        return (MISSING if score is None else DONE), {"score": score}
    if key in INTEL_ITEMS:
        category, name = key.split(".")
        return getattr(profile.intel.category(category), name).status.value, {}
    if key in SERVICE_ITEMS:
        return getattr(profile.service, key.split(".")[1]).status.value, {}
    if key in _BUYING_CENTER:
        return _BUYING_CENTER[key](center if center is not None else score_buying_center(profile))
    return _DERIVED[key](profile)


def _approach_tools(profile: Profile) -> Status:
    tools = [t.value for t in profile.approach_tools]
    return (DONE if tools else MISSING), {"tools": tools}


def _need_confirmed(profile: Profile) -> Status:
    need = profile.man.need
    evidence = bool(need.evidence and need.evidence.strip())
    detail = {"status": need.status.value, "evidence": evidence}
    if need.status == ManStatus.yes:
        return (DONE if evidence else PARTIAL), detail
    if need.status == ManStatus.partial:
        return PARTIAL, detail
    return MISSING, detail


def _roles(center: BuyingCenterResult) -> Status:
    detail = {"covered": list(center.covered), "missing": list(center.missing)}
    status = DONE if not center.missing else PARTIAL if center.covered else MISSING
    return status, detail


def _coach(center: BuyingCenterResult) -> Status:
    coaches = sum(1 for p in center.people if p.coach)
    return (DONE if coaches else MISSING), {"coaches": coaches}


def _decision_maker_attitude(center: BuyingCenterResult) -> Status:
    makers = [p for p in center.people if Role.decision_maker.value in p.roles]
    if not makers:
        return MISSING, {"decision_makers": []}
    detail = {"decision_makers": [{"name": p.name, "attitude": p.attitude} for p in makers]}
    # Known means supporter, neutral or even opponent: opposition is a flag of `qualify`, not a gap in what
    # we know. Every decision maker counts, as in `qualify`, which flags each one whose attitude is unknown.
    known = all(p.attitude != "unknown" for p in makers)
    return (DONE if known else PARTIAL), detail


def _position(profile: Profile) -> Status:
    return (MISSING if profile.position == Position.unknown else DONE), {"position": profile.position.value}


def _procurement_step(profile: Profile) -> Status:
    step = profile.procurement_step.value if profile.procurement_step else None
    return (DONE if step else MISSING), {"procurement_step": step}


def _objections(profile: Profile) -> Status:
    open_count = sum(1 for o in profile.objections if o.status == ObjectionStatus.open)
    return (MISSING if open_count else DONE), {"open": open_count, "total": len(profile.objections)}


_BUYING_CENTER: dict[str, Callable[[BuyingCenterResult], Status]] = {
    "buying_center.roles": _roles,
    "buying_center.coach": _coach,
    "buying_center.decision_maker_attitude": _decision_maker_attitude,
}
_DERIVED: dict[str, Callable[[Profile], Status]] = {
    "approach_tools": _approach_tools,
    "man.need_confirmed": _need_confirmed,
    "deal.position": _position,
    "deal.procurement_step": _procurement_step,
    "objections.answered": _objections,
}
