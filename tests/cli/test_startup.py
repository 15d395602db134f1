"""`kasales --version` and `--help` stay fast: they never import the scoring stack (pydantic, YAML, Rich tables)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import PROFILES

HEAVY = ("pydantic", "pydantic_core", "ruamel.yaml", "rich.table", "kasales.core.models", "kasales.io.batch")

# Runs the real entry point in a fresh interpreter, then reports which modules got imported.
WRAPPER = """
import sys
from kasales.cli.app import main
sys.argv = ["kasales", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
sys.stderr.write("\\nMODULES " + " ".join(sorted(sys.modules)) + "\\n")
"""


def _modules_after(*args: str) -> tuple[str, set[str]]:
    done = subprocess.run([sys.executable, "-c", WRAPPER, *args], capture_output=True, text=True, timeout=60,
                          check=False)
    line = next(x for x in done.stderr.splitlines() if x.startswith("MODULES "))
    return done.stdout, set(line.split()[1:])


def _typer_imports_click() -> bool:
    code = "import sys, typer; print('click' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return done.stdout.strip() == "True"


@pytest.mark.parametrize("args", [("--version",), ("--help",)])
def test_light_commands_do_not_import_the_scoring_stack(args: tuple[str, ...]) -> None:
    stdout, modules = _modules_after(*args)
    assert "kasales" in stdout  # the command really ran
    assert "kasales.cli.app" in modules
    heavy = HEAVY if _typer_imports_click() else (*HEAVY, "click")  # recent typer vendors its own click
    assert sorted(m for m in heavy if m in modules) == []


def test_qualify_does_import_it() -> None:
    """The check above can fail: scoring a profile loads exactly the modules it forbids for --version."""
    _, modules = _modules_after("qualify", "--format", "json", str(PROFILES / "huadong-metro.yaml"))
    assert {"pydantic", "ruamel.yaml", "kasales.core.models"} <= modules


def test_one_file_starts_no_worker_pool_and_loads_no_page_or_table_code() -> None:
    """A pre-commit hook scores one file: no process pool, no Rich layout for JSON, no HTML templates
    (how fast that is, against `import typer`, is measured by benchmarks/bench.py, not here)."""
    _, modules = _modules_after("qualify", "--format", "json", str(PROFILES / "huadong-metro.yaml"))
    assert "kasales.core.scoring" in modules  # it did score
    unneeded = ("multiprocessing", "concurrent.futures", "rich.console", "rich.table", "jinja2")
    assert sorted(m for m in unneeded if m in modules) == []


@pytest.mark.parametrize("args", [("--version",), ("--help",)])
def test_light_commands_import_no_command_module(args: tuple[str, ...]) -> None:
    """Commands are built on first use: listing them in the help imports none of their modules."""
    _, modules = _modules_after(*args)
    assert sorted(m for m in modules if m.endswith("_cmd")) == []
    assert "kasales.text.messages" not in modules  # nothing was said from the catalogue


@pytest.mark.parametrize("fmt", ["json", "concise", "csv", "github", "markdown"])
def test_one_file_in_a_text_format_draws_no_table(fmt: str) -> None:
    """Only the table draws with Rich; no format looks for pydantic plugins (kasales turns them off) and only
    `qualify` itself is built of all the commands."""
    _, modules = _modules_after("qualify", "--format", fmt, str(PROFILES / "huadong-metro.yaml"))
    assert "kasales.core.scoring" in modules  # it did score
    assert sorted(m for m in modules if m == "rich" or m.startswith("rich.")) == []
    assert "importlib.metadata" not in modules
    assert sorted(m for m in modules if m.endswith("_cmd")) == ["kasales.cli.qualify_cmd"]


def test_the_table_still_draws_with_rich() -> None:
    """The check above can fail: the table format does load Rich."""
    _, modules = _modules_after("qualify", "--format", "table", str(PROFILES / "huadong-metro.yaml"))
    assert "rich.table" in modules
