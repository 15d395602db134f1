"""Each account's qualification at every commit that changed its profile (`kasales history`)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kasales.core.errors import Msg, Problem, UsageError, UsageProblem
from kasales.core.movement import Snapshot
from kasales.io.git import DATE, NULL_SHA, Commit, Repo
from kasales.io.revisions import Scorer, history_blobs, roots_of


@dataclass(frozen=True, slots=True)  # slots: a long history holds one per account and commit
class Point:
    """An account at one commit: ``status`` added, changed or removed; no snapshot once removed."""

    commit: Commit
    file: str
    status: str
    snapshot: Snapshot | None
    blob: str


@dataclass
class Trail:
    """One account's points, oldest first."""

    id: str
    name: str
    points: list[Point] = field(default_factory=list)


@dataclass
class History:
    """Trails by account id (in id order), problems of invalid versions (with their commit), and counts."""

    trails: dict[str, Trail] = field(default_factory=dict)
    problems: list[tuple[Commit, Problem]] = field(default_factory=list)
    commits: int = 0
    blobs: int = 0  # distinct profile versions scored, each once


def since_range(repo: Repo, since: str | None) -> tuple[str | None, str | None]:
    """``--since`` as git's date filter or a base commit: (date, None), (None, commit) or (None, None)."""
    if since is None:
        return None, None
    if DATE.match(since):
        try:
            dt.date.fromisoformat(since)
        except ValueError:
            raise UsageError([UsageProblem(since, 1, 1, Msg("bad_since"))]) from None
        return since, None
    return None, repo.commit(since)


def history(repo: Repo, paths: Sequence[Path], since: str | None, scorer: Scorer) -> History:
    """Walk the log of ``paths`` (oldest first), scoring each distinct blob once, into per-account trails."""
    roots = roots_of(repo, paths)
    date, base = since_range(repo, since)
    entries = repo.log(roots, since=date, base=base)
    wanted = history_blobs(entries)
    scorer.score(wanted)
    out = History(commits=len(entries), blobs=len(wanted))
    alive: set[str] = set()
    for entry in entries:
        present: dict[str, tuple[str, str, str]] = {}  # id -> (path, blob, blob before)
        gone: dict[str, str] = {}  # id -> path
        for change in entry.changes:
            sha = change.new if change.new != NULL_SHA else change.old
            scored = scorer.done[sha]
            if scored.standing is None:
                if change.new != NULL_SHA:  # a deleted invalid file was reported when it was added
                    out.problems += [(entry.commit, dataclasses.replace(p, path=change.path)) for p in scored.problems]
                continue
            key = scored.standing.id
            trail = out.trails.setdefault(key, Trail(key, scored.standing.name))
            if change.new != NULL_SHA:
                present.setdefault(key, (change.path, change.new, change.old))
                trail.name = scored.standing.name
            else:
                gone[key] = change.path
        for key, (path, blob, old) in present.items():
            trail = out.trails[key]
            last = trail.points[-1] if trail.points else None
            if last is not None and last.blob == blob and last.file == path:
                continue  # a merge repeating what its branch commit already showed
            standing = scorer.done[blob].standing
            assert standing is not None
            status = "changed" if old != NULL_SHA or key in gone or key in alive else "added"
            point = Point(entry.commit, path, status, standing.at(path).snapshot, blob)
            trail.points.append(point)
            alive.add(key)
        for key, path in gone.items():
            if key not in present:
                out.trails[key].points.append(Point(entry.commit, path, "removed", None, NULL_SHA))
                alive.discard(key)
    out.trails = {key: out.trails[key] for key in sorted(out.trails) if out.trails[key].points}
    return out
