"""What every command shares at the edge: options, the language, today's date, output, status lines, exit codes."""

from __future__ import annotations

import enum
import functools
import locale
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kasales.core.errors import Msg

if TYPE_CHECKING:  # importing these at run time would pull pydantic into `kasales --version`
    import datetime as dt

    from kasales.core.errors import Problem
    from kasales.io.cache import ResultCache

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
    """--lang, else KASALES_LANG, else the configuration's `lang`, else the locale (zh* -> zh), else English."""
    if lang is not None:
        return lang.value
    env = os.environ.get("KASALES_LANG", "").strip().lower()
    if env in ("en", "zh"):
        return env
    from kasales.cli.settings import configured_lang

    configured = configured_lang()
    if configured is not None:
        return configured
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    try:
        current = locale.getlocale()[0] or ""
    except ValueError:
        current = ""
    return "zh" if current.lower().startswith("zh") else "en"


def argv_lang() -> str:
    """The language before a command's options are parsed (or after they are gone): --lang on the command
    line, else the default. Option parsers and main()'s error handling speak the user's language too."""
    args = sys.argv[1:]
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            value = args[i + 1]
        elif arg.startswith("--lang="):
            value = arg.partition("=")[2]
        else:
            continue
        if value in Lang.__members__:
            return value
    return resolve_lang(None)


def current_lang() -> str:
    """The language of the command being parsed or run: its --lang (an eager option, so parsed before every
    other), else the default; outside a command, the command line's."""
    try:  # typer vendors click; its context is the only place the parsed --lang lives while options are parsed
        from typer._click.globals import get_current_context
    except ImportError:  # pragma: no cover - an older typer that uses click itself
        from click import get_current_context
    ctx = get_current_context(silent=True)
    if ctx is not None and "lang" in ctx.params:
        chosen = ctx.params["lang"]
        return resolve_lang(Lang(chosen) if chosen is not None else None)
    return argv_lang()


def say(key: str, lang: str | None = None, **params: object) -> str:
    """The catalogue's message ``key`` in ``lang`` (the current command's language when not given)."""
    from kasales.text import messages  # here: `kasales --version` and `--help` say nothing from the catalogue

    return messages.words(Msg(key, **params), lang or current_lang())


# commands that take `-` for one profile on standard input (and so `--stdin-filename`)
STDIN_COMMANDS = ("qualify", "validate", "checklist", "report")


def reported(command: Callable[..., None]) -> Callable[..., None]:
    """``command`` with the run options every command has (``RUN_OPTIONS``: configuration, quiet/verbose,
    colour, debug; ``--stdin-filename`` where ``-`` reads a profile) and the one mapping of invalid input
    to exit 2: its KasalesError becomes located lines on stderr in the command's language. Applied to every
    command where the app registers it."""
    import inspect

    from kasales.cli import settings

    signature = inspect.signature(command, eval_str=True)
    own = dict(RUN_OPTIONS)
    if command.__name__ in STDIN_COMMANDS:
        own["stdin_filename"] = (StdinNameOption, None)
    extra = [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation)
             for name, (annotation, default) in own.items()]

    @functools.wraps(command)  # typer reads the options from the wrapped signature
    def run(*args: object, **kwargs: object) -> None:
        from kasales.core.errors import KasalesError

        options = {name: kwargs.pop(name, default) for name, (_, default) in own.items()}
        state = settings.Run(config=options["config"], no_config=bool(options["no_config"]),  # type: ignore[arg-type]
                             quiet=bool(options["quiet"]), verbose=bool(options["verbose"]),
                             color=str(options["color"] or "auto"), debug=bool(options["debug"]))
        token = None
        try:
            with settings.running(state):
                token = _read_stdin(kwargs, options.get("stdin_filename"))  # type: ignore[arg-type]
                try:
                    command(*args, **kwargs)
                finally:
                    _verbose_tail(state, kwargs.get("lang"))  # type: ignore[arg-type]
        except KasalesError as err:
            print_problems(err.problems, resolve_lang(kwargs.get("lang")))  # type: ignore[arg-type]
            raise typer.Exit(EXIT_INVALID) from None
        except Exception as err:
            if state.debug and not _expected(err):  # a bug: the whole traceback, for the report
                import traceback

                traceback.print_exc(file=sys.stderr)
            raise
        finally:
            if token is not None:
                from kasales.io import stdin

                stdin.forget(token)

    run.__signature__ = signature.replace(parameters=[*signature.parameters.values(), *extra])  # type: ignore[attr-defined]
    run.__annotations__ = {**command.__annotations__, **{p.name: p.annotation for p in extra}}
    return run


