"""Atomic, non-clobbering file writes: nothing a user had is lost to a crash, a typo or a race.

The rule for an output path (README "Limits"):

- nothing there: missing folders on the way are created, then the file is created *exclusively* -
  written to a temp file in the same folder, then hard-linked to its name, which fails if anything
  appeared there meanwhile (two writers started at once: one wins, the others are refused), so no name
  is ever replaced without ``--force``;
- a regular file: replaced (atomically, keeping its permission bits) only with ``--force``;
- a symbolic link: followed, and the rule applies to what it points to (the link stays a link); a link
  to nothing is refused, as it would create a file wherever the link points;
- a character device, a named pipe or one of kasales's own descriptors (``/dev/null``, ``/dev/stdout``,
  even when stdout is a file): written to as a stream, never
  replaced (nothing is lost by writing to it, so ``--force`` is not needed);
- anything else (a folder, a socket, a block device): refused, with or without ``--force``.
"""

from __future__ import annotations

import errno
import io
import os
import re
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TextIO

from kasales.core.errors import Msg, Problem, UsageError


@dataclass(frozen=True)
class Target:
    """Where a write goes: the file to replace or create (links resolved), and how to write it."""

    path: Path  # the name to create or replace; for a link, the file it points to
    kind: str  # "new" | "replace" | "stream"
    mode: int | None = None  # permission bits to keep when replacing


def _refuse(shown: Path, key: str) -> UsageError:
    return UsageError([Problem(str(shown), 0, 0, Msg(key))])


def check_target(path: str | Path, force: bool = False) -> Target:
    """Decide how ``path`` may be written, or raise UsageError - cheap, so commands call it before any work."""
    shown = Path(path)
    try:
        info = os.lstat(shown)
    except FileNotFoundError:
        return Target(shown, "new")
    except NotADirectoryError:
        raise _refuse(shown, "write_not_folder") from None
    target = shown
    if stat.S_ISLNK(info.st_mode) and _open_descriptor(shown):
        return Target(shown, "stream")  # /dev/stdout, /dev/fd/3: whatever the descriptor is, write to it
    if stat.S_ISLNK(info.st_mode):
        try:
            info = os.stat(shown)  # follows every link on the way
        except FileNotFoundError:
            raise _refuse(shown, "write_dangling_link") from None
        except OSError as err:
            if err.errno == errno.ELOOP:
                raise _refuse(shown, "symlink_loop") from None
            raise
        target = Path(os.path.realpath(shown))
    kind = info.st_mode
    if stat.S_ISCHR(kind) or stat.S_ISFIFO(kind):
        return Target(shown, "stream")  # opened by the name given: a descriptor's link is no real path
    if stat.S_ISDIR(kind):
        raise _refuse(shown, "is_folder")
    if not stat.S_ISREG(kind):
        raise _refuse(shown, "write_not_regular")
    if not force:
        raise _refuse(shown, "exists")
    return Target(target, "replace", stat.S_IMODE(kind))


_DESCRIPTOR = re.compile(r"^/(proc/(self|thread-self|\d+)|dev)/fd/\d+$")


def _open_descriptor(path: Path) -> bool:
    """Whether ``path`` reaches one of kasales's own open descriptors through links (``/dev/stdout``).

    Such a name means "this stream", even when the stream is a file the shell opened (``> out.csv``):
    it is written through, never replaced by a new file.
    """
    current = os.fspath(path)
    for _ in range(40):  # the kernel's own limit on links in a row
        try:
            link = os.readlink(current)
        except OSError:
            return False
        current = os.path.join(os.path.dirname(current), link)
        if _DESCRIPTOR.match(os.path.normpath(current)):
            return True
    return False


def write_atomic(path: str | Path, data: str | bytes, force: bool = False) -> None:
    """Write ``data`` to ``path`` by the module's rule: a temp file in the same folder, fsync, then link or rename.

    On any failure (an exception, SIGINT, SIGTERM) the old file is left as it was and the temp file is
    removed. Text that cannot be UTF-8 (a file name that was not) is written with backslash escapes.
    """
    payload = data.encode("utf-8", "backslashreplace") if isinstance(data, str) else data
    with atomic_file(path, force) as handle:
        handle.write(payload)


@contextmanager
def atomic_text(path: str | Path, force: bool = False) -> Iterator[TextIO]:
    """A text handle whose contents reach ``path`` by write_atomic's rule when the block ends without error.

    For output written piece by piece (a large report): nothing is held in memory, and nothing is written
    under the name if the block fails. Text that cannot be UTF-8 gets backslash escapes, as in write_atomic.
    """
    with atomic_file(path, force) as handle:
        text = io.TextIOWrapper(handle, encoding="utf-8", errors="backslashreplace", newline="")  # type: ignore[arg-type]
        try:
            yield text
            text.flush()
        finally:
            text.detach()  # the binary handle is closed by atomic_file, after its fsync


@contextmanager
def atomic_file(path: str | Path, force: bool = False) -> Iterator[BinaryIO]:
    """A binary handle on a temp file that takes ``path``'s name (link or rename) when the block succeeds."""
    target = check_target(path, force)
    if target.kind == "stream":
        buffer = io.BytesIO()  # a device or pipe gets the bytes only once they are all made
        yield buffer
        _write_stream(target.path, buffer.getvalue(), Path(path))
        return
    folder = target.path.parent if str(target.path.parent) else Path(".")
    if target.kind == "new":
        # `schema -o schema/profile.schema.json` in a fresh repository: the folders on the way are made
        # (only the data file itself is written atomically; a folder left empty by a failure is harmless)
        os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if target.mode is not None:
            os.chmod(tmp, target.mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)  # what a plain open() would have given
        if target.kind == "new" and not force:
            _link_new(tmp, target.path, Path(path))
        else:
            os.replace(tmp, target.path)
    finally:
        Path(tmp).unlink(missing_ok=True)  # after a link the name holds the data; after a rename tmp is gone
    _sync_folder(folder)


def _link_new(tmp: str, target: Path, shown: Path) -> None:
    """Give the written temp file its name only if the name is still free (create-exclusive)."""
    try:
        os.link(tmp, target)
        return
    except FileExistsError:
        raise _refuse(shown, "exists") from None
    except OSError as err:
        if err.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.EXDEV):
            raise
    # a file system without hard links (FAT, some network mounts): claim the name exclusively, then rename
    try:
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        raise _refuse(shown, "exists") from None
    os.replace(tmp, target)


def _write_stream(target: Path, payload: bytes, shown: Path) -> None:
    """Write through to a character device, named pipe or open descriptor; a pipe nobody reads is an error."""
    try:
        # O_APPEND: a descriptor opened with `>>` keeps what it had; O_NONBLOCK: never wait for a reader
        fd = os.open(target, os.O_WRONLY | os.O_APPEND | getattr(os, "O_NONBLOCK", 0))
    except OSError as err:
        if err.errno == errno.ENXIO:  # a named pipe with no reader: opening it would wait forever
            raise _refuse(shown, "write_no_reader") from None
        raise
    try:
        os.set_blocking(fd, True)
        view = memoryview(payload)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable; best effort (folders cannot be opened on Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # the file is written and renamed; some file systems cannot sync a folder
    finally:
        os.close(fd)
