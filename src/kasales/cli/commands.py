"""The commands: each parses options, calls the core, renders, and picks the exit code."""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kasales.cli.changed import ChangedSinceOption, changed_paths
from kasales.cli.common import (
    EXIT_GATE,
    EXIT_INVALID,
    EXIT_OK,
    ForceOption,
    Lang,
    LangOption,
    OutputOption,
    PathsArg,
    PersonalOption,
    RubricOption,
    check_output,
    emit,
    fail,
    load_rubric_or_fail,
    print_problems,
    require_profiles,
    resolve_lang,
    status,
    terminal_width,
    use_color,
)
from kasales.render import OutputFormat
from kasales.text import messages

if TYPE_CHECKING:  # importing these at run time would pull pydantic into `kasales --version`
    from kasales.core.rubric import Rubric
    from kasales.io.batch import Batch, Check


class ValidateFormat(enum.StrEnum):
    """Output formats of `kasales validate`: it reports problems, so only the formats that show problems."""

    table = "table"
    json = "json"
    github = "github"


def _batch(paths: list[Path], rubric: Rubric, lang: str, check: Check | None = None) -> Batch:
    """Score every profile under ``paths``; a missing path, or no profile at all, exits 2."""
    from kasales.core.errors import UsageError
    from kasales.io.batch import run_batch
    from kasales.io.parallel import default_jobs

    try:
        batch = run_batch(paths, rubric, lang, jobs=default_jobs(), check=check)
    except UsageError as err:
        fail(err.problems)
    require_profiles(batch.files, paths, lang)
    return batch


def _stream_json(paths: list[Path], rubric: Rubric, lang: str, check: Check | None,
                 include_personal: bool) -> Batch:
    """`--format json` to stdout record by record (built in the workers): memory stays flat for any folder."""
    from functools import partial

    from kasales.core.errors import UsageError
    from kasales.io.batch import stream_batch
    from kasales.io.parallel import default_jobs
    from kasales.render import json_format

    pretty = sys.stdout.isatty()  # indented for a person; one account per line for files and pipes
    finish = partial(json_format.record_text, rubric=rubric, lang=lang, include_personal=include_personal,
                     pretty=pretty)
    try:
        batch, records = stream_batch(paths, rubric, lang, jobs=default_jobs(), check=check, finish=finish)
    except UsageError as err:
        fail(err.problems)
    require_profiles(batch.files, paths, lang)  # files are known before the first record is written
    json_format.write(records, batch, sys.stdout, pretty)
    sys.stdout.flush()
    return batch


def _validate_payload(fmt: ValidateFormat, batch: Batch, lang: str) -> str:
    """What `validate` prints on stdout: problem lines, the JSON document, or GitHub annotations and lines."""
    import json

    if fmt is ValidateFormat.json:
        doc = {"valid": [r.file for r in batch.results], "errors": [p.as_record() for p in batch.problems],
               "summary": {"files": batch.files, "valid": len(batch.results), "invalid": batch.rejected}}
        return json.dumps(doc, ensure_ascii=False, indent=2)
    lines = [str(problem) for problem in batch.problems]
    if fmt is ValidateFormat.github:
        from kasales.render.common import QUALIFY_WORDS
        from kasales.render.github import annotation

        title = QUALIFY_WORDS("invalid_profile", lang)  # the same title `qualify --format github` gives
        notes = [annotation("error", p.path, p.message, p.line, p.column, title) for p in batch.problems]
        lines = notes + lines  # annotations for the workflow UI, plain lines so the log reads well too
    return "".join(f"{line}\n" for line in lines)


def validate(
    paths: PathsArg,
    fmt: Annotated[ValidateFormat, typer.Option(
        "--format", "-f", help="table: one path:line:column line per problem; json: a document; "
        "github: workflow annotations, then the lines.")] = ValidateFormat.table,
    changed_since: ChangedSinceOption = None,
    lang: LangOption = None,
) -> None:
    """Check profiles: exit 0 when all are valid, 2 when any is not (or none is found); problems go to stdout."""
    from kasales.io.rubrics import default_rubric

    code = resolve_lang(lang)
    if changed_since is not None:
        from kasales.io.batch import Batch

        empty = _validate_payload(fmt, Batch(), code) if fmt is ValidateFormat.json else ""
        paths = changed_paths(paths, changed_since, code, empty)
    batch = _batch(paths, default_rubric(), code)
    emit(_validate_payload(fmt, batch, code), None, False, code)
    if fmt is ValidateFormat.json:  # the document holds them too; people read stderr
        print_problems(batch.problems)
    status(messages.msg("summary_valid", code, files=batch.files, valid=len(batch.results), invalid=batch.rejected))
    raise typer.Exit(EXIT_INVALID if batch.problems else EXIT_OK)


