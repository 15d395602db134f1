"""`kasales diff --format markdown`: what moved, fit for a pull-request comment or $GITHUB_STEP_SUMMARY."""

from __future__ import annotations

from kasales.render.common import md_cell
from kasales.render.movement import WORDS, DiffView, cells, flag_lines, headers
from kasales.render.safe_text import guard_lines, md_code

MARK = {"up": "⬆️", "down": "⬇️", "added": "🆕", "removed": "🗑️", "other": "✏️", "unchanged": ""}


def render(view: DiffView) -> str:
    """A heading, the counts, one table per non-empty group, then the files with problems."""
    lang = view.lang
    groups = view.groups()
    counts = {name: len(items) for name, items in groups.items()}
    out = [f"## {md_cell(WORDS('title', lang, base=view.base.rev, head=view.head_label()))}", "",
           WORDS("counts", lang, unchanged=len(view.unchanged()), **counts), ""]
    if view.show_all:
        groups = {**groups, "unchanged": view.unchanged()}
    titles = [WORDS("account", lang), *headers(view), WORDS("flags", lang)]
    for name, changes in groups.items():
        if not changes:
            continue
        out += [f"### {MARK[name]} {WORDS(name, lang)} ({len(changes)})".replace("###  ", "### "), "",
                "| " + " | ".join(titles) + " |", "|" + "---|" * len(titles)]
        for change in changes:
            account = f"{md_cell(change.name)} ({md_code(change.id)})"
            if change.renamed and change.before:
                account += f"<br>{md_cell(WORDS('renamed', lang, file=change.before.file))}"
            flags = "<br>".join(md_cell(line) for line in flag_lines(change, view))
            out.append(f"| {account} | " + " | ".join(md_cell(c) for c in cells(change, view)) + f" | {flags} |")
        out.append("")
    if not any(groups[name] for name in groups):
        out += [WORDS("nothing", lang), ""]
    problems = view.problems()
    if problems:
        out += [f"### {WORDS('errors', lang)}", ""]
        for rev, problem in problems:
            tail = f" {WORDS('at_base', lang, rev=rev)}" if rev is not None and rev == view.base.rev else ""
            out.append(f"- {md_code(view.problem_line(rev, problem), table=False)}{md_cell(tail)}")
        out.append("")
    return guard_lines("\n".join(out))
