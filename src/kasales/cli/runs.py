"""Running the core over the paths of a command: the day and the worker count resolved here, at the edge."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kasales.cli.common import default_jobs, prune_cache, require_profiles, today

if TYPE_CHECKING:  # importing these at run time would pull pydantic into `kasales --version`
    from collections.abc import Callable

    from kasales.core.rubric import Rubric
    from kasales.io.batch import Batch, Check
    from kasales.io.cache import ResultCache


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

    batch, files = stream_batch(paths, rubric, today(), jobs=default_jobs(), score=False, cache=cache)
    batch.valid.extend(files)
    require_profiles(batch.files, paths, lang)
    prune_cache(cache)
    return batch


def stream_json(paths: list[Path], rubric: Rubric, lang: str, check: Check | None, include_personal: bool,
                cache: ResultCache | None = None) -> Batch:
    """`--format json` to stdout record by record (built in the workers): memory stays flat for any folder."""
    from functools import partial

    from kasales.io.batch import stream_batch
    from kasales.render import json_format

    pretty = sys.stdout.isatty()  # indented for a person; one account per line for files and pipes
    finish = partial(json_format.record_text, rubric=rubric, lang=lang, include_personal=include_personal,
                     pretty=pretty)
    batch, records = stream_batch(paths, rubric, today(), jobs=default_jobs(), check=check, finish=finish,
                                  cache=cache)
    require_profiles(batch.files, paths, lang)  # files are known before the first record is written
    json_format.write(records, batch, sys.stdout, lang, pretty)
    sys.stdout.flush()
    prune_cache(cache)
    return batch
