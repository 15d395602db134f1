"""The shape of a kasales configuration (`.kasales.yaml`, or `[tool.kasales]` in pyproject.toml)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from kasales.core.errors import MsgError
from kasales.core.gates import LEVELS, parse_verdicts

# The default gates a configuration may set, each named like its flag (`fail_on` <-> `--fail-on`). A new
# gate is one field below plus one entry here; `kasales config` and the commands read the keys from here.
GATE_KEYS = ("fail_on", "fail_on_risk", "min_score", "fail_on_overdue")

# Every key, in the order `kasales config` shows them.
KEYS = ("rubric", "exclude", "respect_gitignore", "lang", "format", "stale_after_days", *GATE_KEYS)


class Config(BaseModel):
    """What a configuration file may set; a key it leaves out falls back to the environment or the default."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rubric: str | None = None  # relative to the configuration file's folder
    exclude: list[str] = Field(default_factory=list)  # gitignore-style, relative to the configuration's folder
    respect_gitignore: bool = True
    lang: Literal["en", "zh"] | None = None
    format: str | None = None  # checked against the commands' formats at the edge, where they are known
    stale_after_days: Annotated[int, Field(ge=0)] | None = None
    fail_on: str | None = None  # verdicts, comma-separated (a YAML list is accepted and joined)
    fail_on_risk: str | None = None
    min_score: Annotated[float, Field(ge=0, le=100)] | None = None
    fail_on_overdue: Annotated[int, Field(ge=0)] | None = None  # days a payment milestone may be overdue (SPEC §12)

    @field_validator("fail_on", mode="before")
    @classmethod
    def _verdicts(cls, value: object) -> object:
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            value = ",".join(value)
        if isinstance(value, str):
            parse_verdicts(value)  # MsgError: an empty list or an unknown verdict, in the user's language
        return value

    @field_validator("fail_on_risk")
    @classmethod
    def _level(cls, value: str | None) -> str | None:
        if value is not None and value not in LEVELS:
            raise MsgError("bad_level", found=value, choices=", ".join(LEVELS))
        return value

    @field_validator("format")
    @classmethod
    def _format(cls, value: str | None) -> str | None:
        return value.strip().lower() if value is not None else None

    @field_validator("exclude")
    @classmethod
    def _patterns(cls, value: list[str]) -> list[str]:
        if any(not pattern.strip() for pattern in value):
            raise MsgError("config_empty_pattern")
        return value
