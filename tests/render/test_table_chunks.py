"""The summary table printed in chunks is the table Rich prints whole: same lines, colours and widths."""

from __future__ import annotations

import io

import pytest
from conftest import PROFILES, TODAY

from kasales.core.gates import Gates
from kasales.io.batch import run_batch
from kasales.io.rubrics import default_rubric
from kasales.render import View, table
from kasales.render.common import console, printed
from kasales.text.messages import words


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("color", [False, True])
def test_chunked_summary_is_the_whole_table(lang: str, color: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    rubric = default_rubric()
    batch = run_batch([PROFILES], rubric, TODAY)
    gates = Gates(fail_on=frozenset({"disqualify"}))
    tripped = {r.file: [words(m, lang) for m in why] for r in batch.results if (why := gates.check(r))}
    assert tripped and len(batch.results) > 3
    for width in (60, 100, 200):
        view = View(batch, rubric, lang, gate_failures=tripped, color=color, width=width)
        whole = console(width, color)
        whole.print(table.summary_table(view))
        rows = [table.summary_row(r, tripped.get(r.file, []), view) for r in batch.results]
        for size in (1, 2, 3, 500):
            monkeypatch.setattr(table, "CHUNK", size)
            out = io.StringIO()
            table.print_summary(list(rows), view, out)
            assert out.getvalue() == printed(whole), (width, size)


def test_a_long_run_shows_progress_on_stderr_only(runner, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import kasales.cli.progress
    import kasales.cli.runs
    from kasales.cli.app import app

    monkeypatch.setattr(kasales.cli.runs, "interactive", lambda: True)
    monkeypatch.setattr(kasales.cli.progress, "MIN_FILES", 1)
    result = runner.invoke(app, ["qualify", str(PROFILES), "--format", "csv", "--lang", "en"])
    assert "scoring" in result.stderr
    assert "scoring" not in result.stdout and "\x1b" not in result.stdout
    checked = runner.invoke(app, ["validate", str(PROFILES), "--lang", "en"])
    assert "scoring" in checked.stderr and checked.exit_code == 0
    monkeypatch.setattr(kasales.cli.runs, "interactive", lambda: False)  # a pipe or CI: never a bar
    assert "scoring" not in runner.invoke(app, ["qualify", str(PROFILES), "--format", "csv"]).stderr
