"""`kasales diff` output: the view, its records (the JSON document every format is built from), the registry."""

from __future__ import annotations

import importlib
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TextIO

from kasales.core.movement import GROUPS, Change, Snapshot, group
from kasales.render.common import Words
from kasales.render.records import explain, problem_record
from kasales.text.messages import problem_line
from kasales.text.words import word

if TYPE_CHECKING:
    from kasales.core.errors import Problem
    from kasales.core.results import Finding
    from kasales.core.rubric import Rubric
    from kasales.io.revisions import Side

# name -> module with render(view) -> str; adding a format is one module and one entry
DIFF_FORMATS: dict[str, str] = {
    "table": "kasales.render.movement_table",
    "json": "kasales.render.movement",
    "markdown": "kasales.render.movement_markdown",
    "github": "kasales.render.movement_github",
}

WORDS = Words("diff")  # the words live in kasales/text/words.py


@dataclass
class DiffView:
    """What a diff renderer needs: both sides, the changes, texts, and the user's display choices."""

    base: Side
    head: Side
    changes: list[Change]
    rubric: Rubric
    lang: str = "en"
    show_all: bool = False
    lines: dict[str, int] = field(default_factory=dict)  # file on the head side -> line of account.id
    color: bool = False
    width: int = 100
    brief_invalid: bool = False  # each invalid file named once, its problems left to `kasales validate`

    def groups(self) -> dict[str, list[Change]]:
        """The changes by review group (up, down, added, removed, other), in id order within each."""
        out: dict[str, list[Change]] = {name: [] for name in GROUPS}
        for change in self.changes:
            name = group(change)
            if name is not None:
                out[name].append(change)
        return out

    def unchanged(self) -> list[Change]:
        """Accounts the same on both sides."""
        return [c for c in self.changes if c.status == "unchanged"]

    def head_label(self) -> str:
        """The head side as a person reads it: its revision, or "working tree"."""
        return self.head.rev if self.head.rev is not None else WORDS("working_tree", self.lang)

    def verdict(self, snap: Snapshot | None) -> str:
        """A side's verdict label, or '-' when the account is absent there."""
        return self.rubric.label("verdict", snap.verdict, self.lang) if snap else "-"

    def flag_text(self, finding: Finding) -> str:
        """A flag's short sentence in the view's language."""
        return explain(finding, self.rubric, self.lang, short=True)

    def outcomes(self) -> bool:
        """Whether any account is won or lost on either side (else the outcome column is left out)."""
        return any(s is not None and s.outcome != "open" for c in self.changes for s in (c.before, c.after))

    def problems(self) -> list[tuple[str | None, Problem]]:
        """(revision or None for the working tree, problem) of both sides, base first."""
        every = [(self.base.rev, p) for p in self.base.problems] + [(self.head.rev, p) for p in self.head.problems]
        if not self.brief_invalid:
            return every
        seen: set[tuple[str | None, str]] = set()
        brief = []
        for rev, problem in every:  # each file's first problem stands for the file
            if (rev, problem.path) not in seen:
                seen.add((rev, problem.path))
                brief.append((rev, problem))
        return brief

    def problem_line(self, rev: str | None, problem: Problem) -> str:
        """``path:line:column: message``, prefixed ``REV:`` (git's blob notation) for a revision's file."""
        if self.brief_invalid:  # the pre-commit hook next to kasales-validate: that hook prints the problems
            line = f"{problem.path}:1:1: {word('qualify', 'invalid_see_validate', self.lang)}"
        else:
            line = problem_line(problem, self.lang)
        return f"{rev}:{line}" if rev is not None else line


def snapshot_record(snap: Snapshot | None) -> dict[str, Any] | None:
    """One side of a change as JSON (English keys and values, as SPEC §9)."""
    if snap is None:
        return None
    return {"file": snap.file, "verdict": snap.verdict, "man": snap.man, "score": snap.score, "level": snap.level,
            "stage": snap.stage, "outcome": snap.outcome, "intel": snap.intel}


