"""`kasales diff [BASE] [PATH...]`: what moved in the pipeline between a git revision and now."""

from __future__ import annotations

import enum
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kasales.cli.common import (
    EXIT_GATE,
    EXIT_INVALID,
    EXIT_OK,
    ForceOption,
    LangOption,
    OutputOption,
    RubricOption,
    check_output,
    default_jobs,
    emit,
    parse_path,
    resolve_lang,
    say,
    status,
    stderr_line,
    terminal_width,
    today,
    use_color,
)

if TYPE_CHECKING:  # importing these at run time would pull pydantic into `kasales --help`
    from kasales.core.movement import Change
    from kasales.render.movement import DiffView


class DiffFormat(enum.StrEnum):
    """Output formats of `kasales diff` (the keys of render.movement.DIFF_FORMATS)."""

    table = "table"
    json = "json"
    markdown = "markdown"
    github = "github"


def split_base(args: list[str]) -> tuple[str, list[Path]]:
    """BASE and the PATHs: the first argument is BASE unless it is an existing file or folder."""
    if args and not os.path.lexists(args[0]):
        return args[0], [parse_path(a) for a in args[1:]] or [Path(".")]
    return "HEAD", [parse_path(a) for a in args] or [Path(".")]


def diff(
    args: Annotated[list[str] | None, typer.Argument(
        metavar="BASE_OR_PATH", show_default=False,
        help="BASE: a git revision (branch, tag, commit, HEAD~3) [default: HEAD]; the first argument is BASE "
        "unless it is an existing file or folder. PATHs: profile files and/or folders [default: .].")] = None,
    to: Annotated[str | None, typer.Option("--to", metavar="REV",
                                           help="Compare BASE with this revision instead of the working tree.")]
    = None,
    fmt: Annotated[DiffFormat, typer.Option("--format", "-f", help="Output format.")] = DiffFormat.table,
    show_all: Annotated[bool, typer.Option("--all", help="List unchanged accounts too.")] = False,
    brief_invalid: Annotated[bool, typer.Option(
        "--brief-invalid", help="Name each invalid profile once and leave its problems to kasales validate "
        "(the pre-commit hook next to kasales-validate).")] = False,
    fail_on_downgrade: Annotated[bool, typer.Option(
        "--fail-on-downgrade", help="Exit 1 when an account moved down or gained a high flag.")] = False,
    rubric: RubricOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
    lang: LangOption = None,
) -> None:
    """Compare each account at a git revision with the working tree (or --to REV): what moved up or down.

    Accounts are matched by account.id (else the file name), so a renamed file is the same account. Revisions
    are read through git without touching the working tree or the index. A profile invalid at BASE is listed
    with the errors and does not stop the diff.

    Exit codes: 0 clean; 1 --fail-on-downgrade and an account moved down or gained a high flag; 2 outside a git
    repository, an unknown revision (or one a shallow clone lacks), a missing path, or an invalid profile on
    the compared (head) side.
    """
    from kasales.cli.progress import interactive, progress_bar
    from kasales.cli.settings import load_rubric
    from kasales.core.movement import compare
    from kasales.io.git import Repo
    from kasales.io.revisions import Scorer, diff_sides, id_line
    from kasales.render.movement import DiffView, render_diff

    code = resolve_lang(lang)
    base, paths = split_base(list(args or []))
    check_output(output, force)
    active = load_rubric(rubric)
    repo = Repo.find(".")
    with progress_bar(interactive(), code) as progress:  # on stderr, for 200 profile versions or more
        scorer = Scorer(repo, active, today(), default_jobs(), progress)
        try:
            before, after = diff_sides(repo, paths, base, to, scorer)
            changes = compare(before.results, after.results)
            # the line of account.id in each changed file, for annotations (read only for what changed)
            lines = {c.file: id_line(scorer.text(after, c.file)) for c in changes
                     if c.after is not None and c.status != "unchanged"} if fmt is DiffFormat.github else {}
        finally:
            scorer.close()
    view = DiffView(before, after, changes, active, code, show_all, lines,
                    color=use_color(fmt is DiffFormat.table, output), width=terminal_width(),
                    brief_invalid=brief_invalid)
    if fmt is DiffFormat.json:  # change by change: with --all, 10,000 records are never one document
        from kasales.cli.runs import output_sink
        from kasales.render.movement import write

        with output_sink(output, force) as out:
            write(view, out)
    else:
        emit(render_diff(fmt.value, view), output, force)
    downgrades = [c for c in changes if c.downgrade]
    if fmt is DiffFormat.json or fmt is DiffFormat.github:  # the payload has them; people read stderr
        for rev, problem in view.problems():
            stderr_line(view.problem_line(rev, problem))
    if fail_on_downgrade:
        for change in downgrades:
            stderr_line(f"{change.file}: {say('downgrade', code, id=change.id, reason=_why(change, view))}")
    groups = view.groups()
    tail = say("summary_gate_downgrade", code, n=len(downgrades)) if fail_on_downgrade and downgrades else ""
    status(say("summary_diff", code, changed=sum(map(len, groups.values())), up=len(groups["up"]),
               down=len(groups["down"]), added=len(groups["added"]), removed=len(groups["removed"]),
               unchanged=len(view.unchanged()), errors=len({(r, p.path) for r, p in view.problems()})) + tail)
    gate = fail_on_downgrade and bool(downgrades)
    raise typer.Exit(EXIT_INVALID if after.problems else EXIT_GATE if gate else EXIT_OK)


def _why(change: Change, view: DiffView) -> str:
    """Why a change is a downgrade: moved down (verdict and score) and/or the high flags it gained."""
    from kasales.render.movement import score_text

    reasons = []
    if change.moved == "down" and change.before and change.after:
        before, after = (f"{view.verdict(s)} {score_text(s.score)}" for s in (change.before, change.after))
        reasons.append(say("moved_down", view.lang, before=before, after=after))
    reasons += [say("high_flag", view.lang, flag=view.flag_text(f)) for f in change.flags_added
                if f.severity == "high"]
    return "; ".join(reasons)
