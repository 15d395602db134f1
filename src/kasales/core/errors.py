"""Problems found in input files, and the one error type the core raises."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one input file, at a 1-based line and column.

    A problem about the file as a whole (unreadable, too large, a folder skipped) is at 1:1, as SPEC §9
    wants every position 1-based: a caller passing 0 for "no position" gets 1, so line 0 never exists.
    """

    path: str
    line: int
    column: int
    message: str
    severity: str = "error"

    def __post_init__(self) -> None:
        # frozen: the clamp has to go through object.__setattr__
        if self.line < 1:
            object.__setattr__(self, "line", 1)
        if self.column < 1:
            object.__setattr__(self, "column", 1)

    def __str__(self) -> str:
        """``path:line:column: message`` - the form editors and CI logs understand."""
        return f"{self.path}:{self.line}:{self.column}: {self.message}"

    def as_record(self) -> dict[str, object]:
        """The JSON record of SPEC §9's ``errors`` list (integer, 1-based line and column)."""
        return {"file": self.path, "line": self.line, "column": self.column,
                "message": self.message, "severity": self.severity}


class UsageProblem(Problem):
    """A path on the command line that cannot be used: it names no place in a file, so it prints ``path: message``."""

    def __str__(self) -> str:
        """``path: message`` (``missing.yaml: no such file or folder``)."""
        return f"{self.path}: {self.message}"


class KasalesError(Exception):
    """Raised by the core for invalid input; carries every problem found, not only the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class UsageError(KasalesError):
    """Invalid command-line use (a path that does not exist, an output file that exists)."""

    def __init__(self, problems: list[Problem]) -> None:
        # every problem of a usage error is about a path as given, whoever built it (paths, fsutil)
        super().__init__([p if isinstance(p, UsageProblem)
                          else UsageProblem(p.path, p.line, p.column, p.message, p.severity) for p in problems])
