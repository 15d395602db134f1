"""Find profile files in the paths a user gives: files as given, folders searched recursively."""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass, field
from pathlib import Path

from kasales.core.errors import Msg, Problem, UsageError, UsageProblem

SUFFIXES = (".yaml", ".yml")


@dataclass
class Discovery:
    """Profile files to load, in a stable order, and problems met while searching folders."""

    files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


# lstat errors that mean "nothing there" (a typo): a usage error. Any other (EACCES: a folder on the way
# cannot be searched) means something may well be there: the path is reported as a rejected input instead.
_MISSING = (errno.ENOENT, errno.ENOTDIR)


def discover(paths: list[str | Path]) -> Discovery:
    """Expand files and folders into profile files; a path that does not exist is a usage error.

    A path or folder that cannot be read (EACCES) is a problem of its own, so it counts as a rejected input.
    """
    found = Discovery()
    missing: list[Problem] = []
    readable: list[Path] = []
    for raw in paths:
        # not os.path.lexists: it says False on EACCES too, calling a file we may not read "missing"
        try:
            os.lstat(raw)
        except OSError as err:
            if err.errno in _MISSING:
                missing.append(UsageProblem(str(raw), 1, 1, Msg("not_found")))
            else:
                found.problems.append(Problem(str(Path(raw)), 1, 1,
                                              Msg("cannot_read", reason=_reason(err))))
            continue
        readable.append(Path(raw))
    if missing:
        raise UsageError(missing)
    seen: set[Path] = set()
    for path in readable:
        if os.path.isdir(path):  # follows a link; False (load it as a file, and report why not) on any error
            _walk(path, found)
        else:
            found.files.append(path)  # named explicitly: load it whatever its suffix
    # the same file named twice (or reached through two folders) is scored once
    unique = []
    for file in found.files:
        key = Path(os.path.abspath(file))
        if key not in seen:
            seen.add(key)
            unique.append(file)
    found.files = unique
    return found


def _walk(root: Path, found: Discovery) -> None:
    """Depth-first, sorted, skipping hidden folders and files, following links without looping."""
    visited: set[str] = set()

    def unreadable(err: OSError) -> None:
        # os.walk skips a folder it cannot list; its profiles would be lost without a word (and exit 0)
        folder = err.filename if err.filename is not None else root
        found.problems.append(Problem(str(Path(os.fsdecode(folder))), 1, 1,
                                      Msg("cannot_read_folder", reason=_reason(err))))

    for folder, dirs, files in os.walk(root, followlinks=True, onerror=unreadable):
        real = os.path.realpath(folder)
        if real in visited:
            # str(Path(...)) as for files (``./x.yaml`` -> ``x.yaml``), so every entry is named alike;
            # a skipped entry has no line: it is reported at 1:1, like every file-level problem
            found.problems.append(Problem(str(Path(folder)), 1, 1, Msg("symlink_loop")))
            dirs[:] = []
            continue
        visited.add(real)
        kept = []
        for name in sorted(dirs):
            if name.startswith("."):
                continue
            if name.endswith(SUFFIXES):
                found.problems.append(Problem(str(Path(folder) / name), 1, 1,
                                              Msg("dir_named_yaml")))
                continue
            kept.append(name)
        dirs[:] = kept
        for name in sorted(files):
            if name.endswith(SUFFIXES) and not name.startswith("."):
                found.files.append(Path(folder) / name)


def _reason(err: OSError) -> str:
    """The system's words for ``err`` (``Permission denied``), without the path the problem already names."""
    return err.strerror or str(err)
