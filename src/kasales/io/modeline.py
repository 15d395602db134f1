"""The `# yaml-language-server: $schema=...` line of a new profile, with a path that works at any depth."""

from __future__ import annotations

import os
from pathlib import Path

SCHEMA_FILE = Path("schema") / "profile.schema.json"  # where the README has `kasales schema -o` write it
PREFIX = "# yaml-language-server: $schema="


def schema_path(target: Path) -> Path:
    """The schema a profile at ``target`` points at: ``schema/profile.schema.json`` in its folder or the nearest
    parent that has one; else at the root of its repository (the nearest parent with ``.git``), where
    `kasales schema -o schema/profile.schema.json` puts it; else in the current folder."""
    folder = target.absolute().parent
    for parent in (folder, *folder.parents):
        if (parent / SCHEMA_FILE).is_file():
            return parent / SCHEMA_FILE
    for parent in (folder, *folder.parents):
        if (parent / ".git").exists():
            return parent / SCHEMA_FILE
    return Path.cwd() / SCHEMA_FILE


def modeline(target: Path) -> str:
    """``# yaml-language-server: $schema=../../schema/profile.schema.json`` for a profile at ``target``.

    yaml-language-server resolves a relative ``$schema`` from the profile's own folder, so a fixed
    ``../schema/...`` breaks one folder deeper; the path is computed from the target's depth instead.
    """
    relative = os.path.relpath(schema_path(target), target.absolute().parent)
    return PREFIX + Path(relative).as_posix()


def with_modeline(text: str, target: Path) -> str:
    """``text`` with its modeline (the template's first line) pointing at the schema from ``target``."""
    first, sep, rest = text.partition("\n")
    if not first.startswith(PREFIX):
        return text
    return modeline(target) + sep + rest
