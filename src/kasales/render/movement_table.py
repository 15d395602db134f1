"""`kasales diff --format table`: the changes grouped as a pipeline review reads them (up, down, new, removed)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from kasales.core.movement import GROUPS
from kasales.render.common import account_cell, console, hanging, printed
from kasales.render.movement import WORDS, DiffView, cells, flag_lines, headers

GROUP_STYLE = {"up": "bold green", "down": "bold red", "added": "bold cyan", "removed": "bold magenta",
               "other": "bold", "unchanged": "dim"}


def render(view: DiffView) -> str:
    """A title, one table per non-empty group (with --all, the unchanged accounts too), the counts, problems."""
    lang = view.lang
    out = console(view.width, view.color)
    out.print(Text(WORDS("title", lang, base=view.base.rev, head=view.head_label()), style="bold"))
    groups = view.groups()
    if view.show_all:
        groups = {**groups, "unchanged": view.unchanged()}
    if not any(groups[name] for name in GROUPS):
        out.print(WORDS("nothing", lang))
    for name, changes in groups.items():
        if not changes:
            continue
        out.print()
        out.print(Text(f"{WORDS(name, lang)} ({len(changes)})", style=GROUP_STYLE[name]))
        table = Table(show_edge=False, pad_edge=False, box=None, header_style="bold")
        table.add_column(WORDS("account", lang), overflow="fold")
        for i, title in enumerate(headers(view)):
            # verdicts, codes, scores and percentages never break inside; stage and outcome labels may wrap
            table.add_column(title, no_wrap=i not in (3, 5), overflow="fold")
        notes = []
        for change in changes:
            table.add_row(account_cell(change.name, change.id), *cells(change, view))
            renamed = [WORDS("renamed", lang, file=change.before.file)] if change.renamed and change.before else []
            notes += [(change.id, line) for line in renamed + flag_lines(change, view)]
        out.print(table)
        # flags and renames under the table, one per line: a column of sentences would squeeze the figures
        for key, line in notes:
            out.print(hanging(f"{key}:", line, style="red" if line.startswith("+") else ""))
    out.print()
    counts = {name: len(items) for name, items in view.groups().items()}
    out.print(WORDS("counts", lang, unchanged=len(view.unchanged()), **counts), style="dim")
    problems = view.problems()
    if problems:
        out.print()
        out.print(Text(WORDS("errors", lang), style="bold red"))
        for rev, problem in problems:
            tail = f" {WORDS('at_base', lang, rev=rev)}" if rev is not None and rev == view.base.rev else ""
            out.print(Text(view.problem_line(rev, problem) + tail))
    return printed(out)
