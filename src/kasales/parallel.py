"""Ordered parallel map over worker processes, for large folders on several cores."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def default_jobs() -> int:
    """Worker processes to use: the cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def ordered_map(func: Callable[[T], R], items: Iterable[T], jobs: int, initializer: Callable[..., None],
                initargs: tuple[Any, ...], chunksize: int = 64) -> Iterator[R]:
    """``map(func, items)`` in ``jobs`` processes set up by ``initializer``; results in input order."""
    with ProcessPoolExecutor(max_workers=jobs, initializer=initializer, initargs=initargs) as pool:
        yield from pool.map(func, items, chunksize=chunksize)
