"""`kasales diff --format github`: `::notice` for an account that moved up, `::warning` for one that moved
down or gained a high flag, at the account's file and line; then a plain line per change for the log."""

from __future__ import annotations

from kasales.render.common import QUALIFY_WORDS
from kasales.render.github import annotation, group
from kasales.render.movement import WORDS, DiffView, arrow, score_text
from kasales.render.safe_text import safe_line
from kasales.text.messages import words


def render(view: DiffView) -> str:
    """Annotations first (errors of the head side as `::error`), then one log line per change and problem."""
    lang = view.lang
    lines = []
    for problem in view.head.problems:
        lines.append(annotation("error", problem.path, words(problem.message, lang), problem.line, problem.column,
                                QUALIFY_WORDS("invalid_profile", lang)))
    shown = [c for c in view.changes if view.show_all or c.status != "unchanged"]
    for change in shown:
        if change.before is None or change.after is None:
            continue
        line = view.lines.get(change.file, 1)
        text = (f"{change.name} ({change.id}): {arrow(view.verdict(change.before), view.verdict(change.after))}, "
                f"{WORDS('score', lang)} {arrow(score_text(change.before.score), score_text(change.after.score))}")
        if change.moved == "up":
            lines.append(annotation("notice", change.file, text, line, title=WORDS("moved_up_title", lang)))
        elif change.moved == "down":
            lines.append(annotation("warning", change.file, text, line, title=WORDS("moved_down_title", lang)))
        for flag in (f for f in change.flags_added if f.severity == "high"):
            lines.append(annotation("warning", change.file, f"{change.id}: {view.flag_text(flag)}", line,
                                    title=WORDS("high_flag_title", lang)))
    for change in shown:
        snaps = [s for s in (change.before, change.after) if s is not None]
        verdicts = arrow(*(s.verdict for s in snaps)) if len(snaps) == 2 else snaps[0].verdict
        scores = arrow(*(score_text(s.score) for s in snaps)) if len(snaps) == 2 else score_text(snaps[0].score)
        lines.append(group(f"{change.file}: {change.id} {change.status}"))  # one fold per account
        # plain lines: user text on one line, never a workflow command (only the annotations above are)
        lines.append(safe_line(f"{change.file}: {change.id} status={change.status} moved={change.moved or '-'} "
                               f"verdict={verdicts} score={scores}"))
        lines.extend(safe_line(f"{change.file}: [{f.severity}] + {view.flag_text(f)}") for f in change.flags_added)
        lines.extend(safe_line(f"{change.file}: [{f.severity}] - {view.flag_text(f)}") for f in change.flags_cleared)
        lines.append("::endgroup::")
    lines.extend(safe_line(view.problem_line(rev, p)) for rev, p in view.problems())
    return "\n".join(lines) + "\n" if lines else ""
