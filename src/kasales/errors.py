"""Problems found in input files, and the one error type the core raises."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one input file, at a 1-based line and column (0 when there is no line)."""

    path: str
    line: int
    column: int
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        """``path:line:column: message`` - the form editors and CI logs understand."""
        if self.line:
            return f"{self.path}:{self.line}:{self.column}: {self.message}"
        return f"{self.path}: {self.message}"

    def as_record(self) -> dict[str, object]:
        """The JSON record of SPEC §9's ``errors`` list."""
        return {"file": self.path, "line": self.line or None, "column": self.column or None,
                "message": self.message, "severity": self.severity}


class KasalesError(Exception):
    """Raised by the core for invalid input; carries every problem found, not only the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class UsageError(KasalesError):
    """Invalid command-line use (a path that does not exist, an unknown option value)."""
