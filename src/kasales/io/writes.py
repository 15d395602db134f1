"""Atomic, non-clobbering file writes: nothing a user had is lost to a crash or a typo."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from kasales.core.errors import Problem, UsageError
from kasales.text.messages import msg


def write_atomic(path: str | Path, data: str | bytes, force: bool = False, lang: str = "en") -> None:
    """Write ``data`` to ``path`` via a temp file in the same folder, fsync and rename.

    An existing file is replaced only with ``force`` and keeps its permission bits; on any failure
    the old file is left as it was and the temp file is removed.
    """
    target = Path(path)
    if target.is_dir():
        raise UsageError([Problem(str(target), 0, 0, msg("is_folder", lang))])
    if target.exists() and not force:
        raise UsageError([Problem(str(target), 0, 0, msg("exists", lang))])
    payload = data.encode("utf-8") if isinstance(data, str) else data
    folder = target.parent if str(target.parent) else Path(".")
    mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else None
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)  # what a plain open() would have given
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _sync_folder(folder)


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
