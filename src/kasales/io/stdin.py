"""A profile given on standard input (`kasales qualify -`): read once, then loaded like a file of that name.

The CLI reads stdin before discovery and hands its bytes here under the name messages show
(``--stdin-filename``, else ``<stdin>``); discovery turns the argument ``-`` into that name and the loader
reads these bytes instead of the disk, so a file of the same name on disk is never read in its place.
"""

from __future__ import annotations

from contextvars import ContextVar

DASH = "-"
DEFAULT_NAME = "<stdin>"

_GIVEN: ContextVar[tuple[str, bytes] | None] = ContextVar("kasales_stdin", default=None)


def provide(name: str, data: bytes) -> object:
    """Make ``data`` the profile read for ``-``, shown as ``name``; the token resets it (``forget``)."""
    return _GIVEN.set((name, data))


def forget(token: object) -> None:
    """Undo ``provide``."""
    _GIVEN.reset(token)  # type: ignore[arg-type]


def name() -> str | None:
    """The name ``-`` stands for in this command, or None when stdin was not read."""
    given = _GIVEN.get()
    return given[0] if given is not None else None


def data(shown: str) -> bytes | None:
    """The bytes read from stdin when ``shown`` is its name, else None (a real file)."""
    given = _GIVEN.get()
    return given[1] if given is not None and given[0] == shown else None
