"""New profiles from the packaged templates (`kasales init`, `kasales import`): nothing in them is made up."""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from kasales.core.edits import Assignment
from kasales.io.edit import Outcome, edited, from_text, plan
from kasales.io.modeline import with_modeline


def template_text(language: str) -> str:
    """The commented profile template written in ``language`` (en or zh): a file the user keeps, not a message."""
    name = "zh" if language == "zh" else "en"
    return resources.files("kasales").joinpath(f"templates/profile.{name}.yaml").read_text(encoding="utf-8")


def new_profile(path: str, assignments: Sequence[Assignment], language: str = "en") -> Outcome:
    """The template with ``assignments`` made (id, updated, name, ...), validated as any profile.

    Raise EditError for an assignment that names no field, KasalesError when a value is invalid.
    """
    doc = from_text(with_modeline(template_text(language), Path(path)), path)
    return edited(doc, plan(doc, assignments))
