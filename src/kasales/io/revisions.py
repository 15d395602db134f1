"""Qualify a portfolio as it was at a git revision (or is in the working tree), scoring each distinct blob once.

Workers send back each content's Standing as plain data (core/movement.py: the figures and flags a comparison
reads, a few hundred bytes), never its Result: what a run keeps per version stays small and bounded.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

from kasales.core.errors import KasalesError, Msg, Problem, UsageError, UsageProblem
from kasales.core.movement import NO_FLAGS, Standing
from kasales.core.rubric import Rubric
from kasales.core.scoring import qualify
from kasales.core.wire import ProblemData, problem_data, problem_from_data
from kasales.io.git import NULL_SHA, BlobReader, LogEntry, Repo
from kasales.io.loader import MAX_BYTES, UniqueIds, decode, parse_profile, read_text
from kasales.io.parallel import chunk_size, ordered_map
from kasales.io.paths import discover
from kasales.io.yamlsafe import YamlFailure, compose

MIN_PARALLEL = 100  # as io.batch: below this many blobs, workers cost more than they save


class Scored(NamedTuple):
    """One scored content: its standing, or the problems that rejected it."""

    standing: Standing | None
    problems: tuple[Problem, ...]


Wire = tuple[tuple[Any, ...] | None, tuple[ProblemData, ...]]  # a Scored as a worker sends it: plain data


def _received(outcome: tuple[str, Wire]) -> tuple[str, Scored]:
    """A worker's plain outcome as a Scored."""
    key, (standing, problems) = outcome
    return key, Scored(None if standing is None else Standing.from_data(standing),
                       tuple(problem_from_data(p) for p in problems))


@dataclass
class Side:
    """A portfolio at one revision: results by account id, the problems of rejected files, where each came from."""

    rev: str | None  # as the user wrote it; None for the working tree
    commit: str | None
    results: dict[str, Standing] = field(default_factory=dict)  # what the comparison reads of each account
    problems: list[Problem] = field(default_factory=list)
    keys: dict[str, str] = field(default_factory=dict)  # path -> content key (blob hash, or file:PATH)


@dataclass(frozen=True)
class _Job:
    rubric: Rubric
    today: dt.date
    flags: bool = True  # False: `history` never compares flags, so a standing need not carry them


# A worker process's job, set by the pool's initializer; the parent passes it as an argument instead, so two
# runs in one process never share it.
_WORKER_JOB: _Job | None = None


def _init(job: _Job) -> None:
    global _WORKER_JOB
    _WORKER_JOB = job


def _score_in_worker(task: tuple[str, str, bytes | None]) -> tuple[str, Wire]:
    assert _WORKER_JOB is not None, "the pool initializer sets the job"
    return _score(_WORKER_JOB, task)


def _score(job: _Job, task: tuple[str, str, bytes | None]) -> tuple[str, Wire]:
    """Score one content (``None``: read it from the working tree); problems are data, never exceptions."""
    key, path, data = task
    try:
        if data is None:
            text = read_text(Path(path))
        elif len(data) > MAX_BYTES:
            raise KasalesError([Problem(path, 1, 1, Msg("too_large", size=len(data), limit=MAX_BYTES))])
        else:
            text = decode(data, path)
        profile = parse_profile(text, path)
    except KasalesError as err:
        return key, (None, tuple(problem_data(p) for p in err.problems))
    standing = Standing.of(qualify(profile, path, job.rubric, job.today))
    return key, ((standing if job.flags else standing._replace(flags=NO_FLAGS)).data(), ())


class Scorer:
    """Scores contents by key (a blob hash, or ``file:PATH`` for the working tree), each key once per run."""

    def __init__(self, repo: Repo, rubric: Rubric, today: dt.date, jobs: int = 1,
                 progress: Callable[[int, int], None] | None = None, flags: bool = True) -> None:
        """Nothing is read until :meth:`score`; ``progress(done, total)`` is told of each content scored;
        without ``flags`` the standings carry none (for a history, which never compares them)."""
        self.repo, self.blobs = repo, BlobReader(repo)
        self.job = _Job(rubric, today, flags)
        self.jobs = jobs
        self.progress = progress
        self.done: dict[str, Scored] = {}

    def score(self, wanted: dict[str, str], on_disk: frozenset[str] = frozenset()) -> None:
        """Score every key of ``wanted`` (key -> the path it is shown under) not scored yet; the blobs of
        ``on_disk`` are also in the working tree at that path (unchanged there), and are read from it."""
        pending = [(key, path) for key, path in wanted.items() if key not in self.done]

        def tasks() -> Iterator[tuple[str, str, bytes | None]]:
            # blobs are read here, in order, through the one cat-file process, while the workers score the
            # chunks already sent (a generator: reading does not wait for scoring, nor scoring for reading);
            # working-tree files are read by the workers themselves
            for key, path in pending:
                if key.startswith("file:") or key in on_disk:
                    yield key, os.path.join(self.repo.root, path), None
                else:
                    yield key, path, self.blobs.read(key)

        if self.jobs <= 1 or len(pending) < MIN_PARALLEL:
            outcomes = map(partial(_score, self.job), tasks())
        else:
            outcomes = ordered_map(_score_in_worker, tasks(), self.jobs, _init, (self.job,),
                                   chunk_size(len(pending), self.jobs))
        for count, outcome in enumerate(outcomes, 1):
            key, scored = _received(outcome)
            self.done[key] = scored
            if self.progress is not None:
                self.progress(count, len(pending))

    def close(self) -> None:
        """End the cat-file process."""
        self.blobs.close()

    def side(self, rev: str | None, commit: str | None, keys: dict[str, str]) -> Side:
        """The side made of ``keys`` (path -> content key, scored already), ids made unique in path order."""
        side = Side(rev, commit, keys=keys)
        ids = UniqueIds()
        for path in sorted(keys):
            scored = self.done[keys[path]]
            if scored.standing is None:
                side.problems.extend(dataclasses.replace(p, path=path) for p in scored.problems)
                continue
            duplicate = ids.claim(scored.standing.id, path)
            if duplicate is not None:
                side.problems.append(Problem(path, 1, 1, duplicate.message))
            else:
                side.results[scored.standing.id] = scored.standing.at(path)
        return side

    def text(self, side: Side, path: str) -> str | None:
        """The text of ``path`` on ``side`` (to locate a line in it), or None when it cannot be read."""
        key = side.keys.get(path)
        try:
            if key is None:
                return None
            if key.startswith("file:") or side.commit is None:
                return read_text(self.repo.root / path)
            return decode(self.blobs.read(key), path)
        except KasalesError:
            return None


