"""A text in both languages: the unit of every label and sentence in the rubric and checklists."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Text(BaseModel):
    """One text in English and Chinese."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    en: str
    zh: str

    def get(self, lang: str) -> str:
        """The text in ``lang`` (English for any other language)."""
        return self.zh if lang == "zh" else self.en
