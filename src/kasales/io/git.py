"""Read a git repository through the git command: trees, changes and blobs, never a checkout or the index.

Every revision is read with plumbing commands (`ls-tree`, `diff --name-only`, `log --raw`) and the file
contents of any number of revisions through ONE `git cat-file --batch` process per run. Nothing here
writes to the working tree, the index or the refs (GIT_OPTIONAL_LOCKS=0 even stops git refreshing the
index's stat cache on the side).
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from kasales.core.errors import Msg, UsageError, UsageProblem
from kasales.io.paths import SUFFIXES

NULL_SHA = "0" * 40
EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"  # git's well-known hash of a tree with nothing in it
SHORT = 7  # characters of a short commit hash, as git and GitHub show them by default
DATE = re.compile(r"\d{4}-\d{2}-\d{2}$")


def _env() -> dict[str, str]:
    env = dict(os.environ)
    # no lock files, no prompts, paths taken literally (a file named `a*.yaml` is not a glob)
    env.update(GIT_OPTIONAL_LOCKS="0", GIT_TERMINAL_PROMPT="0", GIT_LITERAL_PATHSPECS="1", LC_ALL="C")
    env.pop("GIT_DIR", None)  # a hook's GIT_DIR would point every call at another repository
    env.pop("GIT_WORK_TREE", None)
    env.pop("GIT_INDEX_FILE", None)  # pre-commit's temporary index: we read commits, never an index
    return env


def selected(path: str, roots: Sequence[str]) -> bool:
    """Whether ``kasales qualify ROOTS`` would load ``path`` (repository-relative, '/'-separated).

    The rule of io.paths.discover: a file named as a root is taken whatever its name; below a folder, only
    ``.yaml``/``.yml`` files, and nothing hidden (a name starting with '.') on the way down.
    """
    for root in roots:
        if path == root:
            return True
        prefix = "" if root == "." else root.rstrip("/") + "/"
        if path.startswith(prefix):
            below = path[len(prefix):].split("/")
            if below[-1].endswith(SUFFIXES) and not any(part.startswith(".") for part in below):
                return True
    return False


@dataclass(frozen=True)
class Commit:
    """One commit of a log: full and short hash, author date (ISO 8601) and author name."""

    sha: str
    short: str
    date: str
    author: str


@dataclass(frozen=True)
class FileChange:
    """A profile a commit changed: its path, the blob before and after (NULL_SHA when absent)."""

    path: str
    old: str
    new: str


@dataclass
class LogEntry:
    """A commit and the profiles it changed."""

    commit: Commit
    changes: list[FileChange] = field(default_factory=list)


@dataclass(frozen=True)
class Repo:
    """A git work tree found from a folder: its top level, and whether the clone is shallow."""

    root: Path
    shallow: bool

    @classmethod
    def find(cls, cwd: Path | str = ".") -> Repo:
        """The repository holding ``cwd``; UsageError outside one, or when git is missing."""
        try:
            done = subprocess.run(["git", "rev-parse", "--show-toplevel", "--is-shallow-repository"],
                                  cwd=cwd, env=_env(), capture_output=True, check=False)
        except FileNotFoundError:
            raise UsageError([UsageProblem("git", 1, 1, Msg("no_git"))]) from None
        if done.returncode != 0:
            detail = done.stderr.decode("utf-8", "replace").strip()
            text = Msg("not_a_repo") if "not a git repository" in detail else \
                Msg("git_failed", command="rev-parse", detail=_one_line(detail))
            raise UsageError([UsageProblem(str(cwd), 1, 1, text)])
        top, shallow = done.stdout.decode("utf-8", "surrogateescape").splitlines()[:2]
        return cls(Path(top), shallow.strip() == "true")

    def run(self, *args: str) -> bytes:
        """Stdout of ``git ARGS`` at the top level; a failure is a UsageError with git's own words."""
        done = subprocess.run(["git", *args], cwd=self.root, env=_env(), capture_output=True, check=False)
        if done.returncode != 0:
            detail = _one_line(done.stderr.decode("utf-8", "replace"))
            raise UsageError([UsageProblem("git", 1, 1, Msg("git_failed", command=args[0],
                                                              detail=detail))])
        return done.stdout

    def commit(self, rev: str) -> str:
        """The full hash of commit ``rev``; UsageError naming it when it is unknown (or beyond a shallow clone)."""
        done = subprocess.run(["git", "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"],
                              cwd=self.root, env=_env(), capture_output=True, check=False)
        if done.returncode != 0 or not rev:
            key = "shallow_rev" if self.shallow else "unknown_rev"
            raise UsageError([UsageProblem(rev or "''", 1, 1, Msg(key))])
        return done.stdout.decode().strip()

    def base(self, rev: str) -> tuple[str, str | None]:
        """(tree-ish to read, commit hash or None) of a BASE: before the first commit, HEAD is the empty tree,
        so a pre-commit hook works on the very first commit too."""
        if rev == EMPTY_TREE:
            return EMPTY_TREE, None
        try:
            commit = self.commit(rev)
        except UsageError:
            if rev == "HEAD" and not self.run("rev-list", "-n", "1", "--all").strip():
                return EMPTY_TREE, None
            raise
        return commit, commit

    def relative(self, path: Path | str) -> str:
        """``path`` (as given, relative to the current folder) relative to the top level, '/'-separated."""
        absolute = Path(os.path.abspath(path))
        try:
            rel = absolute.relative_to(os.path.realpath(self.root))
        except ValueError:
            try:
                rel = absolute.relative_to(self.root)
            except ValueError:
                raise UsageError([UsageProblem(str(path), 1, 1, Msg("outside_repo",
                                                                   root=self.root))]) from None
        text = rel.as_posix()
        return text if text else "."

    def shown(self, rel: str) -> str:
        """A repository-relative path as the current folder sees it (what `qualify` is given)."""
        return os.path.relpath(self.root / rel)

    def tree(self, commit: str, roots: Sequence[str]) -> dict[str, str]:
        """Profile path -> blob hash at ``commit``, for the files ``roots`` select (symlinks, submodules left out)."""
        out = self.run("ls-tree", "-r", "-z", "--full-tree", commit, "--", *_specs(roots))
        found = {}
        for entry in _records(out):
            meta, _, path = entry.partition("\t")
            mode, kind, sha = meta.split(" ")
            if kind == "blob" and mode in ("100644", "100755") and selected(path, roots):
                found[path] = sha
        return found

    def changed(self, commit: str, roots: Sequence[str], deleted: bool = True) -> list[str]:
        """Tracked paths under ``roots`` whose working-tree content differs from ``commit`` (renames: both ends)."""
        flags = [] if deleted else ["--diff-filter=d"]
        out = self.run("diff", "--name-only", "-z", "--no-renames", *flags, commit, "--", *_specs(roots))
        return [p for p in _records(out) if selected(p, roots)]

    def untracked(self, roots: Sequence[str], ignored: bool = False) -> list[str]:
        """Untracked paths under ``roots``: not ignored ones (as `git status` lists them), or only ignored ones."""
        flags = ["--ignored"] if ignored else []
        out = self.run("ls-files", "-z", "--others", "--exclude-standard", *flags, "--", *_specs(roots))
        return [p for p in _records(out) if selected(p, roots)]

    def log(self, roots: Sequence[str], since: str | None = None, base: str | None = None) -> list[LogEntry]:
        """Commits that changed profiles under ``roots``, oldest first, with each changed profile's blobs.

        ``since`` is a date (YYYY-MM-DD), ``base`` a commit: only commits after it (``base..HEAD``). A merge
        shows what it changed against its first parent; a clean merge is left out (its branch commit shows it).
        """
        # %h would be 40 characters too under --no-abbrev (needed for the blob hashes): Commit.short cuts it
        args = ["log", "--format=%x01%H%x00%aI%x00%an%x00", "--raw", "-z", "--no-abbrev", "--no-renames",
                "--diff-merges=first-parent", "--reverse", "--topo-order"]
        if since:
            args.append(f"--since={since} 00:00:00")  # the whole day, not "since this time of that day"
        args.append(f"{base}..HEAD" if base else "HEAD")
        out = self.run(*args, "--", *_specs(roots))
        entries = []
        for chunk in out.split(b"\x01")[1:]:
            parts = chunk.decode("utf-8", "surrogateescape").split("\0")
            entry = LogEntry(Commit(parts[0], parts[0][:SHORT], parts[1], parts[2]))
            tokens = iter(parts[3:])
            for token in tokens:
                token = token.lstrip("\n")
                if not token.startswith(":"):
                    continue
                _, _, old, new, _status = token[1:].split(" ")
                path = next(tokens, "")
                if selected(path, roots):
                    entry.changes.append(FileChange(path, old, new))
            if entry.changes:
                entries.append(entry)
        return entries