def _working_tree(repo: Repo, paths: Sequence[Path], roots: list[str], base_tree: dict[str, str],
                  base_commit: str) -> tuple[dict[str, str], list[Problem]]:
    """path -> key of the working tree's profiles: the base blob's hash where git says the file is unchanged."""
    present = [p for p in paths if os.path.lexists(p)]
    found = discover(list(present)) if present else None
    ignored = set(repo.untracked(roots, ignored=True))
    changed = set(repo.changed(base_commit, roots))
    keys = {}
    for file in found.files if found else []:
        rel = repo.relative(file)
        if rel in ignored:
            continue  # not part of what would be committed (a scratch copy, an editor's backup)
        same = rel in base_tree and rel not in changed
        keys[rel] = base_tree[rel] if same else f"file:{rel}"
    return keys, list(found.problems) if found else []


def roots_of(repo: Repo, paths: Sequence[Path]) -> list[str]:
    """The repository-relative roots of the PATH arguments (UsageError for one outside the repository)."""
    return [repo.relative(p) for p in paths]


def diff_sides(repo: Repo, paths: Sequence[Path], base: str, to: str | None, scorer: Scorer) -> tuple[Side, Side]:
    """Both sides of `kasales diff`: ``base`` against ``to`` (a revision) or the working tree."""
    roots = roots_of(repo, paths)
    base_commit, shown = repo.base(base)
    head_commit = repo.commit(to) if to is not None else None
    base_tree = repo.tree(base_commit, roots)
    extra: list[Problem] = []
    if head_commit is not None:
        head_keys = repo.tree(head_commit, roots)
    else:
        head_keys, extra = _working_tree(repo, paths, roots, base_tree, base_commit)
    _require_found(repo, paths, roots, [base_tree, head_keys], to or base)
    # a blob also in the working tree, unchanged, is read there by the workers in parallel (no pipe to share)
    on_disk = {key: path for path, key in head_keys.items() if head_commit is None and not key.startswith("file:")}
    wanted = dict(on_disk)
    wanted.update({key: path for path, key in base_tree.items() if key not in wanted})
    wanted.update({key: path for path, key in head_keys.items() if key not in wanted})
    scorer.score(wanted, frozenset(on_disk))
    head = scorer.side(to, head_commit, head_keys)
    head.problems = extra + head.problems
    return scorer.side(base, shown, base_tree), head


def _require_found(repo: Repo, paths: Sequence[Path], roots: list[str], trees: list[dict[str, str]], rev: str) -> None:
    """A PATH that exists on neither side is a typo: exit 2 as `qualify` does for a missing path."""
    missing = []
    for path, root in zip(paths, roots, strict=True):
        if os.path.lexists(path) or root == ".":
            continue
        prefix = root.rstrip("/") + "/"
        if not any(p == root or p.startswith(prefix) for tree in trees for p in tree):
            missing.append(UsageProblem(str(path), 1, 1, Msg("not_found_anywhere", rev=rev)))
    if missing:
        raise UsageError(missing)


def changed_files(repo: Repo, paths: Sequence[Path], rev: str) -> list[Path]:
    """Profiles under ``paths`` added, modified or renamed since ``rev``, untracked ones included, as
    paths the current folder can open (what `--changed-since` hands to the command)."""
    roots = roots_of(repo, paths)
    commit = repo.commit(rev)
    changed = set(repo.changed(commit, roots, deleted=False)) | set(repo.untracked(roots))
    return [Path(repo.shown(p)) for p in sorted(changed)]


def id_line(text: str | None) -> int:
    """1-based line of ``account.id`` in a profile's text (1 when it is not there), for annotations."""
    if text is None:
        return 1
    try:
        node = compose(text)
    except (KasalesError, YamlFailure):
        return 1
    for key, value in getattr(node, "value", []) if getattr(node, "id", "") == "mapping" else []:
        if key.value == "account" and value.id == "mapping":
            for inner, leaf in value.value:
                if inner.value == "id":
                    return int(leaf.start_mark.line) + 1
            return int(key.start_mark.line) + 1
    return 1


def history_blobs(entries: Sequence[LogEntry]) -> dict[str, str]:
    """Every distinct blob a log's changes name (after each change, and before each deletion) -> a path."""
    wanted: dict[str, str] = {}
    for entry in entries:
        for change in entry.changes:
            sha = change.new if change.new != NULL_SHA else change.old
            wanted.setdefault(sha, change.path)
    return wanted