def _expected(err: Exception) -> bool:
    """An exception that is how a command ends (an exit, a usage error, a closed stdout), not a bug."""
    return type(err).__module__.split(".")[0] in ("typer", "click") or type(err).__name__ == "StdoutFailed"


def _read_stdin(kwargs: dict[str, object], name: str | None) -> object | None:
    """When the paths hold ``-``: read one profile from standard input, to be shown as ``name``."""
    from kasales.io import stdin

    paths = kwargs.get("paths", kwargs.get("profiles")) or []
    if not any(str(p) == stdin.DASH for p in paths):  # type: ignore[attr-defined]
        return None
    from kasales.io.loader import MAX_BYTES

    source = sys.stdin.buffer if sys.stdin is not None and hasattr(sys.stdin, "buffer") else None
    data = source.read(MAX_BYTES + 1) if source is not None else b""
    shown = str(Path(name)) if name else stdin.DEFAULT_NAME
    return stdin.provide(shown, data)


def _verbose_tail(state: object, lang: Lang | None) -> None:
    """With --verbose: which configuration was used and what discovery left out."""
    from kasales.cli.settings import skipped

    if not getattr(state, "verbose", False):
        return
    code = resolve_lang(lang)
    loaded = getattr(state, "loaded", None)
    if loaded is not None:
        status(say("config_used", code, file=loaded.path))
    left_out = skipped()
    if left_out:
        status(say("excluded_note", code, count=len(left_out), files=", ".join(left_out)))


JOBS_ENV = "KASALES_JOBS"  # force the number of worker processes (1 = serial); for tests and tuning


def default_jobs() -> int:
    """Worker processes to use: $KASALES_JOBS when set to a positive number, else the usable cores."""
    from kasales.io.parallel import usable_cores

    forced = os.environ.get(JOBS_ENV, "").strip()
    if forced.isdigit() and int(forced) > 0:
        return int(forced)
    return usable_cores()


TODAY_ENV = "KASALES_TODAY"  # YYYY-MM-DD: score "as of" that day, for reproducible runs and tests


def today() -> dt.date:
    """The day staleness is measured against: $KASALES_TODAY when set, else the clock (read here, at the edge)."""
    import datetime as dt

    from kasales.core.errors import Problem, UsageError

    raw = os.environ.get(TODAY_ENV, "").strip()
    if not raw:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        shown = messages_safe(raw)
        raise UsageError([Problem(f"${TODAY_ENV}", 0, 0, Msg("bad_today", found=shown))]) from None


def messages_safe(text: str) -> str:
    """A user's value on one line, at most 80 characters (an environment variable may hold anything)."""
    from kasales.io.loader import one_line

    return one_line(text[:80])


def parse_path(raw: str) -> Path:
    """A file or folder from the command line; an empty one is a usage error, not the current folder."""
    if not raw:  # typer would read "" as Path("."): a script's unset variable would scan the working folder
        raise typer.BadParameter(say("empty_path"))
    return Path(raw)


def parse_file_name(raw: str) -> Path:
    """A file to write; an empty name, or one ending in a separator, is a usage error.

    Whether an existing name is a folder is checked on writing.
    """
    if not raw:
        raise typer.BadParameter(say("empty_file_name"))
    # Path("newdir/") is Path("newdir"): without this check `init newdir/` would write a FILE named newdir
    if raw.endswith(tuple(sep for sep in (os.sep, os.altsep) if sep)):
        raise typer.BadParameter(say("names_folder", raw=raw, sep=raw[-1]))
    return Path(raw)


def parse_file_path(raw: str) -> Path:
    """A file name that must not be an existing folder (the check click's ``dir_okay=False`` made)."""
    path = parse_file_name(raw)
    if path.is_dir():
        raise typer.BadParameter(say("path_is_folder", raw=raw))
    return path


def format_parser(choices: Sequence[str]) -> Callable[[str], str]:
    """A ``--format`` parser: any case (``-f JSON``), ``auto`` too; an unknown name is a usage error in the
    user's language naming the choices and the closest one."""

    def parse(raw: str) -> str:
        value = raw.strip().lower()
        if value == "auto" or value in choices:
            return value
        from kasales.cli.settings import format_problem
        from kasales.text import messages

        raise typer.BadParameter(messages.words(format_problem(raw, ["auto", *choices]), current_lang()))

    return parse


