"""The `kasales` Typer app: registers commands and turns unexpected errors into exit code 3."""

from __future__ import annotations

import codecs
import contextlib
import errno
import os
import signal
import sys
from collections.abc import Callable
from typing import Annotated, Any, TextIO, cast

import typer

from kasales._version import __version__
from kasales.cli.common import (
    EXIT_BROKEN_PIPE,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_INVALID,
    EXIT_TERMINATED,
    argv_lang,
    reported,
    say,
)
from kasales.cli.help import KasalesCommand, KasalesGroup
from kasales.cli.lazy import LazyCommands, defer_coercion, skip_plugin_discovery

# one module per command, imported (and its command built) only when the command runs or its help is shown
COMMANDS = {
    "validate": "kasales.cli.validate_cmd:validate", "qualify": "kasales.cli.qualify_cmd:qualify",
    "checklist": "kasales.cli.checklist_cmd:checklist", "report": "kasales.cli.report_cmd:report",
    "diff": "kasales.cli.diff_cmd:diff", "history": "kasales.cli.history_cmd:history",
    "init": "kasales.cli.init_cmd:init", "set": "kasales.cli.set_cmd:set_fields",
    "review": "kasales.cli.review_cmd:review", "import": "kasales.cli.import_cmd:import_csv",
    "schema": "kasales.cli.schema_cmd:schema", "rubric": "kasales.cli.rubric_cmd:rubric",
    "config": "kasales.cli.config_cmd:config",
}


def _build(name: str, function: Callable[..., None]) -> Any:
    """The click command of ``function``, as `app.command(name)` would make it; every command gets the one
    mapping of invalid input to exit 2 (``reported``)."""
    from typer.main import get_command_from_info
    from typer.models import CommandInfo

    info = CommandInfo(name=name, cls=KasalesCommand, callback=reported(function),
                       options_metavar=app._info_val_str("options_metavar"))
    command = get_command_from_info(info, pretty_exceptions_short=app.pretty_exceptions_short,
                                    rich_markup_mode=app.rich_markup_mode)
    defer_coercion(command)
    return command


class _Kasales(KasalesGroup):
    """The `kasales` group, with its commands from COMMANDS, each built when first looked up."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = LazyCommands(dict(COMMANDS), _build)


app = typer.Typer(
    name="kasales",
    help="Qualify key accounts (大客户) from YAML profiles: MAN, risk, intel, buying center, strategies.\n\n"
    "Exit codes: 0 clean, 1 a gate you asked for failed, 2 invalid input or usage (or no profile found), "
    "3 internal error (a bug), 130 interrupted (Ctrl-C), 141 stdout closed early (`| head`), "
    "143 terminated (SIGTERM).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,  # --install-completion / --show-completion (bash, zsh, fish, PowerShell)
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    cls=_Kasales,
)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"kasales {__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Qualify key accounts the way the course 大客户销售与服务 teaches it."""


def _exit_types() -> tuple[type[Exception], ...]:
    """typer's Exit, and click's where click is installed."""
    # typer vendors click and does not require it; importing click up front costs `--version` ~14 ms
    try:
        from click.exceptions import Exit as ClickExit
    except ImportError:
        return (typer.Exit,)
    return (typer.Exit, ClickExit)


def _interrupted(signum: int, frame: object) -> None:
    # click turns KeyboardInterrupt into "Aborted!" and exit 1 - the code of a failed gate; a CI script
    # must be able to tell a Ctrl-C from a gate, so leave with the shell's convention, 128 + SIGINT.
    with contextlib.suppress(OSError, ValueError):  # a closed stderr must not turn this into another error
        sys.stderr.write(f"kasales: {say('interrupted')}\n")
    raise SystemExit(EXIT_INTERRUPTED)


def _terminated(signum: int, frame: object) -> None:
    # The default action of SIGTERM kills the process on the spot: a temp file next to the output stays
    # behind and worker processes are orphaned. As an exception, every `finally` runs: the temp file is
    # removed, the workers are stopped, and the exit code is still the shell's 128 + SIGTERM.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second SIGTERM must not interrupt the clean-up
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.write(f"kasales: {say('terminated')}\n")
    raise SystemExit(EXIT_TERMINATED)


class StdoutFailed(Exception):
    """Writing to stdout failed; deliberately not an OSError, so it passes click's own handler to main()."""

    def __init__(self, error: OSError) -> None:
        super().__init__(str(error))
        self.error = error


class _GuardedStdout:
    """sys.stdout whose failed writes raise StdoutFailed.

    click's standalone mode turns a broken pipe into exit 1 - the code of a failed gate - and lets any
    other OSError through, where it would look like a bug (exit 3); an error raised while writing the
    payload is neither, and only a wrapper can tell it apart from an OSError raised anywhere else.
    """

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        """Write ``text``; an OSError becomes StdoutFailed."""
        try:
            return self._stream.write(text)
        except OSError as err:
            raise StdoutFailed(err) from err

    def flush(self) -> None:
        """Flush; an OSError becomes StdoutFailed."""
        try:
            self._stream.flush()
        except OSError as err:
            raise StdoutFailed(err) from err

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)  # isatty, fileno, encoding, ... of the real stream


