"""The settings of one command: flags, then the environment, then the configuration file, then the defaults.

Every command gets the same run options (`--config`, `--no-config`); they and the configuration found
live in context variables for the length of one command (io/ignore.py's rules too), so the commands
themselves only ask: ``load_rubric(flag)``, ``gate(key, flag)``, ``output_format(flag, choices)``.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # importing these at run time would pull pydantic into `kasales --version`
    from kasales.core.rubric import Rubric
    from kasales.io.config import Loaded
    from kasales.io.ignore import Ignore

FORMAT_ENV = "KASALES_FORMAT"  # the default output format, like RUFF_OUTPUT_FORMAT
LANG_ENV = "KASALES_LANG"
AUTO = "auto"


@dataclass
class Run:
    """The run options of the command being run, as given on its command line."""

    config: Path | None = None
    no_config: bool = False
    quiet: bool = False
    verbose: bool = False
    color: str = "auto"
    debug: bool = False
    loaded: Loaded | None = None
    searched: bool = False  # whether the configuration has been looked for yet


_RUN: ContextVar[Run | None] = ContextVar("kasales_run", default=None)


def current() -> Run:
    """The running command's options (defaults outside a command: a library caller, a test)."""
    return _RUN.get() or Run()


@contextlib.contextmanager
def running(run: Run) -> Iterator[Run]:
    """Make ``run`` the current command's options, its configuration loaded (KasalesError when invalid) and
    its ignore rules active for discovery, until the block ends."""
    from kasales.io.ignore import ACTIVE

    token = _RUN.set(run)
    try:
        configuration(run)
        ignore_token = ACTIVE.set(_ignore(run))
        try:
            yield run
        finally:
            ACTIVE.reset(ignore_token)
    finally:
        _RUN.reset(token)


def configuration(run: Run | None = None) -> Loaded | None:
    """The configuration of the command (``--config FILE``, or the nearest one found from the current folder),
    None with ``--no-config`` or when there is none; raise KasalesError when it is invalid."""
    run = run or current()
    if run.searched:
        return run.loaded
    run.searched = True  # a failed load is reported once, by the command, not again by every language look-up
    if run.no_config:
        return None
    from kasales.io.config import find_config, load_config

    path = run.config if run.config is not None else find_config(Path.cwd())
    if path is None:
        return None
    if run.config is not None and not path.exists():
        from kasales.core.errors import Msg, UsageError, UsageProblem

        raise UsageError([UsageProblem(str(path), 1, 1, Msg("not_found"))])
    loaded = load_config(path)
    _check_format(loaded)
    run.loaded = loaded
    return loaded


def _check_format(loaded: Loaded) -> None:
    """The configuration's `format` must be one of qualify's formats (or auto): located, with a guess."""
    from kasales.render import FORMATS

    value = loaded.config.format
    if value is None or value == AUTO or value in FORMATS:
        return
    from kasales.core.errors import KasalesError

    raise KasalesError([loaded.problem("format", format_problem(value, [AUTO, *FORMATS]))])


def format_problem(found: str, choices: Sequence[str]) -> Any:
    """The message for an unknown format name: the choices, and the closest one when there is one."""
    import difflib

    from kasales.core.errors import Msg

    close = difflib.get_close_matches(found.lower(), list(choices), n=1)
    hint = Msg("did_you_mean", guess=close[0]) if close else ""
    return Msg("bad_format", found=found, choices=", ".join(choices), hint=hint)


def quiet_configuration() -> Loaded | None:
    """The configuration, or None when it cannot be read: for choosing a language while reporting errors."""
    from kasales.core.errors import KasalesError

    try:
        return configuration()
    except (KasalesError, OSError):
        return None


def configured_lang() -> str | None:
    """The language the configuration sets, if any (never raises: used while reporting other errors)."""
    loaded = quiet_configuration()
    return loaded.config.lang if loaded is not None else None


def _ignore(run: Run) -> Ignore:
    """The discovery rules of this command: git's ignore files, the configuration's excludes and own files."""
    from kasales.io.ignore import Ignore

    loaded = run.loaded
    if loaded is None:
        return Ignore()
    own = [loaded.path]
    rubric = loaded.rubric_path()
    if rubric is not None:
        own.append(rubric)
    return Ignore(base=loaded.folder, exclude=list(loaded.config.exclude), own=own,
                  gitignore=loaded.config.respect_gitignore)


def skipped() -> list[str]:
    """Files the running command's discovery left out (configuration, git's ignore files)."""
    from kasales.io.ignore import ACTIVE

    active = ACTIVE.get()
    return list(active.skipped) if active is not None else []


def load_rubric(flag: str | Path | None) -> Rubric:
    """``--rubric``, else the configuration's rubric, else the built-in one; the configuration's
    ``stale_after_days`` applies to whichever rubric is used."""
    from kasales.io import rubrics

    loaded = configuration()
    path: str | Path | None = flag
    if path is None and loaded is not None and loaded.config.rubric is not None:
        path = loaded.rubric_path()
        if path is not None and not path.exists():
            from kasales.core.errors import KasalesError, Msg

            problem = loaded.problem("rubric", Msg("config_rubric_missing", file=str(path)))
            raise KasalesError([problem])
    rubric = rubrics.load_rubric(path)
    if loaded is not None and loaded.config.stale_after_days is not None:
        rubric = rubric.model_copy(update={"stale_after_days": loaded.config.stale_after_days})
    return rubric


def gate(key: str, flag: Any) -> Any:
    """A gate's value: the flag when given, else the configuration's default for it (None: no gate)."""
    if flag is not None:
        return flag
    loaded = configuration()
    return getattr(loaded.config, key) if loaded is not None else None


def output_format(flag: str | None, choices: Sequence[str]) -> str:
    """The format to write: ``--format`` (unless auto), else $KASALES_FORMAT, else the configuration's, else
    auto - `github` under GitHub Actions (when the command has it), else `table`.

    A default this command does not have (``csv`` for `validate`) is passed over; a bad flag or variable
    never gets here (they are checked where they are read).
    """
    return chosen_format(flag, choices)[0]


def chosen_format(flag: str | None, choices: Sequence[str]) -> tuple[str, str]:
    """The format and where it came from (see ``output_format``)."""
    if flag is not None and flag != AUTO:
        return flag, "--format"
    if flag is None:
        env = os.environ.get(FORMAT_ENV, "").strip().lower()
        if env and env != AUTO and env in choices:
            return env, f"${FORMAT_ENV}"
        loaded = quiet_configuration()
        if loaded is not None and loaded.config.format not in (None, AUTO) and loaded.config.format in choices:
            return str(loaded.config.format), loaded.where("format")
    if os.environ.get("GITHUB_ACTIONS") == "true" and "github" in choices:
        return "github", "auto ($GITHUB_ACTIONS=true)"
    return "table", "auto"