def format_metavar(choices: Sequence[str]) -> str:
    """``auto|table|json|...``: the choices as the help shows them."""
    return "|".join(["auto", *choices])


NoBomOption = Annotated[
    bool, typer.Option("--no-bom", help="csv: no UTF-8 byte order mark (by default one is written first, so Excel "
                       "reads the file as UTF-8).")
]
ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", metavar="<file>", parser=parse_file_path, is_eager=True,
                 help="Use this configuration file instead of the nearest .kasales.yaml or "
                 "pyproject.toml [tool.kasales]."),
]
NoConfigOption = Annotated[
    bool, typer.Option("--no-config", is_eager=True, help="Ignore every configuration file: built-in defaults.")
]
class Color(enum.StrEnum):
    """When to colour human output."""

    auto = "auto"
    always = "always"
    never = "never"


QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="Print only the payload and errors (no summary).")]
VerboseOption = Annotated[bool, typer.Option(
    "--verbose", "-v", help="Also say which configuration was used and which files were left out.")]
ColorOption = Annotated[Color | None, typer.Option(
    "--color", case_sensitive=False, show_default=False,
    help="Colour human output: auto (a terminal, unless $NO_COLOR; $FORCE_COLOR forces it), always or never.")]
DebugOption = Annotated[bool, typer.Option("--debug", help="On an internal error, print the whole traceback.")]
StdinNameOption = Annotated[str | None, typer.Option(
    "--stdin-filename", metavar="<name>", help="The name `-` (a profile on standard input) is shown by.")]

# name -> (annotation, default) of the options every command gets from ``reported``
RUN_OPTIONS: dict[str, tuple[object, object]] = {
    "config": (ConfigOption, None),
    "no_config": (NoConfigOption, False),
    "quiet": (QuietOption, False),
    "verbose": (VerboseOption, False),
    "color": (ColorOption, None),
    "debug": (DebugOption, False),
}


