"""Problems found in input files, the messages they carry as data, and the one error type the core raises."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class Msg:
    """A user-facing message as data: a catalogue key and its parameters, put into words only by ``kasales.text``.

    A parameter may itself be a Msg (a hint, a type name), so a sentence is assembled in one language at the edge.
    """

    __slots__ = ("key", "params")

    def __init__(self, key: str, /, **params: Any) -> None:
        self.key = key
        self.params = params

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Msg) and (self.key, self.params) == (other.key, other.params)

    def __hash__(self) -> int:
        return hash((self.key, repr(sorted(self.params.items()))))

    def __lt__(self, other: Msg) -> bool:  # problems sort by position, then by message
        return (self.key, repr(sorted(self.params.items()))) < (other.key, repr(sorted(other.params.items())))

    def __repr__(self) -> str:
        args = "".join(f", {k}={v!r}" for k, v in self.params.items())
        return f"Msg({self.key!r}{args})"

    def __reduce__(self) -> tuple[Any, ...]:  # pickled back from worker processes
        return (_make_msg, (self.key, self.params))


def _make_msg(key: str, params: dict[str, Any]) -> Msg:
    return Msg(key, **params)


class MsgError(ValueError):
    """A validator's complaint as a Msg, so a rubric or profile rule reads in the user's language."""

    def __init__(self, key: str, /, **params: Any) -> None:
        self.msg = Msg(key, **params)
        super().__init__(repr(self.msg))


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one input file, at a 1-based line and column.

    A problem about the file as a whole (unreadable, too large, a folder skipped) is at 1:1, as SPEC §9
    wants every position 1-based: a caller passing 0 for "no position" gets 1, so line 0 never exists.
    """

    path: str
    line: int
    column: int
    message: Msg
    severity: str = "error"

    def __post_init__(self) -> None:
        # frozen: the clamp has to go through object.__setattr__
        if self.line < 1:
            object.__setattr__(self, "line", 1)
        if self.column < 1:
            object.__setattr__(self, "column", 1)

    @property
    def where(self) -> str:
        """``path:line:column`` - the form editors and CI logs understand (the words come from kasales.text)."""
        return f"{self.path}:{self.line}:{self.column}"

    def __str__(self) -> str:
        """For debugging only: the message's key, not its words (see ``kasales.text.messages.problem_line``)."""
        return f"{self.where}: {self.message}"


class UsageProblem(Problem):
    """A path on the command line that cannot be used: it names no place in a file, so it prints ``path: message``."""

    @property
    def where(self) -> str:
        """Just the path as given (``missing.yaml: no such file or folder``)."""
        return self.path


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


def os_reason(err: OSError) -> Msg:
    """Why the system refused (``No such file or directory``) as a message: its words come from the catalogue
    by error number in the user's language, the system's own text where the catalogue has none."""
    import errno

    name = errno.errorcode.get(err.errno or 0, "")
    return Msg("os_error", code=name, text=err.strerror or str(err))
