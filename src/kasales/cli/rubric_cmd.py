"""`kasales rubric`: the rubric in force, so a team sees the weights, thresholds and texts behind every result."""

from __future__ import annotations

from kasales.cli.common import LangOption, RubricOption, emit


def rubric(rubric: RubricOption = None, lang: LangOption = None) -> None:
    """Print the active rubric (the built-in one, or --rubric FILE merged over it) as YAML."""
    import io

    from ruamel.yaml import YAML

    from kasales.io.rubrics import load_rubric

    active = load_rubric(rubric)
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    buffer = io.StringIO()
    yaml.dump(active.model_dump(mode="json", exclude_none=True), buffer)
    emit(buffer.getvalue(), None, False)
