"""Qualify many files: discover, load, check ids, score - every file ends up scored or reported."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from kasales.core.errors import KasalesError, Problem, UsageError
from kasales.core.models import Profile, account_id
from kasales.core.results import Result
from kasales.core.rubric import Rubric
from kasales.core.scoring import qualify
from kasales.io.loader import UniqueIds, load_profile
from kasales.io.paths import discover

MIN_PARALLEL = 100  # below this many files, starting workers costs more than it saves
Check = Callable[[Result], Sequence[str]]  # why a result trips the user's gates (empty: it passes)
Finish = Callable[[Result, Sequence[str]], Any]  # turns a result (and its gate failures) into what is kept


TODAY_ENV = "KASALES_TODAY"  # YYYY-MM-DD: score "as of" that day, for reproducible runs and tests


def as_of() -> dt.date:
    """The day staleness is measured against: $KASALES_TODAY when set, else today."""
    raw = os.environ.get(TODAY_ENV, "").strip()
    if not raw:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise UsageError([Problem(f"${TODAY_ENV}", 0, 0, f"'{raw}' is not a date like 2026-11-29")]) from None


@dataclass
class Batch:
    """Results in input order, problems of every rejected file, and which accounts tripped a gate."""

    results: list[Result] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    scored: int = 0  # accepted accounts; equals len(results) unless results were streamed, not kept
    gate_failures: dict[str, list[str]] = field(default_factory=dict)  # file -> why it tripped a gate

    @property
    def rejected(self) -> int:
        """How many input files were rejected (a file may have several problems)."""
        return len({p.path for p in self.problems})


class Outcome(NamedTuple):
    """One file's outcome as a worker sends it back: a few strings and one item, cheap to pickle."""

    file: str
    problems: tuple[Problem, ...]
    account_id: str | None  # None when the file was rejected
    gate_failures: tuple[str, ...]
    item: Any  # the Result, or what ``finish`` made of it (e.g. its JSON text); None when rejected


@dataclass(frozen=True)
class _Job:
    rubric: Rubric
    lang: str
    today: dt.date
    check: Check | None = None
    finish: Finish | None = None


_JOB: _Job | None = None  # set once per worker process (inherited on fork), so tasks carry only a path


def _init_worker(job: _Job) -> None:
    global _JOB
    _JOB = job


def score_file(path: Path) -> Outcome:
    """Load, score and finish one file with the worker's job; problems are data, never exceptions."""
    job = _JOB
    assert job is not None
    try:
        profile = load_profile(path, job.lang)
    except KasalesError as err:
        return Outcome(str(path), tuple(err.problems), None, (), None)
    result = qualify(profile, str(path), job.rubric, job.today)
    failures = tuple(job.check(result)) if job.check else ()
    item = job.finish(result, failures) if job.finish else result
    return Outcome(str(path), (), result.account.id, failures, item)


def iter_scored(files: list[Path], job: _Job, jobs: int = 1) -> Iterator[Outcome]:
    """Outcomes in input order; with ``jobs`` > 1 in worker processes, same order and content."""
    if jobs <= 1 or len(files) < MIN_PARALLEL:
        _init_worker(job)
        yield from map(score_file, files)
        return
    from kasales.io.parallel import chunk_size, ordered_map

    yield from ordered_map(score_file, files, jobs, _init_worker, (job,), chunk_size(len(files), jobs))


def stream_batch(paths: Sequence[str | Path], rubric: Rubric, lang: str = "en", today: dt.date | None = None,
                 jobs: int = 1, check: Check | None = None, finish: Finish | None = None,
                 progress: Callable[[int, int], None] | None = None) -> tuple[Batch, Iterator[Any]]:
    """Discover files now (UsageError for paths that do not exist); score them as the iterator is read.

    The iterator yields each accepted account's item (its Result, or ``finish(result, gate_failures)``,
    computed in the worker) in input order and keeps none of them, so memory stays flat however many
    files there are. The batch's problems, counts and gate failures are complete once it is exhausted.
    """
    found = discover(list(paths), lang)
    # entries skipped while searching folders (loops, folders named *.yaml) count as rejected inputs
    skipped = len({p.path for p in found.problems})
    batch = Batch(problems=list(found.problems), files=len(found.files) + skipped)
    job = _Job(rubric, lang, today or as_of(), check, finish)
    return batch, _accept(batch, iter_scored(found.files, job, jobs), lang, progress, len(found.files))


def _accept(batch: Batch, outcomes: Iterator[Outcome], lang: str,
            progress: Callable[[int, int], None] | None, total: int) -> Iterator[Any]:
    """Items of accepted outcomes; rejected files and duplicate ids become problems (the first id wins)."""
    ids = UniqueIds(lang)
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
    skipped: int = 0  # folder entries skipped while searching


def load_profiles(paths: Sequence[str | Path], lang: str = "en") -> Profiles:
    """Discover and load profiles without scoring them, with the same id rule as scoring; UsageError for
    paths that do not exist. For commands that need Profile objects (`kasales checklist`)."""
    found = discover(list(paths), lang)
    skipped = len({p.path for p in found.problems})
    out = Profiles(problems=list(found.problems), files=len(found.files) + skipped, skipped=skipped)
    ids = UniqueIds(lang)
    for path in found.files:
        try:
            profile = load_profile(path, lang)
        except KasalesError as err:
            out.problems.extend(err.problems)
            continue
        duplicate = ids.claim(account_id(profile, str(path)), str(path))
        if duplicate is not None:
            out.problems.append(duplicate)
        else:
            out.loaded.append((str(path), profile))
    return out


def run_batch(paths: Sequence[str | Path], rubric: Rubric, lang: str = "en", today: dt.date | None = None,
              jobs: int = 1, progress: Callable[[int, int], None] | None = None,
              check: Check | None = None) -> Batch:
    """Qualify every profile under ``paths`` and keep every Result; raise UsageError for missing paths."""
    batch, results = stream_batch(paths, rubric, lang, today, jobs, check, progress=progress)
    batch.results.extend(results)
    return batch
