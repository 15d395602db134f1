"""The commands: each parses options, calls the core, renders, and picks the exit code."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

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
    emit,
    fail,
    print_problems,
    resolve_lang,
    terminal_width,
    use_color,
)
from kasales.render import OutputFormat


def _rubric(path: Path | None, lang: str):  # type: ignore[no-untyped-def]
    from kasales.errors import KasalesError
    from kasales.rubric import load_rubric

    try:
        return load_rubric(path, lang)
    except KasalesError as err:
        fail(err.problems)


def _batch(paths: list[Path], rubric, lang: str, progress: bool = False, check=None):  # type: ignore[no-untyped-def]
    from kasales.batch import run_batch
    from kasales.errors import UsageError
    from kasales.parallel import default_jobs

    try:
        return run_batch(paths, rubric, lang, jobs=default_jobs(), check=check)
    except UsageError as err:
        fail(err.problems)


def _stream_json(paths: list[Path], rubric, lang: str, check, include_personal: bool):  # type: ignore[no-untyped-def]
    """`--format json` to stdout record by record (built in the workers): memory stays flat for any folder."""
    from functools import partial

    from kasales.batch import stream_batch
    from kasales.errors import UsageError
    from kasales.parallel import default_jobs
    from kasales.render import json_format

    pretty = sys.stdout.isatty()  # indented for a person; one account per line for files and pipes
    finish = partial(json_format.record_text, rubric=rubric, lang=lang, include_personal=include_personal,
                     pretty=pretty)
    try:
        batch, records = stream_batch(paths, rubric, lang, jobs=default_jobs(), check=check, finish=finish)
    except UsageError as err:
        fail(err.problems)
    json_format.write(records, batch, sys.stdout, pretty)
    sys.stdout.flush()
    return batch


def _summary(batch, lang: str) -> str:  # type: ignore[no-untyped-def]
    if lang == "zh":
        return f"kasales: 共 {batch.files} 个文件, 已评分 {batch.scored} 个, 拒绝 {batch.rejected} 个"
    return f"kasales: {batch.files} files, {batch.scored} scored, {batch.rejected} rejected"


def validate(
    paths: PathsArg,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="table (lines) or json.")] = OutputFormat.table,
    lang: LangOption = None,
) -> None:
    """Check profiles: exit 0 when all are valid, 2 when any is not; one path:line:column line per problem."""
    import json

    from kasales.rubric import default_rubric

    code = resolve_lang(lang)
    batch = _batch(paths, default_rubric(), code)
    if fmt.value == "json":
        doc = {"valid": [r.file for r in batch.results], "errors": [p.as_record() for p in batch.problems],
               "summary": {"files": batch.files, "valid": len(batch.results), "invalid": batch.rejected}}
        emit(json.dumps(doc, ensure_ascii=False, indent=2), None, False)
        print_problems(batch.problems, code)
    else:
        for problem in batch.problems:
            sys.stdout.write(f"{problem}\n")
    if code == "zh":
        sys.stderr.write(f"kasales: {batch.files} 个文件, {len(batch.results)} 个有效, {batch.rejected} 个无效\n")
    else:
        sys.stderr.write(f"kasales: {batch.files} files, {len(batch.results)} valid, {batch.rejected} invalid\n")
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
    lang: LangOption = None,
) -> None:
    """Score accounts: MAN, risk, intel, buying center, flags, strategies and verdict.

    Exit codes: 0 clean; 1 a gate (--fail-on, --fail-on-risk, --min-score) tripped; 2 an invalid file or usage
    (every valid file is still scored and printed).
    """
    from functools import partial

    from kasales.gates import LEVELS, Gates, parse_verdicts
    from kasales.render import View, render

    code = resolve_lang(lang)
    try:
        verdicts = parse_verdicts(fail_on)
    except ValueError as err:
        raise typer.BadParameter(str(err), param_hint="--fail-on") from None
    if fail_on_risk is not None and fail_on_risk not in LEVELS:
        raise typer.BadParameter(f"choose from {', '.join(LEVELS)}", param_hint="--fail-on-risk")
    gates = Gates(verdicts, fail_on_risk, min_score)
    active = _rubric(rubric, code)
    if fmt.value == "json" and output is None:
        batch = _stream_json(paths, active, code, partial(gates.check, lang=code), include_personal)
    else:
        batch = _batch(paths, active, code, check=partial(gates.check, lang=code))
        view = View(batch, active, code, include_personal, details, batch.gate_failures,
                    color=use_color(fmt.value == "table", output), width=terminal_width())
        emit(render(fmt.value, view), output, force, code)
    tripped = batch.gate_failures
    if fmt.value != "github":
        print_problems(batch.problems, code)
    gate_word = "未通过门槛" if code == "zh" else "gate failed"
    for file, reasons in tripped.items():
        for reason in reasons:
            sys.stderr.write(f"{file}: {gate_word}: {reason}\n")
    tail = (f", {len(tripped)} 个未通过门槛" if code == "zh" else f", {len(tripped)} failed a gate") if tripped else ""
    sys.stderr.write(_summary(batch, code) + tail + "\n")
    raise typer.Exit(EXIT_INVALID if batch.problems else EXIT_GATE if tripped else EXIT_OK)




def schema(output: OutputOption = None, force: ForceOption = False, lang: LangOption = None) -> None:
    """Print the JSON Schema of a profile, for editors (`# yaml-language-server: $schema=...`)."""
    import json

    from kasales.schema import profile_schema

    emit(json.dumps(profile_schema(), ensure_ascii=False, indent=2) + "\n", output, force, resolve_lang(lang))


def init(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="Where to write the new profile.", dir_okay=False)],
    force: ForceOption = False,
    lang: LangOption = None,
) -> None:
    """Write a fully commented profile template that validates as written (never overwrites without --force)."""
    from importlib import resources

    code = resolve_lang(lang)
    template = resources.files("kasales").joinpath(f"templates/profile.{code}.yaml").read_text(encoding="utf-8")
    emit(template, file, force, code)
    sys.stderr.write(f"kasales: {'已写入' if code == 'zh' else 'wrote'} {file}\n")


def rubric(rubric: RubricOption = None, lang: LangOption = None) -> None:
    """Print the active rubric (the built-in one, or --rubric FILE merged over it) as YAML."""
    import io

    from ruamel.yaml import YAML

    code = resolve_lang(lang)
    active = _rubric(rubric, code)
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    buffer = io.StringIO()
    yaml.dump(active.model_dump(mode="json", exclude_none=True), buffer)
    emit(buffer.getvalue(), None, False)


__all__ = ["EXIT_GATE", "Lang", "init", "qualify", "rubric", "schema", "validate"]
