"""`kasales checklist`: a stage's gate, alone or against profiles - what to know before walking into the meeting."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from kasales.cli.changed import ChangedSinceOption, changed_paths
from kasales.cli.common import (
    EXIT_GATE,
    EXIT_INVALID,
    EXIT_OK,
    CacheDirOption,
    ForceOption,
    LangOption,
    NoCacheOption,
    OutputOption,
    RubricOption,
    check_output,
    emit,
    parse_path,
    print_problems,
    resolve_lang,
    result_cache,
    say,
    status,
    stderr_line,
    terminal_width,
    use_color,
)
from kasales.core.scales import SERVICE
from kasales.core.vocab import Stage, normalize
from kasales.render.checklist_formats import ChecklistFormat


def _stage(raw: str | None, lang: str) -> str | None:
    """The English stage key of ``--stage`` (its Chinese name is accepted too)."""
    if raw is None:
        return None
    value = normalize(Stage, raw)
    if isinstance(value, str) and value in _SERVICE_NAMES:  # the checklist of a won deal (SPEC §12)
        return SERVICE
    if value not in Stage._value2member_map_:
        choices = ", ".join([*(s.value for s in Stage), SERVICE])
        raise typer.BadParameter(say("bad_stage", lang, found=raw, choices=choices), param_hint="--stage")
    return str(value)


_SERVICE_NAMES = (SERVICE, "售后服务", "服务客户")


def checklist(
    profiles: Annotated[list[Path] | None, typer.Argument(
        metavar="PROFILE", parser=parse_path,
        help="Profile files and/or folders; without any, --stage prints the bare checklist.",
        show_default=False)] = None,
    stage: Annotated[str | None, typer.Option(
        "--stage", "-s", metavar="STAGE",
        help="prospect, evaluate, approach, present, objections or close (or 寻找客户 ... 诱导成交), or service "
        "(售后服务) for a won deal [default: service for a won deal, else each profile's own stage, else "
        "prospect; then the next stage's readiness is shown too].")] = None,
    fmt: Annotated[ChecklistFormat, typer.Option("--format", "-f", help="Output format.")] = ChecklistFormat.table,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 when an account does not meet its stage's gate.")]
    = False,
    rubric: RubricOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
    changed_since: ChangedSinceOption = None,
    no_cache: NoCacheOption = False,
    cache_dir: CacheDirOption = None,
    lang: LangOption = None,
) -> None:
    """Stage checklist: what must be known at a stage (SPEC §2), and where each account stands against it.

    A gate is met when every required item is done. One PROFILE file is shown in full (--format json: one
    object); a folder or several paths give the readiness table (json: a list, even of one account or none),
    so the shape depends only on the arguments, never on how many profiles are found.

    Exit codes: 0 clean; 1 --strict and a gate not met; 2 an invalid file or usage, or no profile under the
    given paths (every valid profile is still checked and printed).
    """
    from kasales.cli.runs import stream_checklist
    from kasales.cli.settings import load_rubric
    from kasales.render.checklist_formats import render_checklist
    from kasales.render.checklist_views import ChecklistView

    code = resolve_lang(lang)
    chosen = _stage(stage, code)
    if changed_since is not None and not profiles:
        profiles = [Path(".")]  # the changed profiles of the current folder, not the bare checklist
    if not profiles and chosen is None:
        raise typer.BadParameter(say("stage_or_profiles", code), param_hint="PROFILE")
    check_output(output, force)
    active = load_rubric(rubric)
    view = ChecklistView(active, code, chosen, color=use_color(fmt.value == "table", output),
                         width=terminal_width())
    if not profiles:
        emit(render_checklist(fmt.value, view), output, force)
        raise typer.Exit(EXIT_OK)

    given = profiles
    if changed_since is not None:  # only what changed; the JSON shape still follows the arguments given
        single = len(given) == 1 and not os.path.isdir(given[0])
        empty = "[]" if fmt.value == "json" and not single else ""
        profiles = changed_paths(given, changed_since, code, empty)
    # decided by the arguments, not by what was found: a script reading `checklist folder/ -f json` always
    # gets a list, however many profiles the folder holds today
    view.mode = "single" if len(given) == 1 and not os.path.isdir(given[0]) else "many"
    # each account's part is made in a worker and written as it arrives (render/checklist_stream.py)
    found, tally = stream_checklist(profiles, fmt.value, view, output, force, result_cache(cache_dir, no_cache))
    print_problems(found.problems, code)
    if strict:
        for file, current, gaps in tally.not_met:
            stderr_line(f"{file}: {say('gate_not_met', code, stage=current, gaps=gaps)}")
    status(say("summary_checked", code, files=found.files, checked=tally.checked, ready=tally.ready,
               rejected=found.rejected))
    raise typer.Exit(EXIT_INVALID if found.problems else EXIT_GATE if strict and tally.not_met else EXIT_OK)