def qualify(
    paths: PathsArg,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = OutputFormat.table,
    output: OutputOption = None,
    force: ForceOption = False,
    details: Annotated[bool, typer.Option("--details", help="With several files: each account's full view too.")]
    = False,
    fail_on: Annotated[str | None, typer.Option("--fail-on", metavar="VERDICT[,VERDICT]",
                                                help="Exit 1 when any account gets one of these verdicts.")] = None,
    fail_on_risk: Annotated[str | None, typer.Option("--fail-on-risk", metavar="LEVEL",
                                                     help="Exit 1 when any account's risk is LEVEL or worse.")] = None,
    min_score: Annotated[float | None, typer.Option("--min-score", metavar="N", min=0, max=100,
                                                    help="Exit 1 when any account's risk score is below N.")] = None,
    rubric: RubricOption = None,
    include_personal: PersonalOption = False,
    changed_since: ChangedSinceOption = None,
    lang: LangOption = None,
) -> None:
    """Score accounts: MAN, risk, intel, buying center, flags, strategies and verdict.

    Exit codes: 0 clean; 1 a gate (--fail-on, --fail-on-risk, --min-score) tripped; 2 an invalid file or usage,
    or no profile under PATH (every valid file is still scored and printed).
    """
    from functools import partial

    from kasales.core.gates import LEVELS, Gates, parse_verdicts
    from kasales.render import View, render

    code = resolve_lang(lang)
    try:
        verdicts = parse_verdicts(fail_on)
    except ValueError as err:
        raise typer.BadParameter(str(err), param_hint="--fail-on") from None
    if fail_on_risk is not None and fail_on_risk not in LEVELS:
        raise typer.BadParameter(f"choose from {', '.join(LEVELS)}", param_hint="--fail-on-risk")
    gates = Gates(verdicts, fail_on_risk, min_score)
    check_output(output, force, code)  # before scoring: 20,000 files must not be scored for "already exists"
    active = load_rubric_or_fail(rubric, code)
    if changed_since is not None:
        paths = changed_paths(paths, changed_since, code, _empty_qualify(fmt.value))
    if fmt.value == "json" and output is None:
        batch = _stream_json(paths, active, code, partial(gates.check, lang=code), include_personal)
    else:
        batch = _batch(paths, active, code, check=partial(gates.check, lang=code))
        view = View(batch, active, code, include_personal, details, batch.gate_failures,
                    color=use_color(fmt.value == "table", output), width=terminal_width())
        emit(render(fmt.value, view), output, force, code)
    tripped = batch.gate_failures
    if fmt.value != "github":  # the github payload already carries every problem
        print_problems(batch.problems)
    for file, reasons in tripped.items():
        for reason in reasons:
            sys.stderr.write(f"{file}: {messages.msg('gate_failed', code, reason=reason)}\n")
    tail = messages.msg("summary_gate_tail", code, failed=len(tripped)) if tripped else ""
    status(messages.msg("summary_scored", code, files=batch.files, scored=batch.scored, rejected=batch.rejected)
           + tail)
    raise typer.Exit(EXIT_INVALID if batch.problems else EXIT_GATE if tripped else EXIT_OK)


def _empty_qualify(fmt: str) -> str:
    """What `qualify --changed-since` prints when nothing changed: an empty JSON document, a CSV header, or nothing."""
    import json

    if fmt == "json":
        from kasales.render.records import payload

        return json.dumps(payload([], []), ensure_ascii=False, indent=2)
    if fmt == "csv":
        from kasales.render.csv_format import COLUMNS

        return ",".join(COLUMNS)
    return ""


def schema(output: OutputOption = None, force: ForceOption = False, lang: LangOption = None) -> None:
    """Print the JSON Schema of a profile, for editors (`# yaml-language-server: $schema=...`)."""
    import json

    from kasales.core.schema import profile_schema

    emit(json.dumps(profile_schema(), ensure_ascii=False, indent=2) + "\n", output, force, resolve_lang(lang))


def rubric(rubric: RubricOption = None, lang: LangOption = None) -> None:
    """Print the active rubric (the built-in one, or --rubric FILE merged over it) as YAML."""
    import io

    from ruamel.yaml import YAML

    code = resolve_lang(lang)
    active = load_rubric_or_fail(rubric, code)
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    buffer = io.StringIO()
    yaml.dump(active.model_dump(mode="json", exclude_none=True), buffer)
    emit(buffer.getvalue(), None, False, code)


__all__ = ["EXIT_GATE", "Lang", "ValidateFormat", "qualify", "rubric", "schema", "validate"]
