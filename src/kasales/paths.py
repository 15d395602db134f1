"""Find profile files in the paths a user gives: files as given, folders searched recursively."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from kasales import messages
from kasales.errors import Problem, UsageError, UsageProblem

SUFFIXES = (".yaml", ".yml")


@dataclass
class Discovery:
    """Profile files to load, in a stable order, and problems met while searching folders."""

    files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def discover(paths: list[str | Path], lang: str = "en") -> Discovery:
    """Expand files and folders into profile files; a path that does not exist is a usage error."""
    found = Discovery()
    missing = [UsageProblem(str(p), 1, 1, messages.msg("not_found", lang)) for p in paths if not os.path.lexists(p)]
    if missing:
        raise UsageError(missing)
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            _walk(path, found, lang)
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


def _walk(root: Path, found: Discovery, lang: str) -> None:
    """Depth-first, sorted, skipping hidden folders and files, following links without looping."""
    visited: set[str] = set()
    for folder, dirs, files in os.walk(root, followlinks=True, onerror=None):
        real = os.path.realpath(folder)
        if real in visited:
            # str(Path(...)) as for files (``./x.yaml`` -> ``x.yaml``), so every entry is named alike;
            # a skipped entry has no line: it is reported at 1:1, like every file-level problem
            found.problems.append(Problem(str(Path(folder)), 1, 1, messages.msg("symlink_loop", lang)))
            dirs[:] = []
            continue
        visited.add(real)
        kept = []
        for name in sorted(dirs):
            if name.startswith("."):
                continue
            if name.endswith(SUFFIXES):
                found.problems.append(Problem(str(Path(folder) / name), 1, 1,
                                              messages.msg("dir_named_yaml", lang)))
                continue
            kept.append(name)
        dirs[:] = kept
        for name in sorted(files):
            if name.endswith(SUFFIXES) and not name.startswith("."):
                found.files.append(Path(folder) / name)
