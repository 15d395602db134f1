"""What moved between two qualifications of a portfolio: accounts added, removed or changed, up or down. Pure.

The caller scores both sides (two revisions, or a revision and the working tree) and passes in each account's
Standing - the few figures and flags a comparison reads, not the whole Result, so a side of 10,000 accounts
stays small; nothing here knows where they came from.
"""

from __future__ import annotations

import dataclasses
import pickle
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, NamedTuple

from kasales.core.results import Finding, Result
from kasales.core.scoring import VERDICT_ORDER

# A won deal is where every open verdict wants to go and a lost one where none does: wherever SPEC §8's
# list puts them (after disqualify), moving into `serve` is up and into `lost` is down, so a gate on
# downgrades never fails the pull request that records a win.
WON, LOST = "serve", "lost"


@dataclass(frozen=True, slots=True)  # slots: a side of 10,000 accounts holds 10,000 of these
class Snapshot:
    """One side of a change: what a person compares in a pipeline review."""

    file: str
    verdict: str
    man: str
    score: float | None
    level: str
    stage: str | None
    outcome: str
    intel: float

    @classmethod
    def of(cls, result: Result) -> Snapshot:
        """The compared figures of ``result`` (intel completeness rounded as the JSON shows it)."""
        return cls(result.file, result.verdict, result.man.code, result.risk.score, result.risk.level,
                   result.stage, str(getattr(result, "outcome", None) or "open"), round(result.intel.completeness, 2))

    def figures(self) -> tuple[Any, ...]:
        """Everything but the file: two snapshots with equal figures are the same qualification."""
        return (self.verdict, self.man, self.score, self.level, self.stage, self.outcome, self.intel)


class Standing(NamedTuple):
    """What a comparison needs of one qualification: the account, its compared figures and its flags.

    A portfolio's every account and version is held as one of these, so it is kept small: the flags stay
    pickled (a few hundred bytes instead of a few kilobytes of objects) and are unpacked only for the
    accounts whose flags differ between the two sides.
    """

    id: str
    name: str
    snapshot: Snapshot
    flags: bytes  # pickled ((key, params, severity), ...): see findings()

    @classmethod
    def of(cls, result: Result) -> Standing:
        """The standing of ``result``."""
        flags = tuple((f.key, f.params, f.severity) for f in result.flags)
        return cls(result.account.id, result.account.name, Snapshot.of(result), pickle.dumps(flags, _PROTOCOL))

    def findings(self) -> tuple[Finding, ...]:
        """The flags, in the result's order."""
        return tuple(Finding(*f) for f in pickle.loads(self.flags))

    def data(self) -> tuple[Any, ...]:
        """The standing as plain tuples, strings, numbers and bytes: what a worker sends back (cheap to pickle)."""
        return self.id, self.name, dataclasses.astuple(self.snapshot), self.flags

    @classmethod
    def from_data(cls, data: tuple[Any, ...]) -> Standing:
        """The standing that :meth:`data` made ``data`` from (the words every account shares stored once)."""
        key, name, (file, verdict, man, score, level, stage, outcome, intel), flags = data
        # interned: every version of an account shares its id, name and file, every account the words
        key, name, file, verdict, man, level, stage, outcome = (
            w if w is None else sys.intern(w) for w in (key, name, file, verdict, man, level, stage, outcome))
        return cls(key, name, Snapshot(file, verdict, man, score, level, stage, outcome, intel), flags)

    def at(self, file: str) -> Standing:
        """The same standing shown under ``file`` (a renamed file, or one content at two paths)."""
        return self if self.snapshot.file == file else self._replace(snapshot=replace(self.snapshot, file=file))


_PROTOCOL = 5
NO_FLAGS = pickle.dumps((), _PROTOCOL)  # a standing whose flags are not wanted (a history compares none)


@dataclass(frozen=True)
class Change:
    """One account compared: ``status`` added, removed, changed or unchanged; ``moved`` up, down or same."""

    id: str
    name: str
    status: str
    moved: str | None  # None for added and removed accounts: there is nothing to move from or to
    before: Snapshot | None
    after: Snapshot | None
    flags_added: tuple[Finding, ...] = ()
    flags_cleared: tuple[Finding, ...] = ()

    @property
    def file(self) -> str:
        """Where the account is now (where it was, when removed)."""
        side = self.after or self.before
        assert side is not None
        return side.file

    @property
    def renamed(self) -> bool:
        """The same account in another file."""
        return self.before is not None and self.after is not None and self.before.file != self.after.file

    @property
    def downgrade(self) -> bool:
        """Moved down, or gained a high flag: what `--fail-on-downgrade` fails on."""
        return self.moved == "down" or any(f.severity == "high" for f in self.flags_added)


def verdict_rank(verdict: str, order: Sequence[str] = VERDICT_ORDER) -> int:
    """Position of ``verdict`` in the order of SPEC §8, best first (won before all, lost after all)."""
    if verdict == WON:
        return -1
    if verdict == LOST:
        return len(order)
    return order.index(verdict) if verdict in order else len(order)


def direction(before: Snapshot, after: Snapshot, order: Sequence[str] = VERDICT_ORDER) -> str:
    """``up``, ``down`` or ``same``: by verdict, then by score (a score nobody assessed counts as 0, its floor)."""
    old, new = verdict_rank(before.verdict, order), verdict_rank(after.verdict, order)
    if old != new:
        return "up" if new < old else "down"
    old_score, new_score = before.score or 0.0, after.score or 0.0
    if old_score != new_score:
        return "up" if new_score > old_score else "down"
    return "same"


def _flag_key(finding: Finding) -> tuple[str, str]:
    # a flag is the same flag while its key and parameters are: "credit scored 2" -> "scored 1" is one
    # flag cleared and another raised, which is how a reviewer reads it
    return finding.key, repr(sorted(finding.params.items(), key=lambda item: item[0]))


def flag_changes(before: Iterable[Finding], after: Iterable[Finding]) -> tuple[tuple[Finding, ...],
                                                                                 tuple[Finding, ...]]:
    """Flags raised (in ``after`` only) and cleared (in ``before`` only), each in its side's order."""
    old = {_flag_key(f): f for f in before}
    new = {_flag_key(f): f for f in after}
    return (tuple(f for k, f in new.items() if k not in old), tuple(f for k, f in old.items() if k not in new))


def compare(before: Mapping[str, Standing], after: Mapping[str, Standing],
            order: Sequence[str] = VERDICT_ORDER) -> list[Change]:
    """Every account of either side, matched by account id, in id order."""
    changes = []
    for key in sorted(before.keys() | after.keys()):
        old, new = before.get(key), after.get(key)
        if old is None and new is not None:
            changes.append(Change(key, new.name, "added", None, None, new.snapshot))
        elif new is None and old is not None:
            changes.append(Change(key, old.name, "removed", None, old.snapshot, None))
        elif old is not None and new is not None:
            was, now = old.snapshot, new.snapshot
            # the same flags, pickled the same way: nothing raised or cleared (most accounts, cheaply)
            added, cleared = ((), ()) if old.flags == new.flags else flag_changes(old.findings(), new.findings())
            same = was == now and not added and not cleared
            changes.append(Change(key, new.name, "unchanged" if same else "changed",
                                  direction(was, now, order), was, now, added, cleared))
    return changes


GROUPS = ("up", "down", "added", "removed", "other")


def group(change: Change) -> str | None:
    """The review group of a change: up, down, added, removed, other (changed, same place); None if unchanged."""
    if change.status in ("added", "removed"):
        return change.status
    if change.status == "unchanged":
        return None
    return change.moved if change.moved in ("up", "down") else "other"