def change_record(change: Change, view: DiffView) -> dict[str, Any]:
    """One account's change: the keys of issue 14, flags with their key, severity and sentence."""
    def flags(found: tuple[Finding, ...]) -> list[dict[str, Any]]:
        return [{"key": f.key, "severity": f.severity, "message": explain(f, view.rubric, view.lang)} for f in found]

    return {"id": change.id, "name": change.name, "file": change.file, "status": change.status,
            "moved": change.moved, "before": snapshot_record(change.before), "after": snapshot_record(change.after),
            "flags_added": flags(change.flags_added), "flags_cleared": flags(change.flags_cleared)}


def document(view: DiffView) -> dict[str, Any]:
    """The whole JSON document: base, head, changes (unchanged ones only with --all), errors, summary."""
    return {name: list(value) if name == "changes" else value for name, value in _members(view)}


def _members(view: DiffView) -> list[tuple[str, Any]]:
    """The document's members in order; the changes as a generator of records (made as they are read)."""
    groups = view.groups()
    return [
        ("base", {"rev": view.base.rev, "commit": view.base.commit}),
        ("head", {"rev": view.head.rev, "commit": view.head.commit}),  # both null: the working tree
        ("changes", (change_record(c, view) for c in view.changes if view.show_all or c.status != "unchanged")),
        ("errors", [{**problem_record(p, view.lang), "rev": rev} for rev, p in view.problems()]),
        ("summary", {**{name: len(items) for name, items in groups.items()}, "unchanged": len(view.unchanged()),
                     "downgrades": sum(c.downgrade for c in view.changes)}),
    ]


def render(view: DiffView) -> str:
    """`--format json`: the document, indented."""
    return json.dumps(document(view), ensure_ascii=False, indent=2) + "\n"


def write(view: DiffView, out: TextIO) -> None:
    """`--format json` as :func:`render` prints it, change by change (with --all, 10,000 records are never
    one document in memory)."""
    from kasales.render.json_stream import Items, write_document

    write_document(out, [(name, Items(value) if name == "changes" else value) for name, value in _members(view)])


def render_diff(name: str, view: DiffView) -> str:
    """Render ``view`` in the diff format ``name``."""
    module: Any = importlib.import_module(DIFF_FORMATS[name])
    return str(module.render(view))


def arrow(before: object, after: object) -> str:
    """``a → b``, or just ``a`` when nothing changed."""
    return str(before) if before == after else f"{before} → {after}"


def score_text(score: float | None) -> str:
    """A score as displays show it: one decimal, or '-' when nothing was assessed."""
    return "-" if score is None else f"{score:.1f}"


def _side(snap: Snapshot | None, attr: str, shown: Any) -> str | None:
    return None if snap is None else str(shown(getattr(snap, attr)))


def cells(change: Change, view: DiffView) -> list[str]:
    """verdict, MAN, score and level, stage, intel, outcome of a change, each ``before → after``."""
    rubric, lang = view.rubric, view.lang
    shows: list[tuple[str, Any]] = [
        ("verdict", lambda v: rubric.label("verdict", v, lang)),
        ("man", str),
        ("score", None),
        ("stage", lambda v: rubric.label("stage", v, lang) if v else "-"),
        ("intel", lambda v: f"{v:.0%}"),
        ("outcome", lambda v: rubric.label("outcome", v, lang)),
    ]
    out = []
    for attr, shown in shows:
        if attr == "score":
            before, after = (None if s is None else f"{score_text(s.score)} {rubric.label('level', s.level, lang)}"
                             for s in (change.before, change.after))
        else:
            before, after = _side(change.before, attr, shown), _side(change.after, attr, shown)
        out.append(after if before is None else before if after is None else arrow(before, after))
    return [str(cell) for cell in (out if view.outcomes() else out[:-1])]


def flag_lines(change: Change, view: DiffView) -> list[str]:
    """``+ flag`` for each flag raised, ``− flag`` for each cleared (short sentences)."""
    return [f"+ {view.flag_text(f)}" for f in change.flags_added] + \
        [f"− {view.flag_text(f)}" for f in change.flags_cleared]


HEADERS = ("verdict", "MAN", "score", "stage", "intel", "outcome")


def headers(view: DiffView) -> list[str]:
    """Column titles of :func:`cells` (the outcome only when a deal is won or lost), in the view's language."""
    shown = HEADERS if view.outcomes() else HEADERS[:-1]
    return [h if h == "MAN" else WORDS(h, view.lang) for h in shown]
