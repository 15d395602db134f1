"""`--changed-since REV` of qualify, validate and checklist: judge only the profiles a change touched."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer

from kasales.cli.common import EXIT_OK, emit, say, status

ChangedSinceOption = Annotated[
    str | None,
    typer.Option("--changed-since", metavar="REV",
                 help="Only profiles added, modified or renamed since git revision REV (untracked ones too), "
                 "e.g. origin/main in a pull request; nothing changed is exit 0."),
]


def changed_paths(paths: Sequence[Path], rev: str, lang: str, empty: str = "") -> list[Path]:
    """The profiles under ``paths`` that differ from ``rev``; when none does, print ``empty`` and exit 0.

    Git errors (outside a repository, an unknown revision, a shallow clone lacking it) exit 2.
    """
    import os

    from kasales.core.errors import Msg, UsageError, UsageProblem
    from kasales.io.git import Repo
    from kasales.io.revisions import changed_files

    missing = [UsageProblem(str(p), 1, 1, Msg("not_found")) for p in paths if not os.path.lexists(p)]
    if missing:  # as without --changed-since: a typo in a path is not "nothing changed"
        raise UsageError(missing)
    found = changed_files(Repo.find("."), paths, rev)  # git errors: UsageError, reported as every other
    if not found:
        if empty:
            emit(empty, None, False)
        status(say("nothing_changed", lang, paths=", ".join(str(p) for p in paths), rev=rev))
        raise typer.Exit(EXIT_OK)
    return found