PathsArg = Annotated[
    list[Path], typer.Argument(metavar="PATH", parser=parse_path,
                               help="Profile files and/or folders (searched recursively).")
]
LangOption = Annotated[
    Lang | None,
    # eager: parsed before every other option, so their usage errors are in this language too
    typer.Option("--lang", is_eager=True,
                 help="Language of labels and messages: zh or en [default: $KASALES_LANG, locale, en]."),
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
    """Colour for human output to stdout: ``--color always|never`` decides; else never with $NO_COLOR
    (no-color.org), always with $FORCE_COLOR (set, not 0), else on a terminal."""
    from kasales.cli.settings import current

    if not human or output is not None:
        return False
    choice = current().color
    if choice in ("always", "never"):
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR", "") not in ("", "0", "false"):
        return True
    return sys.stdout.isatty()


def stderr_line(text: object) -> None:
    """One line on stderr: user parts (a file name, a value) one line, never a workflow command or an escape."""
    from kasales.render.safe_text import safe_line

    sys.stderr.write(safe_line(text) + "\n")


def status(text: str) -> None:
    """One ``kasales: ...`` status line on stderr (summaries and notes, never the payload); not with --quiet."""
    from kasales.cli.settings import current

    if not current().quiet:
        stderr_line(f"kasales: {text}")


def error_status(text: str) -> None:
    """One ``kasales: ...`` error line on stderr: printed even with --quiet."""
    stderr_line(f"kasales: {text}")


def print_problems(problems: Iterable[Problem], lang: str) -> None:
    """Each problem as one unwrapped ``path:line:column: message`` line on stderr, in ``lang``."""
    from kasales.text.messages import problem_line

    for problem in problems:
        stderr_line(problem_line(problem, lang))


def require_profiles(files: int, paths: Sequence[Path], lang: str) -> None:
    """Exit 2 when ``paths`` held no profile at all: a CI job pointed at the wrong folder must not pass.

    When every file found was left out by the configuration or .gitignore, that was asked for: exit 0."""
    if files == 0:
        from kasales.cli.settings import skipped

        left_out = skipped()
        if left_out:  # everything was left out on purpose (pre-commit naming only excluded files): nothing to do
            status(say("excluded_note", lang, count=len(left_out), files=", ".join(left_out[:5])))
            raise typer.Exit(EXIT_OK)
        error_status(say("no_profiles", lang, paths=", ".join(str(p) for p in paths)))
        raise typer.Exit(EXIT_INVALID)


def check_output(output: Path | None, force: bool) -> None:
    """Raise UsageError now, before any work, when ``output`` may not be written (it exists, a folder...)."""
    if output is not None:
        from kasales.io.writes import check_target

        check_target(output, force)


def emit(text: str, output: Path | None, force: bool) -> None:
    """The payload to stdout, or atomically to ``output`` (never overwriting without --force).

    A refused or failed write raises KasalesError, which main() reports with exit 2 like any invalid input.
    """
    if output is None:
        if text:  # nothing to print must not fail on a full disk (even write("") reaches the device)
            sys.stdout.write(text if text.endswith("\n") else text + "\n")
            sys.stdout.flush()
        return
    from kasales.core.errors import Problem, UsageError, os_reason
    from kasales.io.writes import write_atomic

    try:
        write_atomic(output, text, force=force)
    except OSError as err:
        raise UsageError([Problem(str(output), 1, 1, Msg("cannot_write", reason=os_reason(err)))]) \
            from None


CACHE_DIR_ENV = "KASALES_CACHE_DIR"  # the cache folder when --cache-dir is not given
NO_CACHE_ENV = "KASALES_NO_CACHE"  # 1/true/yes: as --no-cache (a test suite, a one-off CI job)
CACHE_MAX_ENV = "KASALES_CACHE_MAX_MB"  # the cache's size bound in MiB (default 256)

CacheDirOption = Annotated[
    Path | None,
    typer.Option("--cache-dir", metavar="<folder>", parser=parse_path,
                 help="Keep the cache of per-file results here [default: $KASALES_CACHE_DIR, else .kasales_cache]."),
]
NoCacheOption = Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the cache of results.")]


def cache_folder(cache_dir: Path | None, no_cache: bool) -> Path | None:
    """Where this run's cache lives: None with --no-cache or $KASALES_NO_CACHE, else --cache-dir, else
    $KASALES_CACHE_DIR, else .kasales_cache beside the configuration file, else in the current folder (where
    pre-commit and CI run: the repository)."""
    if no_cache or os.environ.get(NO_CACHE_ENV, "").strip().lower() in ("1", "true", "yes"):
        return None
    if cache_dir is not None:
        return cache_dir
    if env := os.environ.get(CACHE_DIR_ENV, "").strip():
        return Path(env)
    from kasales.cli.settings import configuration
    from kasales.io.cache import DEFAULT_DIR

    loaded = configuration()  # a configured project keeps one cache at its root, like ruff's
    return (loaded.folder if loaded is not None else Path()) / DEFAULT_DIR


def _secret_home() -> Path:
    """The user's own cache home ($XDG_CACHE_HOME or ~/.cache, then kasales): outside any repository."""
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(base) if base else Path.home() / ".cache") / "kasales"


def result_cache(cache_dir: Path | None, no_cache: bool) -> ResultCache | None:
    """This run's cache (None: off), keyed on kasales's version and code, the libraries' versions and the
    current folder; each batch adds its own job (rubric, day, gates, format and its options). A folder or
    secret that cannot be made turns the cache off: the run itself never fails for it."""
    folder = cache_folder(cache_dir, no_cache)
    if folder is None:
        return None
    import kasales
    from kasales._version import __version__
    from kasales.io.cache import ResultCache, code_fingerprint, library_versions, prepare, secret

    try:
        prepare(folder)
        key = secret(_secret_home())
        code = code_fingerprint(Path(kasales.__file__).parent)
        here = os.getcwd()  # the index names files as the run did: relative to here, so here is in the key
    except (OSError, RuntimeError):  # RuntimeError: no home folder to keep the secret in
        return None
    from kasales.io.cache import MAX_BYTES

    raw = os.environ.get(CACHE_MAX_ENV, "").strip()
    limit = int(float(raw) * 1024 * 1024) if raw.replace(".", "", 1).isdigit() else MAX_BYTES
    return ResultCache(folder, key, f"kasales {__version__}\ncode {code}\n{library_versions()}\nfolder {here}", limit)


def prune_cache(cache: ResultCache | None) -> None:
    """Keep the cache within its bound ($KASALES_CACHE_MAX_MB, default 256 MiB) after a run (a listing of its
    packs: a few files per context, cheap enough for every run)."""
    if cache is not None:
        cache.prune()
