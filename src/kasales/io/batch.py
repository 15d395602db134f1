"""Qualify many files: discover, load, check ids, score - every file ends up scored or reported."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from kasales.core.errors import KasalesError, Msg, Problem
from kasales.core.models import Profile, account_id
from kasales.core.results import Result
from kasales.core.rubric import Rubric
from kasales.core.scoring import qualify
from kasales.core.wire import MsgData, ProblemData, msg_data, msg_from_data, problem_data, problem_from_data
from kasales.io.loader import UniqueIds, decode, load_profile, parse_profile, read_signed
from kasales.io.paths import discover

if TYPE_CHECKING:
    from kasales.io.cache import Fresh, ResultCache

MIN_PARALLEL = 100  # below this many files, starting workers costs more than it saves
Check = Callable[[Result], Sequence[Msg]]  # why a result trips the user's gates (empty: it passes)
Finish = Callable[[Result, Sequence[Msg]], Any]  # turns a result (and its gate failures) into what is kept
Inspect = Callable[[Profile, str], Any]  # a load-only job's use of each profile and its file (`kasales checklist`)


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
    cache: ResultCache | None = None  # outcomes of files seen before, keyed on their bytes and this job
    inspect: Inspect | None = None  # with score=False: what is kept of each loaded profile (default: its file)


def score_file(job: Job, path: Path) -> Outcome:
    """Load, score and finish one file; problems are data, never exceptions. The one per-file entry point.

    It never reads the cache: a run consults its cache once for all its files (iter_scored), so a warm
    run reads one index, not one entry per file.
    """
    return _score(job, path, None)


def _fresh(job: Job, path: Path) -> Fresh:
    """score_file for a run with a cache: the outcome as a record, with the digest and stat signature of
    exactly the bytes scored (read once), for the parent to append to the cache."""
    assert job.cache is not None
    return job.cache.fresh(str(path), partial(read_signed, path), lambda content: list(_score(job, path, content)))


def _score(job: Job, path: Path, content: bytes | None) -> Outcome:
    """score_file's work, from the file's bytes when the cache has read them already."""
    file = str(path)
    try:
        profile = load_profile(path) if content is None else parse_profile(decode(content, file), file)
    except KasalesError as err:
        return Outcome(file, tuple(problem_data(p) for p in err.problems), None, (), None)
    if not job.score:
        return Outcome(file, (), account_id(profile, file), (), job.inspect(profile, file) if job.inspect else file)
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


def _fresh_in_worker(path: Path) -> Fresh:
    assert _WORKER_JOB is not None, "the pool initializer sets the job"
    return _fresh(_WORKER_JOB, path)


def iter_scored(files: list[Path], job: Job, jobs: int = 1) -> Iterator[Outcome]:
    """Outcomes in input order; with ``jobs`` > 1 in worker processes, same order and content."""
    if job.cache is not None:
        yield from _through_cache(files, job, jobs)
        return
    yield from _mapped(_score_in_worker, partial(score_file, job), files, job, jobs)


def _mapped(in_worker: Callable[[Path], Any], here: Callable[[Path], Any], files: list[Path], job: Job,
            jobs: int) -> Iterator[Any]:
    """``here`` over ``files`` in this process, or ``in_worker`` in a pool when there are enough of them."""
    if jobs <= 1 or len(files) < MIN_PARALLEL:
        yield from map(here, files)
        return
    from kasales.io.parallel import chunk_size, ordered_map

    yield from ordered_map(in_worker, files, jobs, _init_worker, (job,), chunk_size(len(files), jobs))


def _through_cache(files: list[Path], job: Job, jobs: int) -> Iterator[Outcome]:
    """Outcomes in input order, hits read from the cache's pack and misses scored (in workers when there
    are many; no pool at all when every file is a hit) and appended to it."""
    assert job.cache is not None
    pack = job.cache.open()
    try:
        # a stat per file (a read and a hash when its signature changed) before anything is scored, so only
        # the misses go to the workers; the records themselves are read as they are handed on
        hits = [pack.lookup(str(path)) for path in files]
        todo = [path for path, hit in zip(files, hits, strict=True) if hit is None]
        misses = _mapped(_fresh_in_worker, partial(_fresh, job), todo, job, jobs)
        for path, hit in zip(files, hits, strict=True):
            outcome = pack.fetch(hit, str(path)) if hit is not None else None
            if outcome is None:  # a miss, or a record that failed its checks: scored again, here if it was a hit
                outcome = pack.store(next(misses) if hit is None else _fresh(job, path))
            yield Outcome(*outcome)
    finally:
        pack.close()


def stream_batch(paths: Sequence[str | Path], rubric: Rubric, today: dt.date, jobs: int = 1,
                 check: Check | None = None, finish: Finish | None = None,
                 progress: Callable[[int, int], None] | None = None,
                 score: bool = True, cache: ResultCache | None = None,
                 inspect: Inspect | None = None) -> tuple[Batch, Iterator[Any]]:
    """Discover files now (UsageError for paths that do not exist); score them as the iterator is read.

    The iterator yields each accepted account's item (``finish(result, gate_failures)``, computed in the
    worker; when ``score`` is False and files are only loaded, ``inspect(profile, file)`` or else the file
    itself) in input order and keeps
    none of them, so memory stays flat however many files there are. The batch's problems, counts and
    gate failures are complete once it is exhausted.
    """
    found = discover(list(paths))
    # entries skipped while searching folders (loops, folders named *.yaml) count as rejected inputs
    skipped = len({p.path for p in found.problems})
    batch = Batch(problems=list(found.problems), files=len(found.files) + skipped)
    job = Job(rubric, today, check, finish, score, inspect=inspect)
    if cache is not None:
        job = _cached(job, cache, batch.files == 1)
    return batch, _accept(batch, iter_scored(found.files, job, jobs), progress, len(found.files))


def _cached(job: Job, cache: ResultCache, one_file: bool) -> Job:
    """``job`` reading and writing ``cache`` under a key of everything in it (rubric, day, gates, finish and
    its options) and whether the run has one file (the table shows one file's whole view); unchanged when
    the job cannot be described (its items could not be told apart)."""
    import json

    from kasales.io.cache import Uncacheable, describe

    try:
        context = json.dumps([describe(job), one_file], sort_keys=True, ensure_ascii=False)
    except Uncacheable:
        return job
    return dataclasses.replace(job, cache=cache.within(context))


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
