"""Options, language choice, output and exit codes shared by every command."""

from __future__ import annotations

import enum
import locale
import os
import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer

EXIT_OK = 0  # everything valid, no gate tripped
EXIT_GATE = 1  # a gate the user asked for failed
EXIT_INVALID = 2  # invalid input or usage
EXIT_INTERNAL = 3  # a bug in kasales: please report it


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


PathsArg = Annotated[
    list[Path], typer.Argument(metavar="PATH", help="Profile files and/or folders (searched recursively).")
]
LangOption = Annotated[
    Lang | None,
    typer.Option("--lang", help="Language of labels and messages: zh or en [default: $KASALES_LANG, locale, en]."),
]
RubricOption = Annotated[
    Path | None,
    typer.Option("--rubric", help="Your rubric YAML (may `extends: default`) instead of the built-in one.",
                 dir_okay=False),
]
OutputOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write the payload to this file (atomically) instead of stdout.")
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


def print_problems(problems: list, lang: str) -> None:  # type: ignore[type-arg]
    """Each problem as one unwrapped ``path:line:column: message`` line on stderr."""
    for problem in problems:
        sys.stderr.write(f"{problem}\n")


def fail(problems: list, code: int = EXIT_INVALID) -> NoReturn:  # type: ignore[type-arg]
    """Print problems and exit with ``code``."""
    print_problems(problems, "en")
    raise typer.Exit(code)


def emit(text: str, output: Path | None, force: bool, lang: str = "en") -> None:
    """The payload to stdout, or atomically to ``output`` (never overwriting without --force)."""
    if output is None:
        sys.stdout.write(text if text.endswith("\n") or not text else text + "\n")
        sys.stdout.flush()
        return
    from kasales.errors import KasalesError
    from kasales.fsutil import write_atomic

    try:
        write_atomic(output, text, force=force, lang=lang)
    except KasalesError as err:
        fail(err.problems)
    except OSError as err:
        sys.stderr.write(f"{output}: cannot write: {err.strerror or err}\n")
        raise typer.Exit(EXIT_INVALID) from None
