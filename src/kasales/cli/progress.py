"""A progress bar on stderr for long runs: drawn only for a person at a terminal, never into pipes or CI logs."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from kasales.cli.common import say

Progress = Callable[[int, int], None]
MIN_FILES = 200  # below this many files a run takes about a second: a bar would only flash


def interactive() -> bool:
    """Whether a person watches stderr (then, and only then, a progress bar is drawn there)."""
    return sys.stderr.isatty()


@contextmanager
def progress_bar(enabled: bool, lang: str) -> Iterator[Progress | None]:
    """A transient Rich progress bar on stderr fed by the batch's callback; nothing when not ``enabled``.

    It appears once the run has at least MIN_FILES files; stdout is never redirected through it, so output
    that streams to a file or pipe meanwhile stays byte for byte what it would be without the bar.
    """
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
    from rich.progress import Progress as Bar

    console = Console(stderr=True, force_terminal=True, highlight=False)  # only reached when stderr is a tty
    label = say("scoring", lang)
    bar = Bar(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console,
              transient=True, redirect_stdout=False, redirect_stderr=False)
    task = bar.add_task(label, total=None)
    started = False

    def update(done: int, total: int) -> None:
        nonlocal started
        if not started:
            if total < MIN_FILES:
                return
            bar.start()
            started = True
        if done == total or done % 16 == 0:  # redrawing for every file would cost more than scoring it
            bar.update(task, completed=done, total=total)
        if done == total:  # the last file: the bar is gone before output that waited for every file is written
            bar.stop()
            started = False

    try:
        yield update
    finally:
        if started:
            bar.stop()