class _ClosedStdout:
    """sys.stdout of a process started with stdout closed (`>&-`): every write fails as a closed descriptor."""

    encoding = "utf-8"

    def write(self, text: str) -> int:
        """Fail: there is nowhere to write to."""
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))

    def flush(self) -> None:
        """Nothing was written, so nothing is pending."""

    def isatty(self) -> bool:
        """Not a terminal."""
        return False

    def fileno(self) -> int:
        """No descriptor."""
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))


class _QuietStderr:
    """sys.stderr whose failures (closed, /dev/full) are dropped: status lines are a courtesy, and a clean
    run must not turn into an error because nobody could read them; the exit code still tells everything."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        """Write ``text``, or drop it when stderr cannot take it."""
        try:
            return self._stream.write(text)
        except OSError:
            self._lost()
            return len(text)

    def flush(self) -> None:
        """Flush, or drop what is pending."""
        try:
            self._stream.flush()
        except OSError:
            self._lost()

    def _lost(self) -> None:
        # what is still buffered goes to /dev/null, so the interpreter's final flush cannot fail again
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), self._stream.fileno())

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _escape(error: UnicodeError) -> tuple[str, int]:
    """Like ``backslashreplace``, but always ``\\uXXXX`` (surrogate pairs above U+FFFF): ``\\xb7`` would make
    JSON on an ASCII stdout invalid ("score 95.0 · low risk"), ``\\u00b7`` is valid JSON and still readable."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    out = []
    for char in error.object[error.start:error.end]:
        code = ord(char)
        if code > 0xFFFF:
            code -= 0x10000
            out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            out.append(f"\\u{code:04x}")
    return "".join(out), error.end


def _standard_streams() -> None:
    """Make stdin, stdout and stderr safe to use however the process was started.

    A closed descriptor 0-2 is given /dev/null, so no file kasales opens later takes its number (and
    receives what was meant for stderr); text that the stream's encoding cannot hold (an ASCII locale, a
    file name that was not UTF-8) is written as backslash escapes instead of failing halfway through.
    """
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            with contextlib.suppress(OSError):
                os.open(os.devnull, os.O_RDWR)  # the lowest free number: this one
    codecs.register_error("kasales_escape", _escape)
    for stream in (sys.stdout, sys.stderr):
        if stream is not None and hasattr(stream, "reconfigure"):
            with contextlib.suppress(ValueError, OSError):
                stream.reconfigure(errors="kasales_escape")
    if sys.stderr is None:  # started with stderr closed: messages go nowhere, the exit code still counts
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives as long as the process
    sys.stderr = cast(TextIO, _QuietStderr(sys.stderr))


def _stdout_failed(error: OSError) -> int:
    """The exit code for a failed write to stdout: 141 quietly for a closed pipe, else 2 with the reason."""
    # Whatever is still buffered now goes nowhere, so the interpreter's final flush cannot fail again and
    # print "Exception ignored ... BrokenPipeError". No real descriptor (a test runner's stdout): nothing to do.
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    if error.errno == errno.EPIPE:  # the reader went away (`| head`): nothing went wrong here
        return EXIT_BROKEN_PIPE
    from kasales.core.errors import os_reason

    text = say("cannot_write_stdout", reason=os_reason(error))
    with contextlib.suppress(OSError):  # stderr is gone too: the exit code is all that is left
        sys.stderr.write(f"kasales: {text}\n")
    return EXIT_INVALID


def main() -> None:
    """Run the app: the one place that turns what escapes a command into an exit code.

    Invalid input or usage (KasalesError, from any layer) is reported in the user's language, exit 2; a
    closed stdout 141 or 2; Ctrl-C 130; SIGTERM 143; anything else is a bug: one line on stderr and exit 3.
    """
    # pydantic looks for plugins among the entry points of every installed package before it builds its
    # first validator (milliseconds that grow with the environment); the CLI has no use for them
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "1")
    skip_plugin_discovery()
    from kasales.core.errors import KasalesError

    signal.signal(signal.SIGINT, _interrupted)
    signal.signal(signal.SIGTERM, _terminated)
    _standard_streams()
    real_stdout = sys.stdout
    sys.stdout = cast(TextIO, _GuardedStdout(real_stdout if real_stdout is not None else _ClosedStdout()))
    try:
        try:
            app(standalone_mode=True, prog_name="kasales")  # also under `python -m kasales`
        finally:
            sys.stdout.flush()  # here, not at interpreter exit, where a failure could only be ignored
    except SystemExit:
        raise  # typer.Exit and usage errors arrive here as SystemExit with their own code
    except KasalesError as err:
        from kasales.text.messages import problem_line

        lang = argv_lang()
        for problem in err.problems:
            sys.stderr.write(problem_line(problem, lang) + "\n")
        sys.exit(EXIT_INVALID)
    except StdoutFailed as failed:
        sys.exit(_stdout_failed(failed.error))
    except _exit_types() as err:  # evaluated only when an exception gets here
        # both are Exceptions: one escaping the app's own handling keeps its code, it is no bug
        sys.exit(err.exit_code)
    except KeyboardInterrupt:
        sys.stderr.write(f"kasales: {say('interrupted')}\n")
        sys.exit(EXIT_INTERRUPTED)
    except Exception as err:  # the one place that turns a bug into exit code 3
        detail = " ".join(f"{type(err).__name__}: {err}".split())[:500]  # one line, even for multi-line errors
        sys.stderr.write(f"kasales: {say('internal_error', detail=detail)}\n")
        sys.exit(EXIT_INTERNAL)
    finally:
        sys.stdout = real_stdout
