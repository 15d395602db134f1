"""Ordered parallel map over worker processes, for large folders on several cores."""

from __future__ import annotations

import gc
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:  # imported where a pool starts: one file, or `default_jobs()`, must not pay for them (~10 ms)
    from concurrent.futures import Future, ProcessPoolExecutor

T = TypeVar("T")
R = TypeVar("R")

WINDOW = 4  # chunks in flight per worker: enough to keep workers busy, few enough to keep memory flat


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def chunk_size(items: int, jobs: int) -> int:
    """Items per task: about 64 tasks per worker, so workers finish together; 4 to 16 items each."""
    return max(4, min(16, items // (jobs * 64)))


def _context() -> Any:
    import multiprocessing

    # On Linux, fork starts a worker in milliseconds with every module and the rubric already in
    # memory, so nothing heavy is pickled. Elsewhere fork is missing or unsafe: use the platform default.
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()  # pragma: no cover - not on Linux


def _die_with_parent(parent: int) -> None:
    """Ask Linux to send SIGTERM to this worker when its parent dies, however it dies (even SIGKILL)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM, 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - not Linux: the parent's clean-up still stops us
        return
    if os.getppid() != parent:  # the parent died before the request was made: nobody will read our results
        os._exit(1)


def _worker_start(parent: int, initializer: Callable[..., None], *initargs: Any) -> None:
    # Ctrl-C reaches every process of the group; only the parent reports it and stops the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # the parent's SIGTERM handler (inherited on fork) would make a worker unwind instead of dying at once
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        _die_with_parent(parent)
    initializer(*initargs)


def _stop(pool: ProcessPoolExecutor) -> None:
    """Kill the workers now: after Ctrl-C or SIGTERM nobody waits for the chunks they are computing."""
    processes = dict(getattr(pool, "_processes", None) or {})  # no public way to reach the workers
    for process in processes.values():
        if process.is_alive():
            process.kill()
    pool.shutdown(wait=True, cancel_futures=True)


def _run_chunk(func: Callable[[T], R], chunk: list[T]) -> list[R]:
    return [func(item) for item in chunk]


def ordered_map(func: Callable[[T], R], items: Iterable[T], jobs: int, initializer: Callable[..., None],
                initargs: tuple[Any, ...], chunksize: int = 64) -> Iterator[R]:
    """``map(func, items)`` in ``jobs`` processes set up by ``initializer``; results in input order.

    Unlike ``Executor.map`` it submits only a few chunks ahead of the consumer, so a slow consumer
    (say, stdout into a pipe) never makes finished results pile up in memory.
    """
    from concurrent.futures import ProcessPoolExecutor

    source = iter(items)
    # Objects alive now (modules, the rubric) live as long as the workers: frozen, a worker's garbage
    # collector skips them and fork's copy-on-write pages stay shared.
    gc.freeze()
    with ProcessPoolExecutor(max_workers=jobs, mp_context=_context(), initializer=_worker_start,
                             initargs=(os.getpid(), initializer, *initargs)) as pool:
        window: deque[Future[list[R]]] = deque()
        try:
            while chunk := list(islice(source, chunksize)):
                window.append(pool.submit(_run_chunk, func, chunk))
                if len(window) >= jobs * WINDOW:
                    yield from window.popleft().result()
            while window:
                yield from window.popleft().result()
        except (KeyboardInterrupt, SystemExit):  # Ctrl-C, SIGTERM: stop at once, leave no worker behind
            _stop(pool)
            raise
        finally:
            for future in window:  # the consumer stopped early: do not compute what nobody reads
                future.cancel()
            gc.unfreeze()