class BlobReader:
    """File contents of any revision through one `git cat-file --batch` process, opened on first use."""

    def __init__(self, repo: Repo) -> None:
        """Nothing starts until the first read."""
        self.repo = repo
        self._proc: subprocess.Popen[bytes] | None = None
        self.reads = 0

    def read(self, sha: str) -> bytes:
        """The bytes of blob ``sha`` (a request and its answer at a time, so no pipe can fill up)."""
        if self._proc is None:
            self._proc = subprocess.Popen(["git", "cat-file", "--batch"], cwd=self.repo.root, env=_env(),
                                          stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        stdin, stdout = self._pipes()
        stdin.write(sha.encode("ascii") + b"\n")
        stdin.flush()
        header = stdout.readline().split()
        if len(header) != 3 or header[1] != b"blob":
            raise UsageError([UsageProblem("git", 1, 1, Msg("git_failed", command="cat-file",
                                                              detail=f"{sha}: {b' '.join(header).decode()}"))])
        data = stdout.read(int(header[2]))
        stdout.read(1)  # the newline after each object
        self.reads += 1
        return data

    def _pipes(self) -> tuple[IO[bytes], IO[bytes]]:
        assert self._proc is not None and self._proc.stdin is not None and self._proc.stdout is not None
        return self._proc.stdin, self._proc.stdout

    def close(self) -> None:
        """End the cat-file process (it exits when its input closes)."""
        if self._proc is not None:
            stdin, stdout = self._pipes()
            stdin.close()
            stdout.close()
            self._proc.wait()
            self._proc = None

    def __enter__(self) -> BlobReader:
        """Use as ``with BlobReader(repo) as blobs:``."""
        return self

    def __exit__(self, *exc: object) -> None:
        """Close the process, whatever happened."""
        self.close()


def _specs(roots: Sequence[str]) -> list[str]:
    """Pathspecs for ``roots``; the whole tree when one root is the top level."""
    return [] if "." in roots else list(roots)


def _records(out: bytes) -> Iterator[str]:
    """NUL-separated records of git's ``-z`` output (paths undecodable as UTF-8 kept as surrogates)."""
    for record in out.split(b"\0"):
        if record:
            yield record.decode("utf-8", "surrogateescape")


def _one_line(text: str) -> str:
    return " ".join(text.split())[:300]
