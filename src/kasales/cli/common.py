"""Options, language choice, output, status lines and exit codes shared by every command."""

from __future__ import annotations

import enum
import locale
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from kasales.text import messages

if TYPE_CHECKING:  # importing these at run time would pull pydantic into `kasales --version`
    from kasales.core.errors import Problem
    from kasales.core.rubric import Rubric
    from kasales.io.batch import Profiles

EXIT_OK = 0  # everything valid, no gate tripped
EXIT_GATE = 1  # a gate the user asked for failed
EXIT_INVALID = 2  # invalid input or usage
EXIT_INTERNAL = 3  # a bug in kasales: please report it
EXIT_INTERRUPTED = 130  # 128 + SIGINT: Ctrl-C, as shells report it
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE: the reader of stdout went away (`| head`), as shells report it
EXIT_TERMINATED = 143  # 128 + SIGTERM: `timeout`, a cancelled CI job, `kill`


class Lang(enum.StrEnum):
    """Languages of every label and message."""

    en = "en"
    zh = "zh"


def resolve_lang(lang: Lang | None) -> str:
    """--lang, else KASALES_LANG, else the locale (zh* -> zh), else English."""
    if lang is not None:
        return lang.value
    env = os.environ.get("KASALES_LANG", "").strip().lower()
    if env in ("en", "zh"):
        return env
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    try:
        current = locale.getlocale()[0] or ""
    except ValueError:
        current = ""
    return "zh" if current.lower().startswith("zh") else "en"


def parse_path(raw: str) -> Path:
    """A file or folder from the command line; an empty one is a usage error, not the current folder."""
    if not raw:  # typer would read "" as Path("."): a script's unset variable would scan the working folder
        raise typer.BadParameter("empty path; name a file or folder (. is the current folder)")
    return Path(raw)


def parse_file_name(raw: str) -> Path:
    """A file to write; an empty name, or one ending in a separator, is a usage error.

    Whether an existing name is a folder is checked on writing.
    """
    if not raw:
        raise typer.BadParameter("empty file name")
    # Path("newdir/") is Path("newdir"): without this check `init newdir/` would write a FILE named newdir
    if raw.endswith(tuple(sep for sep in (os.sep, os.altsep) if sep)):
        raise typer.BadParameter(f"{raw}: names a folder (it ends with '{raw[-1]}'); give a file name")
    return Path(raw)


def parse_file_path(raw: str) -> Path:
    """A file name that must not be an existing folder (the check click's ``dir_okay=False`` made)."""
    path = parse_file_name(raw)
    if path.is_dir():
        raise typer.BadParameter(f"{raw}: is a folder, not a file")
    return path


PathsArg = Annotated[
    list[Path], typer.Argument(metavar="PATH", parser=parse_path,
                               help="Profile files and/or folders (searched recursively).")
]
LangOption = Annotated[
    Lang | None,
    typer.Option("--lang", help="Language of labels and messages: zh or en [default: $KASALES_LANG, locale, en]."),
]
RubricOption = Annotated[
    Path | None,
    typer.Option("--rubric", metavar="<file>", parser=parse_file_path,
                 help="Your rubric YAML (may `extends: default`) instead of the built-in one."),
]
OutputOption = Annotated[
    Path | None, typer.Option("--output", "-o", metavar="<path>", parser=parse_file_name,
                              help="Write the payload to this file (atomically) instead of stdout.")
]
ForceOption = Annotated[bool, typer.Option("--force", help="Overwrite an existing output file.")]
PersonalOption = Annotated[
    bool,
    typer.Option("--include-personal", help="Include notes and sources of personal intel (personal data) in output."),
]


def terminal_width() -> int:
    """Columns for human output: the terminal's width (at least 80) on a terminal, else 100."""
    import shutil

    return max(80, shutil.get_terminal_size((100, 40)).columns) if sys.stdout.isatty() else 100


def use_color(human: bool, output: Path | None) -> bool:
    """Colour only for human output on a terminal, and never when NO_COLOR is set (no-color.org)."""
    return human and output is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def status(text: str) -> None:
    """One ``kasales: ...`` status line on stderr (summaries and notes, never the payload)."""
    sys.stderr.write(f"kasales: {text}\n")


def print_problems(problems: Iterable[Problem]) -> None:
    """Each problem as one unwrapped ``path:line:column: message`` line on stderr (already in its language)."""
    for problem in problems:
        sys.stderr.write(f"{problem}\n")


def fail(problems: Iterable[Problem], code: int = EXIT_INVALID) -> NoReturn:
    """Print problems and exit with ``code``."""
    print_problems(problems)
    raise typer.Exit(code)


def require_profiles(files: int, paths: Sequence[Path], lang: str) -> None:
    """Exit 2 when ``paths`` held no profile at all: a CI job pointed at the wrong folder must not pass."""
    if files == 0:
        status(messages.msg("no_profiles", lang, paths=", ".join(str(p) for p in paths)))
        raise typer.Exit(EXIT_INVALID)


def load_rubric_or_fail(path: Path | None, lang: str) -> Rubric:
    """The built-in rubric, or the user's ``--rubric`` file; its problems exit 2."""
    from kasales.core.errors import KasalesError
    from kasales.io.rubrics import load_rubric

    try:
        return load_rubric(path, lang)
    except KasalesError as err:
        fail(err.problems)


def load_profiles(paths: Sequence[Path], lang: str) -> Profiles:
    """Discover and load profiles as `qualify` does; a missing path exits 2 (`kasales checklist`)."""
    from kasales.core.errors import UsageError
    from kasales.io.batch import load_profiles as load

    try:
        return load(paths, lang)
    except UsageError as err:
        fail(err.problems)


def check_output(output: Path | None, force: bool, lang: str) -> None:
    """Exit 2 now, before any work, when ``output`` may not be written (it exists and no --force, a folder...)."""
    if output is None:
        return
    from kasales.core.errors import UsageError
    from kasales.io.writes import check_target

    try:
        check_target(output, force, lang)
    except UsageError as err:
        fail(err.problems)


def emit(text: str, output: Path | None, force: bool, lang: str = "en") -> None:
    """The payload to stdout, or atomically to ``output`` (never overwriting without --force)."""
    if output is None:
        if text:  # nothing to print must not fail on a full disk (even write("") reaches the device)
            sys.stdout.write(text if text.endswith("\n") else text + "\n")
            sys.stdout.flush()
        return
    from kasales.core.errors import KasalesError
    from kasales.io.writes import write_atomic

    try:
        write_atomic(output, text, force=force, lang=lang)
    except KasalesError as err:
        fail(err.problems)
    except OSError as err:
        sys.stderr.write(f"{output}: {messages.msg('cannot_write', lang, reason=err.strerror or err)}\n")
        raise typer.Exit(EXIT_INVALID) from None
