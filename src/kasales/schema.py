"""The JSON Schema of a profile, generated from the models (with SPEC's descriptions)."""

from __future__ import annotations

from typing import Any

from kasales.models import Profile

SCHEMA_ID = "https://kasales.invalid/schema/profile.schema.json"


def profile_schema() -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) of a profile as editors validate it.

    Editors see the English values; Chinese values (SPEC §11) are accepted by kasales itself.
    """
    schema = Profile.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "kasales account profile"
    schema["description"] = "One key account (大客户) per file; see SPEC §10. Unknown keys are errors."
    return schema
