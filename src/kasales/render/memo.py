"""A bounded memo of explained sentences per rubric: many accounts share the same findings and strategies.

A sentence depends only on its text key, its parameters, the language and the rubric, so the render layer
may remember it (the core stays pure). Bounds keep a hostile folder from growing it without end: a few
rubrics, a cap of entries per rubric (the memo starts over when full) and short parameters only.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from kasales.core.rubric import Rubric

RUBRICS = 4  # a run uses one rubric; tests and library callers may use a few
ENTRIES = 4096  # per rubric: a folder's distinct sentences, with room to spare
LONGEST = 400  # characters of a key's parameters: longer ones (free-text names, long lists) are not kept
MOST_ITEMS = 32  # nor a list parameter longer than this (the buying center's people, items to verify)

# id(rubric) -> (the rubric, its memo): holding the rubric keeps its id from being reused by another
_MEMOS: dict[int, tuple[Rubric, dict[Hashable, Any]]] = {}

T = TypeVar("T")


def recalled(rubric: Rubric, key: Hashable | None, make: Callable[[], T]) -> T:
    """What ``make`` gives, remembered under ``key`` in the rubric's memo; ``key`` None: made afresh, not kept."""
    if key is None:
        return make()
    held = _MEMOS.get(id(rubric))  # memo_of() inline: this runs some twenty times an account
    memo = held[1] if held is not None else memo_of(rubric)
    value = memo.get(key)
    if value is None:
        value = remember(memo, key, make())
    return value  # type: ignore[no-any-return]


def memo_of(rubric: Rubric) -> dict[Hashable, Any]:
    """The memo of ``rubric``: its own, so a custom rubric's sentences never answer for another's."""
    held = _MEMOS.get(id(rubric))
    if held is not None:
        return held[1]
    if len(_MEMOS) >= RUBRICS:  # forget the oldest rubric (and let it be freed)
        del _MEMOS[next(iter(_MEMOS))]
    memo: dict[Hashable, Any] = {}
    _MEMOS[id(rubric)] = (rubric, memo)
    return memo


def remember(memo: dict[Hashable, Any], key: Hashable, value: Any) -> Any:
    """Store ``value`` under ``key`` (starting the memo over when full) and return it."""
    if len(memo) >= ENTRIES:
        memo.clear()
    memo[key] = value
    return value


def frozen(params: dict[str, Any]) -> tuple[Any, ...] | None:
    """``params`` as an exact hashable key, or None when they are long or of a kind not worth freezing.

    A value other than a string carries its type: 1, 1.0 and True are equal keys but format differently.
    """
    if not params:
        return ()
    key: list[Any] = []
    chars = 0  # of all the strings: a key's size is bounded, not just each string's
    for name, value in params.items():  # a plain loop: cheaper than map() and set tests for a few values
        kind = type(value)
        if kind is str:
            chars += len(value)
            key.append((name, value))
        elif kind is int or kind is float or kind is bool or value is None:
            key.append((name, kind, value))
        elif kind is list and len(value) <= MOST_ITEMS:
            items = _frozen_list(value)
            if items is None:
                return None
            chars += sum(len(item) if type(item) is str else sum(map(len, item[1:])) for item in items)
            key.append((name, list, items))
        else:
            return None
    return tuple(key) if chars <= LONGEST else None


def _frozen_list(values: list[Any]) -> tuple[Any, ...] | None:
    """A list of strings, or of short lists of strings (people: [[name, attitude], ...]), as tuples."""
    out: list[Any] = []
    for value in values:
        if type(value) is str:
            out.append(value)
        elif type(value) is list and len(value) <= MOST_ITEMS and all(type(v) is str for v in value):
            out.append((list, *value))
        else:
            return None
    return tuple(out)
