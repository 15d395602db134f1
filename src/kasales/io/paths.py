"""Find profile files in the paths a user gives: files as given, folders searched recursively."""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from kasales.core.errors import Msg, Problem, UsageError, UsageProblem, os_reason
from kasales.io import stdin
from kasales.io.ignore import ACTIVE, Ignore

SUFFIXES = (".yaml", ".yml")


@dataclass
class Discovery:
    """Profile files to load, in a stable order, and problems met while searching folders."""

    files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # left out by the configuration or git's ignore files


# lstat errors that mean "nothing there" (a typo): a usage error. Any other (EACCES: a folder on the way
# cannot be searched) means something may well be there: the path is reported as a rejected input instead.
_MISSING = (errno.ENOENT, errno.ENOTDIR)


def discover(paths: list[str | Path], ignore: Ignore | None = None) -> Discovery:
    """Expand files and folders into profile files; a path that does not exist is a usage error.

    A path or folder that cannot be read (EACCES) is a problem of its own, so it counts as a rejected input.
    ``ignore`` (by default the running command's, io/ignore.py) says which files are left out.
    """
    ignore = ignore if ignore is not None else ACTIVE.get()
    found = Discovery()
    missing: list[Problem] = []
    readable: list[Path] = []
    for raw in paths:
        if str(raw) == stdin.DASH and stdin.name() is not None:  # `-`: the profile read from standard input
            readable.append(Path(str(stdin.name())))
            continue
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
        if str(path) == stdin.name():
            found.files.append(path)  # never a folder, never excluded: it was handed over on purpose
        elif os.path.isdir(path):  # follows a link; False (load it as a file, and report why not) on any error
            _walk(path, found, ignore)
        elif ignore is not None and ignore.named(str(path)):
            found.skipped.append(str(path))
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


def _is_profile_name(name: str) -> bool:
    """``x.yaml`` or ``x.yml`` in any case (``Foo.YAML`` saved on Windows too), not hidden."""
    return name.lower().endswith(SUFFIXES) and not name.startswith(".")


def _inside(real: str, root: str) -> bool:
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def _walk(root: Path, found: Discovery, ignore: Ignore | None = None) -> None:
    """Depth-first and sorted (a folder's files, then its subfolders), skipping hidden entries.

    The rule for symbolic links (README "Paths"): a link is followed only to a regular file or a folder
    inside the folder being searched (``accounts/current -> 2026``); a folder or file already searched
    under another name - same device and inode - is not searched again; a link back into a folder it
    sits in is a loop. A link leading outside the folder (``-> /etc``, ``-> /``), to a device, pipe or
    socket (``-> /dev/stdin``, ``-> /proc/self/fd/0``, where a read would wait forever), and a device,
    pipe or socket named like a profile, are each reported and skipped, never read. Entries ``ignore``
    leaves out (git's ignore files, the configuration's ``exclude``) are neither read nor reported.
    """
    root_real = os.path.realpath(root)
    seen: set[tuple[int, int]] = set()  # folders and files already taken, by identity

    def report(path: str, key: str, **params: object) -> None:
        # str(Path(...)) as for files (``./x.yaml`` -> ``x.yaml``), so every entry is named alike; a
        # skipped entry has no line: it is reported at 1:1, like every file-level problem
        found.problems.append(Problem(str(Path(path)), 1, 1, Msg(key, **params)))

    def identity(info: os.stat_result) -> tuple[int, int]:
        return info.st_dev, info.st_ino

    try:
        top = os.stat(root)
    except OSError as err:
        report(str(root), "cannot_read_folder", reason=_reason(err))
        return
    # (folder path, identities of the folders above it and itself)
    stack: list[tuple[str, frozenset[tuple[int, int]]]] = [(os.fspath(root), frozenset({identity(top)}))]
    seen.add(identity(top))
    while stack:
        folder, ancestors = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as err:
            # a folder that cannot be listed: its profiles would be lost without a word (and exit 0)
            report(folder, "cannot_read_folder", reason=_reason(err))
            continue
        subfolders: list[tuple[str, frozenset[tuple[int, int]]]] = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            profile_name = _is_profile_name(entry.name)
            try:
                is_link = entry.is_symlink()
                info = os.stat(entry.path)  # follows a link; never opens anything
            except OSError as err:
                if err.errno == errno.ELOOP:
                    report(entry.path, "symlink_loop")
                elif profile_name:  # a dangling link named like a profile: the loader says why not
                    found.files.append(Path(entry.path))
                continue
            if is_link and not _inside(os.path.realpath(entry.path), root_real):
                if profile_name or stat.S_ISDIR(info.st_mode):
                    report(entry.path, "link_outside")
                continue
            if ignore is not None and (stat.S_ISDIR(info.st_mode) or profile_name) \
                    and ignore.found(entry.path, stat.S_ISDIR(info.st_mode)):
                if not stat.S_ISDIR(info.st_mode):
                    found.skipped.append(entry.path)
                continue
            if stat.S_ISDIR(info.st_mode):
                if profile_name:
                    report(entry.path, "dir_named_yaml")
                elif identity(info) in ancestors:
                    report(entry.path, "symlink_loop")
                elif identity(info) not in seen:  # else already searched under another name
                    seen.add(identity(info))
                    subfolders.append((entry.path, ancestors | {identity(info)}))
            elif not profile_name:
                continue
            elif not stat.S_ISREG(info.st_mode):
                report(entry.path, "not_regular_skipped")
            elif identity(info) not in seen:  # a file reached twice (a link, a hard link) is scored once
                seen.add(identity(info))
                found.files.append(Path(entry.path))
        stack.extend(reversed(subfolders))


def _reason(err: OSError) -> Msg:
    """Why ``err`` happened (``Permission denied``, in the user's language), without the path the problem names."""
    return os_reason(err)
