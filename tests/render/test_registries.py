"""Every command's formats come from one registry: the --format choices and the renderers cannot drift apart."""

from __future__ import annotations

import importlib

import pytest

from kasales.cli.diff_cmd import DiffFormat
from kasales.cli.history_cmd import HistoryFormat
from kasales.cli.report_cmd import ReportFormat
from kasales.render import FORMATS, OutputFormat
from kasales.render.checklist_formats import CHECKLIST_FORMATS, ChecklistFormat
from kasales.render.history import HISTORY_FORMATS
from kasales.render.movement import DIFF_FORMATS
from kasales.render.report_formats import REPORT_FORMATS
from kasales.render.validate_formats import VALIDATE_FORMATS, ValidateFormat

# command -> (the choices its --format offers, the registry that renders them)
CASES = {
    "qualify": (OutputFormat, FORMATS),
    "validate": (ValidateFormat, VALIDATE_FORMATS),
    "checklist": (ChecklistFormat, CHECKLIST_FORMATS),
    "diff": (DiffFormat, DIFF_FORMATS),
    "history": (HistoryFormat, dict.fromkeys(HISTORY_FORMATS)),
    "report": (ReportFormat, REPORT_FORMATS),
}


@pytest.mark.parametrize("command", sorted(CASES))
def test_every_format_choice_has_a_renderer_and_every_renderer_a_choice(command: str) -> None:
    choices, registry = CASES[command]
    offered = {c.value for c in choices}
    if command == "report":  # the page is chosen by --html FILE, the rest by --format
        assert set(registry) == offered | {"html"}
    else:
        assert set(registry) == offered


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_qualify_format_modules_render(name: str) -> None:
    assert callable(importlib.import_module(FORMATS[name]).render)


@pytest.mark.parametrize("name", sorted(DIFF_FORMATS))
def test_diff_format_modules_render(name: str) -> None:
    assert callable(importlib.import_module(DIFF_FORMATS[name]).render)


def test_every_command_is_registered_once() -> None:
    import typer

    from kasales.cli.app import COMMANDS, app

    group = typer.main.get_command(app)
    ctx = group.make_context("kasales", ["--version"], resilient_parsing=True)
    assert group.list_commands(ctx) == list(COMMANDS)  # registration order, each name once (a dict's keys)
    for name, spec in COMMANDS.items():
        module, _, function = spec.partition(":")
        command = group.get_command(ctx, name)
        assert command is not None and command.name == name
        assert command.callback.__wrapped__.__wrapped__ is getattr(importlib.import_module(module), function)
