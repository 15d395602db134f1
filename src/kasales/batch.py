"""Qualify many files: discover, load, check ids, score - every file ends up scored or reported."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kasales import messages
from kasales.engine import qualify
from kasales.errors import KasalesError, Problem
from kasales.loader import id_position, load_profile
from kasales.paths import discover
from kasales.results import Result
from kasales.rubric import Rubric

Scored = tuple[str, tuple[Problem, ...], Result | None]


@dataclass
class Batch:
    """Results in input order and problems of every rejected file."""

    results: list[Result] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0

    @property
    def rejected(self) -> int:
        """How many input files were rejected (a file may have several problems)."""
        return len({p.path for p in self.problems})


@dataclass(frozen=True)
class _Context:
    rubric: Rubric
    lang: str
    today: dt.date


_CONTEXT: _Context | None = None  # set once per worker process, so tasks carry only a path


def _init_worker(context: _Context) -> None:
    global _CONTEXT
    _CONTEXT = context


def score_file(path: Path) -> Scored:
    """Load and score one file with the worker's context; problems are data, never exceptions."""
    ctx = _CONTEXT
    assert ctx is not None
    try:
        profile = load_profile(path, ctx.lang)
    except KasalesError as err:
        return str(path), tuple(err.problems), None
    return str(path), (), qualify(profile, str(path), ctx.rubric, ctx.today)


def iter_scored(files: list[Path], rubric: Rubric, lang: str, today: dt.date, jobs: int = 1) -> Iterator[Scored]:
    """Load and score files in input order; with ``jobs`` > 1 in worker processes, same order and content."""
    context = _Context(rubric, lang, today)
    if jobs <= 1 or len(files) < 200:  # below this, starting workers costs more than it saves
        _init_worker(context)
        yield from map(score_file, files)
        return
    from kasales.parallel import ordered_map

    yield from ordered_map(score_file, files, jobs, _init_worker, (context,))


def run_batch(paths: list[str | Path], rubric: Rubric, lang: str = "en", today: dt.date | None = None,
              jobs: int = 1, progress: Callable[[int, int], None] | None = None) -> Batch:
    """Qualify every profile under ``paths``; raise UsageError only for paths that do not exist."""
    found = discover(list(paths), lang)
    batch = Batch(problems=list(found.problems), files=len(found.files))
    seen: dict[str, str] = {}
    scored = iter_scored(found.files, rubric, lang, today or dt.date.today(), jobs)
    for done, (path, problems, result) in enumerate(scored, 1):
        if progress:
            progress(done, len(found.files))
        if result is None:
            batch.problems.extend(problems)
        elif result.account.id in seen:
            text = messages.msg("duplicate_id", lang, id=result.account.id, other=seen[result.account.id])
            batch.problems.append(Problem(path, *id_position(path), text))
        else:
            seen[result.account.id] = path
            batch.results.append(result)
    return batch
