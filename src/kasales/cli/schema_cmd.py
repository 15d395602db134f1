"""`kasales schema`: the JSON Schema of a profile, for editors and other validators."""

from __future__ import annotations

from kasales.cli.common import ForceOption, LangOption, OutputOption, emit


def schema(output: OutputOption = None, force: ForceOption = False, lang: LangOption = None) -> None:
    """Print the JSON Schema of a profile, for editors (`# yaml-language-server: $schema=...`)."""
    import json

    from kasales.core.schema import profile_schema

    emit(json.dumps(profile_schema(), ensure_ascii=False, indent=2) + "\n", output, force)
