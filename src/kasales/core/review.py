"""What `kasales review` asks about an account: what is unknown or missing, one field per question.

Pure: questions are built from a profile and the rubric (the next stage's checklist says which intel
is missing), answers are checked against the field's vocabulary (English or Chinese), and every
accepted answer becomes an `Assignment`, made by the same machinery as `kasales set`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kasales.core import vocab
from kasales.core.checklist import evaluate_checklist, next_stage
from kasales.core.edits import Assignment, parse_path
from kasales.core.models import Profile
from kasales.core.rubric import Rubric

INTEL_CATEGORIES = ("background", "competitor", "project", "personal")


@dataclass(frozen=True)
class Question:
    """One question: the field it fills, what it is about (a topic key and its subject), how to answer."""

    path: str  # the field as `kasales set` names it
    topic: str  # man | factor | intel | attitude | evidence
    subject: str  # the dimension, factor, intel item key or stakeholder index it is about
    enum: type[StrEnum] | None = None  # answers from this vocabulary (English or Chinese); None: see ``score``
    score: bool = False  # answers 1..5
    follow_up: Question | None = None  # asked after an answer (the evidence behind a MAN status)

    def accepted(self) -> list[str]:
        """Every answer accepted, English then Chinese (`yes`, ..., `是`, ...), or `1`..`5`."""
        if self.score:
            return [str(n) for n in range(1, 6)]
        if self.enum is None:
            return []
        chinese = [vocab.CHINESE[self.enum][m.value][0] for m in self.enum]
        return [m.value for m in self.enum] + chinese

    def check(self, answer: str) -> str | None:
        """The value to write for ``answer`` (stripped; Chinese kept as typed), or None when it is not accepted."""
        text = answer.strip()
        if self.score:
            return text if text in {"1", "2", "3", "4", "5"} else None
        if self.enum is not None:
            value = vocab.normalize(self.enum, text.lower() if text.isascii() else text)
            return (text.lower() if text.isascii() else text) if value in self.enum._value2member_map_ else None
        return text or None

    def assignment(self, value: str) -> Assignment:
        """The assignment an accepted answer makes."""
        return Assignment(parse_path(self.path), value, text=self.path)


def questions(profile: Profile, rubric: Rubric) -> list[Question]:
    """The questions for one account, in the order a rep would work through them."""
    found: list[Question] = []
    for key in ("money", "authority", "need"):
        if getattr(profile.man, key).status == vocab.ManStatus.unknown:
            evidence = Question(f"man.{key}.evidence", "evidence", key)
            found.append(Question(f"man.{key}", "man", key, enum=vocab.ManStatus, follow_up=evidence))
    for key in ("need_degree", "need_volume", "purchasing_power", "decision_authority", "credit"):
        if getattr(profile.evaluation, key).score is None:
            found.append(Question(f"evaluation.{key}", "factor", key, score=True))
    found += _intel_questions(profile, rubric)
    for index, person in enumerate(profile.stakeholders):
        if person.attitude == vocab.Attitude.unknown:
            found.append(Question(f"stakeholders[{index}].attitude", "attitude", str(index), enum=vocab.Attitude))
    return found


def review_stage(profile: Profile) -> str:
    """The stage whose intel the review asks for: the next one (the current one at the last stage)."""
    current = profile.stage.value if profile.stage else "prospect"
    return next_stage(current) or current


def _intel_questions(profile: Profile, rubric: Rubric) -> list[Question]:
    """Intel items of the review stage's checklist not yet done, required ones first."""
    result = evaluate_checklist(profile, review_stage(profile), rubric)
    items = [i for i in result.items if i.key.split(".")[0] in INTEL_CATEGORIES and i.status != "done"]
    items.sort(key=lambda i: not i.required)
    return [Question(f"intel.{i.key}", "intel", i.key, enum=vocab.IntelStatus) for i in items]
