"""`kasales rubric`: the rubric in force, so a team sees the weights, thresholds and texts behind every result."""

from __future__ import annotations

import enum
from typing import Annotated

import typer

from kasales.cli.common import LangOption, RubricOption, emit, resolve_lang


class RubricFormat(enum.StrEnum):
    """yaml: the whole rubric; table and json: every text with its source (SPEC §13)."""

    yaml = "yaml"
    table = "table"
    json = "json"


def rubric(
    rubric: RubricOption = None,
    fmt: Annotated[RubricFormat, typer.Option(
        "--format", "-f", help="yaml: the whole rubric; table or json: every text with where it comes from "
        "(a course section, or kasales's own completion).")] = RubricFormat.yaml,
    lang: LangOption = None,
) -> None:
    """Print the active rubric (built in, or --rubric FILE merged over it): as YAML, or its texts and sources."""
    from kasales.cli.settings import load_rubric

    active = load_rubric(rubric)
    if fmt is RubricFormat.table:
        from kasales.cli.common import terminal_width
        from kasales.render.rubric_texts import render_table

        emit(render_table(active, resolve_lang(lang), terminal_width()), None, False)
        return
    if fmt is RubricFormat.json:
        from kasales.render.rubric_texts import render_json

        emit(render_json(active), None, False)
        return
    import io

    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    buffer = io.StringIO()
    yaml.dump(active.model_dump(mode="json", exclude_none=True), buffer)
    emit(buffer.getvalue(), None, False)
