"""Qualify many files: discover, load, check ids, score - every file ends up scored or reported."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

from kasales.core.errors import KasalesError, Msg, Problem
from kasales.core.models import Profile, account_id
from kasales.core.results import Result
from kasales.core.rubric import Rubric
from kasales.core.scoring import qualify
from kasales.io.loader import UniqueIds, load_profile
from kasales.io.paths import discover

MIN_PARALLEL = 100  # below this many files, starting workers costs more than it saves
Check = Callable[[Result], Sequence[Msg]]  # why a result trips the user's gates (empty: it passes)
Finish = Callable[[Result, Sequence[Msg]], Any]  # turns a result (and its gate failures) into what is kept


@dataclass
class Batch:
    """Results in input order, problems of every rejected file, and which accounts tripped a gate."""

    results: list[Result] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    scored: int = 0  # accepted accounts; equals len(results) unless results were streamed, not kept
    gate_failures: dict[str, list[Msg]] = field(default_factory=dict)  # file -> why it tripped a gate

    @property
    def rejected(self) -> int:
        """How many input files were rejected (a file may have several problems)."""
        return len({p.path for p in self.problems})


class Outcome(NamedTuple):
    """One file's outcome as a worker sends it back: a few strings and one item, cheap to pickle."""

    file: str
    problems: tuple[Problem, ...]
    account_id: str | None  # None when the file was rejected
    gate_failures: tuple[Msg, ...]
    item: Any  # the Result, or what ``finish`` made of it (e.g. its JSON text); None when rejected


@dataclass(frozen=True)
class Job:
    """What every file of one run is scored with: the rubric, the day, the user's gates and the finishing step."""

    rubric: Rubric
    today: dt.date
    check: Check | None = None
    finish: Finish | None = None


def score_file(job: Job, path: Path) -> Outcome:
    """Load, score and finish one file; problems are data, never exceptions."""
    try:
        profile = load_profile(path)
    except KasalesError as err:
        return Outcome(str(path), tuple(err.problems), None, (), None)
    result = qualify(profile, str(path), job.rubric, job.today)
    failures = tuple(job.check(result)) if job.check else ()
    item = job.finish(result, failures) if job.finish else result
    return Outcome(str(path), (), result.account.id, failures, item)


# A worker process's job, set once by the pool's initializer (so tasks carry only a path). Only worker
# processes set it: the parent scores serially with the job as a plain argument, so two runs in one
# process never share it.
_WORKER_JOB: Job | None = None


def _init_worker(job: Job) -> None:
    global _WORKER_JOB
    _WORKER_JOB = job


def _score_in_worker(path: Path) -> Outcome:
    assert _WORKER_JOB is not None, "the pool initializer sets the job"
    return score_file(_WORKER_JOB, path)


def iter_scored(files: list[Path], job: Job, jobs: int = 1) -> Iterator[Outcome]:
    """Outcomes in input order; with ``jobs`` > 1 in worker processes, same order and content."""
    if jobs <= 1 or len(files) < MIN_PARALLEL:
        yield from map(partial(score_file, job), files)
        return
    from kasales.io.parallel import chunk_size, ordered_map

    yield from ordered_map(_score_in_worker, files, jobs, _init_worker, (job,), chunk_size(len(files), jobs))


def stream_batch(paths: Sequence[str | Path], rubric: Rubric, today: dt.date, jobs: int = 1,
                 check: Check | None = None, finish: Finish | None = None,
                 progress: Callable[[int, int], None] | None = None) -> tuple[Batch, Iterator[Any]]:
    """Discover files now (UsageError for paths that do not exist); score them as the iterator is read.

    The iterator yields each accepted account's item (its Result, or ``finish(result, gate_failures)``,
    computed in the worker) in input order and keeps none of them, so memory stays flat however many
    files there are. The batch's problems, counts and gate failures are complete once it is exhausted.
    """
    found = discover(list(paths))
    # entries skipped while searching folders (loops, folders named *.yaml) count as rejected inputs
    skipped = len({p.path for p in found.problems})
    batch = Batch(problems=list(found.problems), files=len(found.files) + skipped)
    job = Job(rubric, today, check, finish)
    return batch, _accept(batch, iter_scored(found.files, job, jobs), progress, len(found.files))


def _accept(batch: Batch, outcomes: Iterator[Outcome],
            progress: Callable[[int, int], None] | None, total: int) -> Iterator[Any]:
    """Items of accepted outcomes; rejected files and duplicate ids become problems (the first id wins)."""
    ids = UniqueIds()
    for done, outcome in enumerate(outcomes, 1):
        if progress:
            progress(done, total)
        if outcome.account_id is None:
            batch.problems.extend(outcome.problems)
        elif (duplicate := ids.claim(outcome.account_id, outcome.file)) is not None:
            batch.problems.append(duplicate)
        else:
            batch.scored += 1
            if outcome.gate_failures:
                batch.gate_failures[outcome.file] = list(outcome.gate_failures)
            yield outcome.item


@dataclass
class Profiles:
    """Loaded profiles (path, profile) in discovery order, problems of the rest, and how many inputs there were."""

    loaded: list[tuple[str, Profile]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0  # every input file, plus folder entries skipped while searching (as `qualify` counts them)


def load_profiles(paths: Sequence[str | Path]) -> Profiles:
    """Discover and load profiles without scoring them, with the same id rule as scoring; UsageError for
    paths that do not exist. For commands that need Profile objects (`kasales checklist`)."""
    found = discover(list(paths))
    skipped = len({p.path for p in found.problems})
    out = Profiles(problems=list(found.problems), files=len(found.files) + skipped)
    ids = UniqueIds()
    for path in found.files:
        try:
            profile = load_profile(path)
        except KasalesError as err:
            out.problems.extend(err.problems)
            continue
        duplicate = ids.claim(account_id(profile, str(path)), str(path))
        if duplicate is not None:
            out.problems.append(duplicate)
        else:
            out.loaded.append((str(path), profile))
    return out


def run_batch(paths: Sequence[str | Path], rubric: Rubric, today: dt.date, jobs: int = 1,
              progress: Callable[[int, int], None] | None = None, check: Check | None = None) -> Batch:
    """Qualify every profile under ``paths`` and keep every Result; raise UsageError for missing paths."""
    batch, results = stream_batch(paths, rubric, today, jobs, check, progress=progress)
    batch.results.extend(results)
    return batch
