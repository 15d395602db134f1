"""The `kasales` Typer app: registers commands and turns unexpected errors into exit code 3."""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import sys
from typing import Annotated, Any, TextIO, cast

import typer

from kasales._version import __version__
from kasales.cli import checklist_cmd, commands, diff_cmd, history_cmd, init_cmd, report_cmd, set_cmd
from kasales.cli.common import (
    EXIT_BROKEN_PIPE,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_INVALID,
    EXIT_TERMINATED,
    Lang,
    resolve_lang,
)
from kasales.text import messages

app = typer.Typer(
    name="kasales",
    help="Qualify key accounts (大客户) from YAML profiles: MAN, risk, intel, buying center, strategies.\n\n"
    "Exit codes: 0 clean, 1 a gate you asked for failed, 2 invalid input or usage (or no profile found), "
    "3 internal error (a bug), 130 interrupted (Ctrl-C), 141 stdout closed early (`| head`), "
    "143 terminated (SIGTERM).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,
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


app.command("validate")(commands.validate)
app.command("qualify")(commands.qualify)
app.command("schema")(commands.schema)
app.command("init")(init_cmd.init)
app.command("rubric")(commands.rubric)
app.command("checklist")(checklist_cmd.checklist)
app.command("report")(report_cmd.report)
app.command("diff")(diff_cmd.diff)
app.command("history")(history_cmd.history)
app.command("set")(set_cmd.set_fields)


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
        sys.stderr.write("kasales: interrupted\n")
    raise SystemExit(EXIT_INTERRUPTED)


def _terminated(signum: int, frame: object) -> None:
    # The default action of SIGTERM kills the process on the spot: a temp file next to the output stays
    # behind and worker processes are orphaned. As an exception, every `finally` runs: the temp file is
    # removed, the workers are stopped, and the exit code is still the shell's 128 + SIGTERM.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second SIGTERM must not interrupt the clean-up
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.write("kasales: terminated\n")
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


def _argv_lang() -> str:
    """The command line's --lang, else the default (main() reports after the command's options are gone)."""
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


def _stdout_failed(error: OSError) -> int:
    """The exit code for a failed write to stdout: 141 quietly for a closed pipe, else 2 with the reason."""
    # Whatever is still buffered now goes nowhere, so the interpreter's final flush cannot fail again and
    # print "Exception ignored ... BrokenPipeError". No real descriptor (a test runner's stdout): nothing to do.
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    if error.errno == errno.EPIPE:  # the reader went away (`| head`): nothing went wrong here
        return EXIT_BROKEN_PIPE
    text = messages.msg("cannot_write_stdout", _argv_lang(), reason=error.strerror or error)
    with contextlib.suppress(OSError):  # stderr is gone too: the exit code is all that is left
        sys.stderr.write(f"kasales: {text}\n")
    return EXIT_INVALID


def main() -> None:
    """Run the app; any exception that escapes a command is a bug: one line on stderr and exit 3."""
    signal.signal(signal.SIGINT, _interrupted)
    signal.signal(signal.SIGTERM, _terminated)
    real_stdout = sys.stdout
    sys.stdout = cast(TextIO, _GuardedStdout(real_stdout))
    try:
        try:
            app(standalone_mode=True)
        finally:
            sys.stdout.flush()  # here, not at interpreter exit, where a failure could only be ignored
    except SystemExit:
        raise  # typer.Exit and usage errors arrive here as SystemExit with their own code
    except StdoutFailed as failed:
        sys.exit(_stdout_failed(failed.error))
    except _exit_types() as err:  # evaluated only when an exception gets here
        # both are Exceptions: one escaping the app's own handling keeps its code, it is no bug
        sys.exit(err.exit_code)
    except KeyboardInterrupt:
        sys.stderr.write("kasales: interrupted\n")
        sys.exit(EXIT_INTERRUPTED)
    except Exception as err:  # the one place that turns a bug into exit code 3
        detail = " ".join(f"{type(err).__name__}: {err}".split())[:500]  # one line, even for multi-line errors
        sys.stderr.write(f"kasales: internal error: {detail} "
                         "(this is a bug in kasales; please report it with the input that caused it)\n")
        sys.exit(EXIT_INTERNAL)
    finally:
        sys.stdout = real_stdout
