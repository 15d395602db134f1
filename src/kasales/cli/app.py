"""The `kasales` Typer app: registers commands and turns unexpected errors into exit code 3."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from kasales._version import __version__
from kasales.cli import checklist_cmd, commands, report_cmd
from kasales.cli.common import EXIT_INTERNAL

app = typer.Typer(
    name="kasales",
    help="Qualify key accounts (大客户) from YAML profiles: MAN, risk, intel, buying center, strategies.\n\n"
    "Exit codes: 0 clean, 1 a gate you asked for failed, 2 invalid input or usage, 3 internal error (a bug).",
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
app.command("init")(commands.init)
app.command("rubric")(commands.rubric)
app.command("checklist")(checklist_cmd.checklist)
app.command("report")(report_cmd.report)


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
    sys.stderr.write("kasales: interrupted\n")
    raise SystemExit(130)


def main() -> None:
    """Run the app; any exception that escapes a command is a bug: one line on stderr and exit 3."""
    import signal

    signal.signal(signal.SIGINT, _interrupted)
    try:
        app(standalone_mode=True)
    except SystemExit:
        raise  # typer.Exit and usage errors arrive here as SystemExit with their own code
    except _exit_types() as err:  # evaluated only when an exception gets here
        # both are Exceptions: one escaping the app's own handling keeps its code, it is no bug
        sys.exit(err.exit_code)
    except KeyboardInterrupt:
        sys.stderr.write("kasales: interrupted\n")
        sys.exit(130)
    except Exception as err:  # the one place that turns a bug into exit code 3
        detail = " ".join(f"{type(err).__name__}: {err}".split())[:500]  # one line, even for multi-line errors
        sys.stderr.write(f"kasales: internal error: {detail} "
                         "(this is a bug in kasales; please report it with the input that caused it)\n")
        sys.exit(EXIT_INTERNAL)
