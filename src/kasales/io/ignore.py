"""What a folder search leaves out: git's ignore files, the configuration's `exclude` patterns and its own files.

The rule (README "Configuration"):

- ``exclude`` patterns are gitignore-style and relative to the configuration's folder. They apply to files
  found in folders AND to files named on the command line (so pre-commit, which names files, obeys them).
- When a searched folder is inside a git work tree, every ``.gitignore`` from the work tree's top down to
  the file's folder applies (nested ones too, deeper ones first, as git reads them), plus
  ``.git/info/exclude``. They apply to folder search only: a file named on the command line is read even
  when git ignores it. The user's global excludes file (``core.excludesFile``) is not read.
- The configuration file and the rubric it names are never profiles, however they are reached.

Patterns are matched by ``pathspec`` (its gitignore flavour), imported only when there is a pattern.
"""

from __future__ import annotations

import os
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

GITIGNORE = ".gitignore"


def _spec(lines: list[str]) -> Any:
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(lines)


def _read_lines(path: str) -> list[str] | None:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read().splitlines()
    except OSError:
        return None


def _relative(path: str, folder: str) -> str | None:
    """``path`` relative to ``folder`` with forward slashes, or None when it lies outside."""
    rel = os.path.relpath(path, folder)
    if rel == os.curdir or rel.startswith(os.pardir + os.sep) or rel == os.pardir or os.path.isabs(rel):
        return None
    return rel.replace(os.sep, "/")


@dataclass
class Ignore:
    """Decides which files and folders a search skips; counts what it skipped, for `--verbose`."""

    base: Path | None = None  # the configuration's folder, which `exclude` patterns are relative to
    exclude: list[str] = field(default_factory=list)
    own: list[Path] = field(default_factory=list)  # the configuration file and its rubric
    gitignore: bool = True
    skipped: list[str] = field(default_factory=list)
    _exclude_spec: Any = None
    _own_ids: set[tuple[int, int]] = field(default_factory=set)
    _git_specs: dict[str, Any] = field(default_factory=dict)  # folder -> its ignore files' spec (None: none)
    _tops: dict[str, str | None] = field(default_factory=dict)  # folder -> its work tree's top

    def __post_init__(self) -> None:
        if self.exclude:
            self._exclude_spec = _spec(self.exclude)
        for path in self.own:
            try:
                info = os.stat(path)
            except OSError:
                continue
            self._own_ids.add((info.st_dev, info.st_ino))

    def named(self, path: str) -> bool:
        """Whether a file named on the command line is skipped (``exclude``, or the configuration's own)."""
        if self._is_own(path) or self._excluded(path, is_dir=False):
            self.skipped.append(path)
            return True
        return False

    def found(self, path: str, is_dir: bool) -> bool:
        """Whether an entry found while searching a folder is skipped (also by git's ignore files)."""
        if (not is_dir and self._is_own(path)) or self._excluded(path, is_dir) or self._git_ignored(path, is_dir):
            if not is_dir:
                self.skipped.append(path)
            return True
        return False

    def _is_own(self, path: str) -> bool:
        if not self._own_ids:
            return False
        try:
            info = os.stat(path)
        except OSError:
            return False
        return (info.st_dev, info.st_ino) in self._own_ids

    def _excluded(self, path: str, is_dir: bool) -> bool:
        if self._exclude_spec is None or self.base is None:
            return False
        rel = _relative(os.path.abspath(path), os.path.abspath(self.base))
        if rel is None:
            return False
        return bool(self._exclude_spec.match_file(rel + "/" if is_dir else rel))

    def _git_ignored(self, path: str, is_dir: bool) -> bool:
        if not self.gitignore:
            return False
        absolute = os.path.abspath(path)
        folder = os.path.dirname(absolute)
        top = self._top(folder)
        if top is None:
            return False
        # the ignore files from the top down to the entry's folder; a deeper file's match overrides
        chain = []
        current = folder
        while True:
            chain.append(current)
            if current == top:
                break
            parent = os.path.dirname(current)
            if parent == current:
                break
            current = parent
        decision: bool | None = None
        for where in reversed(chain):
            spec = self._folder_spec(where, top)
            if spec is None:
                continue
            rel = _relative(absolute, where)
            if rel is None:
                continue
            result = spec.check_file(rel + "/" if is_dir else rel)
            if result.include is not None:
                decision = result.include
        return bool(decision)

    def _folder_spec(self, folder: str, top: str) -> Any:
        if folder not in self._git_specs:
            lines = _read_lines(os.path.join(folder, GITIGNORE)) or []
            if folder == top:
                lines = (_read_lines(os.path.join(top, ".git", "info", "exclude")) or []) + lines
            useful = [line for line in lines if line.strip() and not line.lstrip().startswith("#")]
            self._git_specs[folder] = _spec(lines) if useful else None
        return self._git_specs[folder]

    def _top(self, folder: str) -> str | None:
        """The top of the git work tree ``folder`` is in (a folder holding `.git`), or None."""
        if folder in self._tops:
            return self._tops[folder]
        seen = []
        current, top = folder, None
        while True:
            if current in self._tops:
                top = self._tops[current]
                break
            seen.append(current)
            if os.path.lexists(os.path.join(current, ".git")):
                top = current
                break
            parent = os.path.dirname(current)
            if parent == current:
                break
            current = parent
        for where in seen:
            self._tops[where] = top
        return top


# The rules of the command being run; set by the CLI for the length of one command, read by discovery.
# None (a library caller): nothing is skipped, as before configurations existed.
ACTIVE: ContextVar[Ignore | None] = ContextVar("kasales_ignore", default=None)
