"""`kasales qualify`: score accounts and say where each stands, why, and what to do next."""

from __future__ import annotations

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
    NoBomOption,
    NoCacheOption,
    OutputOption,
    PathsArg,
    PersonalOption,
    RubricOption,
    check_output,
    format_metavar,
    format_parser,
    print_problems,
    resolve_lang,
    result_cache,
    say,
    status,
    stderr_line,
)
from kasales.cli.runs import stream_format, stream_json
from kasales.render import FORMATS, OutputFormat


def qualify(
    paths: PathsArg,
    fmt: Annotated[str | None, typer.Option(
        "--format", "-f", metavar=format_metavar(FORMATS), parser=format_parser(FORMATS), show_default=False,
        help="Output format [default: $KASALES_FORMAT, else the configuration's format, else auto: "
        "github under GitHub Actions, table otherwise].")] = None,
    output: OutputOption = None,
    force: ForceOption = False,
    details: Annotated[bool, typer.Option("--details", help="With several files: each account's full view too.")]
    = False,
    fail_on: Annotated[str | None, typer.Option("--fail-on", metavar="VERDICT[,VERDICT]",
                                                help="Exit 1 when any account gets one of these verdicts.")] = None,
    fail_on_risk: Annotated[str | None, typer.Option("--fail-on-risk", metavar="LEVEL",
                                                     help="Exit 1 when any account's risk is LEVEL or worse.")] = None,
    fail_on_overdue: Annotated[int | None, typer.Option(
        "--fail-on-overdue", metavar="DAYS", min=0,
        help="Exit 1 when a payment milestone is overdue longer than DAYS (won deals).")] = None,
    min_score: Annotated[float | None, typer.Option("--min-score", metavar="N", min=0, max=100,
                                                    help="Exit 1 when any account's score is below N (or has none).")]
    = None,
    rubric: RubricOption = None,
    include_personal: PersonalOption = False,
    changed_since: ChangedSinceOption = None,
    no_cache: NoCacheOption = False,
    cache_dir: CacheDirOption = None,
    no_bom: NoBomOption = False,
    lang: LangOption = None,
) -> None:
    """Score accounts: MAN, risk, intel, buying center, flags, strategies and verdict.

    Exit codes: 0 clean; 1 a gate (--fail-on, --fail-on-risk, --min-score, --fail-on-overdue) tripped; 2 an
    invalid file or usage, or no profile under PATH (every valid file is still scored and printed).
    """
    from kasales.cli.settings import gate, load_rubric, output_format
    from kasales.text.messages import words

    code = resolve_lang(lang)
    fmt = OutputFormat(output_format(fmt, list(FORMATS)))
    gates = _gates(gate("fail_on", fail_on), gate("fail_on_risk", fail_on_risk), gate("min_score", min_score), code,
                   gate("fail_on_overdue", fail_on_overdue))
    check_output(output, force)  # before scoring: 20,000 files must not be scored for "already exists"
    active = load_rubric(rubric)
    if changed_since is not None:
        paths = changed_paths(paths, changed_since, code, _empty_qualify(fmt.value, code, no_bom))
    cache = result_cache(cache_dir, no_cache)
    if fmt.value == "json":
        batch = stream_json(paths, active, code, gates.check, include_personal, cache, output, force)
    else:
        batch = stream_format(paths, fmt.value, active, code, gates.check, include_personal, details, output, force,
                              bom=not no_bom, cache=cache)
    tripped = batch.gate_failures
    # the github payload already carries every problem; concise points at `kasales validate` (one line per file)
    if fmt.value not in ("github", "concise"):
        print_problems(batch.problems, code)
    for file, reasons in tripped.items() if fmt.value != "concise" else ():  # concise has a line per gate
        for reason in reasons:
            stderr_line(f"{file}: {say('gate_failed', code, reason=words(reason, code))}")
    tail = say("summary_gate_tail", code, failed=len(tripped)) if tripped else ""
    status(say("summary_scored", code, files=batch.files, scored=batch.scored, rejected=batch.rejected) + tail)
    raise typer.Exit(EXIT_INVALID if batch.problems else EXIT_GATE if tripped else EXIT_OK)


def _gates(fail_on: str | None, fail_on_risk: str | None, min_score: float | None, lang: str,
           fail_on_overdue: int | None = None):
    """The user's gates; a bad value is a usage error in the user's language."""
    from kasales.core.errors import MsgError
    from kasales.core.gates import LEVELS, Gates, parse_verdicts
    from kasales.text.messages import words

    try:
        verdicts = parse_verdicts(fail_on)
    except MsgError as err:
        raise typer.BadParameter(words(err.msg, lang), param_hint="--fail-on") from None
    if fail_on_risk is not None and fail_on_risk not in LEVELS:
        raise typer.BadParameter(say("bad_level", lang, found=fail_on_risk, choices=", ".join(LEVELS)),
                                 param_hint="--fail-on-risk")
    return Gates(verdicts, fail_on_risk, min_score, fail_on_overdue)


def _empty_qualify(fmt: str, lang: str, no_bom: bool = False) -> str:
    """What `qualify --changed-since` prints when nothing changed: an empty JSON document, a CSV header, or nothing."""
    import json

    if fmt == "json":
        from kasales.render.records import payload

        return json.dumps(payload([], [], lang), ensure_ascii=False, indent=2)
    if fmt == "csv":
        from kasales.render.csv_format import BOM, COLUMNS

        return ("" if no_bom else BOM) + ",".join(COLUMNS)
    return ""
