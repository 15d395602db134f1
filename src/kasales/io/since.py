"""What moved since a date or revision, and each account's score trail: the report's "moved since" section."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kasales.core.movement import Change, compare
from kasales.io.git import EMPTY_TREE, Repo
from kasales.io.history import Trail, history, since_range
from kasales.io.revisions import Scorer, diff_sides


@dataclass
class Moved:
    """The changes since ``since`` (BASE against the working tree) and the trails of the commits after it."""

    since: str
    base: str | None  # the commit compared with; None: the empty tree (nothing was committed before the date)
    changes: list[Change] = field(default_factory=list)
    trails: dict[str, Trail] = field(default_factory=dict)


def moved_since(repo: Repo, paths: Sequence[Path], since: str, scorer: Scorer, trails: bool = True) -> Moved:
    """Compare the portfolio at ``since`` with the working tree; for a date, at the last commit before that
    day; with ``trails``, each account's points since. The one scorer scores every blob once for both."""
    date, commit = since_range(repo, since)
    if date is not None:
        before = repo.run("rev-list", "-n", "1", f"--before={date} 00:00:00", "HEAD").decode().strip()
        commit = before or EMPTY_TREE
    assert commit is not None
    old, new = diff_sides(repo, paths, commit, None, scorer)
    found = history(repo, paths, since, scorer).trails if trails else {}
    return Moved(since, old.commit, compare(old.results, new.results), found)
