"""`kasales config`: the effective configuration, and where each value comes from."""

from __future__ import annotations

import enum
import json
import os
from typing import Annotated, Any

import typer

from kasales.cli import settings
from kasales.cli.common import EXIT_OK, LangOption, emit, resolve_lang, say


class ConfigFormat(enum.StrEnum):
    """Output formats of `kasales config`."""

    table = "table"
    json = "json"


def config(
    fmt: Annotated[ConfigFormat, typer.Option("--format", "-f", case_sensitive=False,
                                              help="table: one line per key; json: a document.")]
    = ConfigFormat.table,
    lang: LangOption = None,
) -> None:
    """Show the effective configuration: each key's value and where it comes from (a flag, the environment,
    the configuration file with its line, or the default). Exit 2 when the configuration file is invalid.
    """
    from kasales.core.config import GATE_KEYS
    from kasales.render import FORMATS

    code = resolve_lang(lang)
    loaded = settings.configuration()
    rows: list[tuple[str, Any, str]] = []

    def configured(key: str) -> bool:
        return loaded is not None and key in loaded.config.model_fields_set

    def where(key: str) -> str:
        return loaded.where(key) if loaded is not None else ""

    file_source = "--no-config" if settings.current().no_config else \
        "--config" if settings.current().config is not None else say("config_source_search", code)
    rows.append(("file", str(loaded.path) if loaded is not None else None, file_source))
    if configured("rubric"):
        rows.append(("rubric", str(loaded.rubric_path()) if loaded else None, where("rubric")))
    else:
        rows.append(("rubric", None, say("config_source_builtin", code)))
    for key in ("exclude", "respect_gitignore"):
        value = getattr(loaded.config, key) if loaded is not None else (
            [] if key == "exclude" else True)
        rows.append((key, value, where(key) if configured(key) else say("config_source_default", code)))
    rows.append(("lang", code, _lang_source(lang, configured("lang"), where("lang"), code)))
    value, source = settings.chosen_format(None, list(FORMATS))
    if source.startswith("auto"):  # "auto" or "auto ($GITHUB_ACTIONS=true)"
        source = say("config_source_auto", code, detail=source.removeprefix("auto"))
    rows.append(("format", value, source))
    rubric = settings.load_rubric(None)
    stale_source = where("stale_after_days") if configured("stale_after_days") else \
        say("config_source_rubric", code)
    rows.append(("stale_after_days", rubric.stale_after_days, stale_source))
    for key in GATE_KEYS:
        rows.append((key, settings.gate(key, None),
                     where(key) if configured(key) else say("config_source_default", code)))
    if fmt is ConfigFormat.json:
        document = {key: {"value": value, "source": source} for key, value, source in rows}
        emit(json.dumps(document, ensure_ascii=False, indent=2), None, False)
    else:
        width = max(len(key) for key, _, _ in rows)
        lines = [f"{key:<{width}}  {_shown(value, code)}  ({source})" for key, value, source in rows]
        emit("\n".join(lines), None, False)
    raise typer.Exit(EXIT_OK)


def _lang_source(flag: object, configured: bool, where: str, code: str) -> str:
    if flag is not None:
        return "--lang"
    if os.environ.get(settings.LANG_ENV, "").strip().lower() in ("en", "zh"):
        return f"${settings.LANG_ENV}"
    if configured:
        return where
    return say("config_source_locale", code)


def _shown(value: Any, code: str) -> str:
    if value is None:
        return say("config_unset", code)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(value) if value else "[]"
    return str(value)
