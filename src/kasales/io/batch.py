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
from kasales.core.wire import MsgData, ProblemData, msg_data, msg_from_data, problem_data, problem_from_data
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
    valid: list[str] = field(default_factory=list)  # the accepted files of a load-only run (validate)

    @property
    def rejected(self) -> int:
        """How many input files were rejected (a file may have several problems)."""
        return len({p.path for p in self.problems})


class Outcome(NamedTuple):
    """One file's outcome as plain data (str, int, float, bool, None, lists, dicts; no Result, Problem or Msg).

    It is what a worker sends back (a few strings and one compact item, cheap to pickle) and what a cache
    may store as JSON; the parent turns problems and gate failures back into objects (core/wire.py).
    """

    file: str
    problems: tuple[ProblemData, ...]  # wire.problem_data of each problem; () when the file was accepted
    account_id: str | None  # None when the file was rejected
    gate_failures: tuple[MsgData, ...]  # wire.msg_data of why the account trips the user's gates
    item: Any  # what ``finish`` made of the Result (plain data or text), the file for a load-only job, or None


@dataclass(frozen=True)
class Job:
    """What every file of one run is scored with: the rubric, the day, the user's gates and the finishing step.

    ``finish`` must return plain data or text (a compact row, a JSON record): never the Result itself, which
    would cost a pickled object graph per file. ``score=False`` only loads (validation): no scoring at all.
    """

    rubric: Rubric
    today: dt.date
    check: Check | None = None
    finish: Finish | None = None
    score: bool = True


def score_file(job: Job, path: Path) -> Outcome:
    """Load, score and finish one file; problems are data, never exceptions. The one per-file entry point."""
    file = str(path)
    try:
        profile = load_profile(path)
    except KasalesError as err:
        return Outcome(file, tuple(problem_data(p) for p in err.problems), None, (), None)
    if not job.score:
        return Outcome(file, (), account_id(profile, file), (), file)
    result = qualify(profile, file, job.rubric, job.today)
    failures = tuple(job.check(result)) if job.check else ()
    item = job.finish(result, failures) if job.finish else None
    return Outcome(file, (), result.account.id, tuple(msg_data(m) for m in failures), item)


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
                 progress: Callable[[int, int], None] | None = None,
                 score: bool = True) -> tuple[Batch, Iterator[Any]]:
    """Discover files now (UsageError for paths that do not exist); score them as the iterator is read.

    The iterator yields each accepted account's item (``finish(result, gate_failures)``, computed in the
    worker; the file itself when ``score`` is False and files are only loaded) in input order and keeps
    none of them, so memory stays flat however many files there are. The batch's problems, counts and
    gate failures are complete once it is exhausted.
    """
    found = discover(list(paths))
    # entries skipped while searching folders (loops, folders named *.yaml) count as rejected inputs
    skipped = len({p.path for p in found.problems})
    batch = Batch(problems=list(found.problems), files=len(found.files) + skipped)
    job = Job(rubric, today, check, finish, score)
    return batch, _accept(batch, iter_scored(found.files, job, jobs), progress, len(found.files))


def _accept(batch: Batch, outcomes: Iterator[Outcome],
            progress: Callable[[int, int], None] | None, total: int) -> Iterator[Any]:
    """Items of accepted outcomes; rejected files and duplicate ids become problems (the first id wins)."""
    ids = UniqueIds()
    for done, outcome in enumerate(outcomes, 1):
        if progress:
            progress(done, total)
        if outcome.account_id is None:
            batch.problems.extend(problem_from_data(p) for p in outcome.problems)
        elif (duplicate := ids.claim(outcome.account_id, outcome.file)) is not None:
            batch.problems.append(duplicate)
        else:
            batch.scored += 1
            if outcome.gate_failures:
                batch.gate_failures[outcome.file] = [msg_from_data(m) for m in outcome.gate_failures]
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
    """Qualify every profile under ``paths`` and keep every Result; raise UsageError for missing paths.

    For library use and tests on small folders: the Results are made in this process (``jobs`` is accepted
    for compatibility and ignored), because they never cross a process boundary. Commands stream compact
    rows from workers instead (stream_batch with a ``finish``), so their memory stays flat.
    """
    made: list[Result] = []

    def keep(result: Result, failures: Sequence[Msg]) -> int:  # the item stays plain: an index into ``made``
        made.append(result)
        return len(made) - 1

    batch, accepted = stream_batch(paths, rubric, today, 1, check, keep, progress)
    batch.results = [made[i] for i in accepted]  # a duplicate id was scored but is not accepted
    return batch
