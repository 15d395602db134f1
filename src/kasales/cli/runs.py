"""Running the core over the paths of a command: the day and the worker count resolved here, at the edge."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from kasales.cli.common import default_jobs, prune_cache, require_profiles, today
from kasales.cli.progress import interactive, progress_bar

if TYPE_CHECKING:  # importing these at run time would pull pydantic into `kasales --version`
    from collections.abc import Callable

    from kasales.core.rubric import Rubric
    from kasales.io.batch import Batch, Check
    from kasales.io.cache import ResultCache
    from kasales.render.checklist_stream import Tally
    from kasales.render.checklist_views import ChecklistView


def score_all(paths: list[Path], rubric: Rubric, lang: str, check: Check | None = None,
              progress: Callable[[int, int], None] | None = None) -> Batch:
    """Score every profile under ``paths`` as of today; a missing path, or no profile at all, exits 2."""
    from kasales.io.batch import run_batch

    batch = run_batch(paths, rubric, today(), jobs=default_jobs(), check=check, progress=progress)
    require_profiles(batch.files, paths, lang)
    return batch


def load_all(paths: list[Path], rubric: Rubric, lang: str, cache: ResultCache | None = None) -> Batch:
    """Load (never score) every profile under ``paths`` in workers; the batch lists the valid files.

    `kasales validate` prints only problems: scoring what it never shows would double its work.
    """
    from kasales.io.batch import stream_batch

    with progress_bar(interactive(), lang) as progress:  # problems are printed after the run: no clash
        batch, files = stream_batch(paths, rubric, today(), jobs=default_jobs(), score=False, cache=cache,
                                    progress=progress)
        batch.valid.extend(files)
    require_profiles(batch.files, paths, lang)
    prune_cache(cache)
    return batch


def stream_json(paths: list[Path], rubric: Rubric, lang: str, check: Check | None, include_personal: bool,
                cache: ResultCache | None = None, output: Path | None = None, force: bool = False) -> Batch:
    """`--format json` record by record (built in the workers): memory stays flat for any folder."""
    from functools import partial

    from kasales.io.batch import stream_batch
    from kasales.render import json_format

    pretty = output is None and sys.stdout.isatty()  # indented for a person; one account per line otherwise
    finish = partial(json_format.record_text, rubric=rubric, lang=lang, include_personal=include_personal,
                     pretty=pretty)
    with progress_bar(interactive() and (output is not None or not sys.stdout.isatty()), lang) as progress:
        batch, records = stream_batch(paths, rubric, today(), jobs=default_jobs(), check=check, finish=finish,
                                      progress=progress, cache=cache)
        require_profiles(batch.files, paths, lang)  # files are known before the first record is written
        with _sink(output, force) as out:
            json_format.write(records, batch, out, lang, pretty)
    prune_cache(cache)
    return batch


def stream_format(paths: list[Path], name: str, rubric: Rubric, lang: str, check: Check | None,
                  include_personal: bool, details: bool, output: Path | None, force: bool, bom: bool = True,
                  cache: ResultCache | None = None) -> Batch:
    """`kasales qualify` in format ``name`` (not JSON): workers send compact rows, the format writes them.

    Nothing holds every Result: a row is a few strings (a CSV line, a summary line), and what must wait
    for the end (the sorted summary, --details views, GitHub annotations) waits as rows or in a temp file.
    """
    from functools import partial

    from kasales.cli.common import terminal_width, use_color
    from kasales.io.batch import Batch, stream_batch
    from kasales.render import View, row_of, write_rows

    view = View(Batch(), rubric, lang, include_personal, details, color=use_color(name == "table", output),
                width=terminal_width(), bom=bom)
    finish = partial(row_of, name=name, view=view)
    # csv streams to stdout as it goes: a bar on the same terminal would be drawn between its lines
    bar = interactive() and (output is not None or not sys.stdout.isatty() or name != "csv")
    with progress_bar(bar, lang) as progress:
        batch, rows = stream_batch(paths, rubric, today(), jobs=default_jobs(), check=check, finish=finish,
                                   progress=progress, cache=cache)
        view.batch = batch  # before the first row is made: the workers start from this view
        require_profiles(batch.files, paths, lang)
        with _sink(output, force) as out:
            write_rows(name, rows, view, out)
    prune_cache(cache)
    return batch


def stream_checklist(paths: list[Path], name: str, view: ChecklistView, output: Path | None,
                     force: bool, cache: ResultCache | None = None) -> tuple[Batch, Tally]:
    """`kasales checklist` over profiles: each account's part made in the workers, written as it arrives.

    ``view.mode`` is "single" (one profile file: printed in full, or nothing when it is invalid) or "many".
    """
    from functools import partial

    from kasales.cli.common import emit
    from kasales.io.batch import stream_batch
    from kasales.render.checklist_stream import Tally, checklist_row, write_checklist

    pretty = output is None and sys.stdout.isatty()  # JSON indented for a person; one account per line otherwise
    inspect = partial(checklist_row, view=view, name=name, pretty=pretty)
    tally = Tally()
    # JSON reaches stdout as it goes: a bar on the same terminal would be drawn between its lines
    with progress_bar(interactive() and (output is not None or not sys.stdout.isatty() or name != "json"),
                      view.lang) as progress:
        batch, parts = stream_batch(paths, view.rubric, today(), jobs=default_jobs(), score=False, inspect=inspect,
                                    progress=progress, cache=cache)
        require_profiles(batch.files, paths, view.lang)  # files are known before the first part is written
        if view.mode == "single":  # one file: nothing is written (not even an empty -o file) when it is invalid
            text = io.StringIO()
            write_checklist(name, tally.count(parts), view, batch.problems, text, pretty)
            if text.getvalue():
                emit(text.getvalue(), output, force)
        else:
            with _sink(output, force) as out:
                write_checklist(name, tally.count(parts), view, batch.problems, out, pretty)
    prune_cache(cache)
    return batch, tally


@contextmanager
def _sink(output: Path | None, force: bool) -> Iterator[TextIO]:
    """Stdout, or a file written atomically (never overwriting without --force); a failed write exits 2."""
    if output is None:
        yield sys.stdout
        sys.stdout.flush()
        return
    from kasales.core.errors import Msg, Problem, UsageError
    from kasales.io.writes import atomic_text

    try:
        with atomic_text(output, force) as out:
            yield out
    except OSError as err:
        raise UsageError([Problem(str(output), 1, 1, Msg("cannot_write", reason=err.strerror or str(err)))]) \
            from None


def output_sink(output: Path | None, force: bool) -> AbstractContextManager[TextIO]:
    """Where a streamed command writes: stdout, or ``output`` written atomically (never overwriting without
    --force; a failed write exits 2)."""
    return _sink(output, force)
