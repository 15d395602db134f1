"""A text in both languages: the unit of every label and sentence in the rubric and checklists."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, field_validator

KASALES = "kasales"  # the source of a text that is the tool's own completion, not the course's (SPEC §13)
_SECTION = re.compile(r"\d+(\.\d+)*")  # a course section: "3.1", "2.8", "3.3.2"


class Text(BaseModel):
    """One text in English and Chinese, and where it comes from (SPEC §13)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    en: str
    zh: str
    # a course section ("3.1"), "kasales" for the tool's own completion, or None: a user's rubric wrote it
    source: str | None = None

    @field_validator("source")
    @classmethod
    def _source(cls, value: str | None) -> str | None:
        if value is not None and value != KASALES and not _SECTION.fullmatch(value):
            raise ValueError(f"source must be a course section like \"3.1\" or \"{KASALES}\" (found {value!r})")
        return value

    @property
    def from_course(self) -> bool:
        """True when the text is the course's own wording (a course section is its source)."""
        return self.source is not None and self.source != KASALES

    def get(self, lang: str) -> str:
        """The text in ``lang`` (English for any other language)."""
        return self.zh if lang == "zh" else self.en
