"""What `set`, `review` and `import` share: assignments to edits, one checked write, the verdict line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kasales.text import messages

if TYPE_CHECKING:
    from kasales.core.edits import Edit
    from kasales.core.results import Result
    from kasales.core.rubric import Rubric
    from kasales.io.edit import Document


@dataclass
class Change:
    """One file's edit, decided but not yet written: the new text, or why it cannot be made."""

    path: str
    text: str = ""
    data: bytes = b""
    changed: bool = False
    before: Result | None = None
    after: Result | None = None
    problems: list[str] = field(default_factory=list)  # finished lines, already in the user's language
    original: bytes = b""  # the file's bytes when it was read


def edit_message(err: Exception, lang: str) -> str:
    """An EditError's sentence in ``lang``."""
    params: dict[str, Any] = dict(getattr(err, "params", {}))
    if "guess" in params:
        guess = params.pop("guess")
        params["hint"] = messages.msg("did_you_mean", lang, guess=guess) if guess else ""
    return messages.msg(getattr(err, "key", "invalid"), lang, **params)


def date_edit(today: dt.date) -> Edit:
    """`account.updated = today`: an edited profile has just been reviewed."""
    from kasales.core.edits import Edit

    return Edit(("account",), "updated", today, label="account.updated")


def prepare(doc: Document, changes: Sequence[Edit], today: dt.date, rubric: Rubric, lang: str,
            stamp: bool = True) -> Change:
    """The checked new text of ``doc`` with ``changes``, and ``today`` as `account.updated` when it changed.

    ``stamp=False`` (--keep-date) leaves `account.updated` alone; results are scored as of ``today``.
    """
    from kasales.core.errors import KasalesError
    from kasales.core.scoring import qualify
    from kasales.io.edit import edited, from_text
    from kasales.io.loader import parse_profile

    change = Change(doc.path, original=doc.encoded(doc.text))
    try:
        original = parse_profile(doc.text, doc.path)
        change.before = qualify(original, doc.path, rubric, today)
    except KasalesError as err:
        original_problems = err.problems
    else:
        original_problems = []
    fresh = from_text(doc.text, doc.path, doc.bom)
    fresh.crlf = doc.crlf
    try:
        outcome = edited(fresh, changes)
        if outcome.changed and stamp and not any(e.loc == ("account", "updated") for e in changes):
            fresh = from_text(doc.text, doc.path, doc.bom)
            fresh.crlf = doc.crlf
            outcome = edited(fresh, [*changes, date_edit(today)])
    except KasalesError as err:
        change.problems = _attribute(err.problems, original_problems, changes, lang)
        return change
    change.text, change.changed = outcome.text, outcome.changed
    change.data = fresh.encoded(outcome.text)
    change.after = qualify(outcome.profile, doc.path, rubric, today)
    return change


def _attribute(problems: Sequence[Any], original: Sequence[Any], changes: Sequence[Edit], lang: str) -> list[str]:
    """Problems of the edited text as lines: the file's own old ones at their place, new ones by field."""
    old = {p.message for p in original}
    lines = [messages.problem_line(p, lang) for p in original]
    labels = ", ".join(dict.fromkeys(e.label for e in changes if e.label)) or "-"
    for problem in problems:
        if problem.message not in old:
            lines.append(f"{problem.path}: " + messages.msg("edit_rejected", lang, path=labels,
                                                           message=messages.words(problem.message, lang)))
    return lines


def brief(result: Result | None, rubric: Rubric, lang: str) -> str:
    """`develop (MAN Ma?N, score ≥ 62.5 · medium risk, 2 to assess)`: a verdict on one line, as SPEC §4 words it."""
    if result is None:
        return messages.msg("verdict_invalid", lang)
    # upper-case where present; an unverified dimension is marked, never read as "no" (SPEC §3)
    code = "".join(d.key[0].upper() if d.present else d.key[0] + ("?" if d.unverified else "")
                   for d in result.man.dimensions)
    verdict = _label(rubric, "verdict", result.verdict, lang)
    risk = result.risk
    if risk.score is None:
        return messages.msg("verdict_brief_unscored", lang, verdict=verdict, code=code)
    unassessed = len(risk.unassessed)
    score = ("≥ " if unassessed else "") + f"{risk.score:.1f}"  # unscored factors count as 1: a floor
    tail = messages.msg("verdict_to_assess", lang, count=unassessed) if unassessed else ""
    return messages.msg("verdict_brief", lang, verdict=verdict, code=code, score=score,
                        level=_label(rubric, "level", risk.level, lang), tail=tail)


def _label(rubric: Rubric, section: str, key: str, lang: str) -> str:
    try:
        return rubric.label(section, key, lang)
    except KeyError:  # a verdict or level this rubric has no words for yet
        return key


def verdict_line(change: Change, rubric: Rubric, lang: str) -> str:
    """`acme.yaml: develop (...) → pursue (...)`."""
    return messages.msg("edit_verdict", lang, file=change.path, before=brief(change.before, rubric, lang),
                        after=brief(change.after, rubric, lang))


def write(change: Change, lang: str) -> None:
    """Replace the file atomically with the change's bytes; raise KasalesError if it changed since it was read."""
    from kasales.core.errors import KasalesError, Msg, Problem
    from kasales.io.writes import write_atomic

    if Path(change.path).read_bytes() != change.original:  # someone saved it meanwhile: theirs wins
        raise KasalesError([Problem(change.path, 1, 1, Msg("edit_changed_meanwhile"))])
    write_atomic(Path(change.path), change.data, force=True)


def print_lines(lines: Sequence[str]) -> None:
    """Problem lines on stderr."""
    from kasales.cli.common import stderr_line

    for line in lines:
        stderr_line(line)
