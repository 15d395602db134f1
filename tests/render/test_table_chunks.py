"""The summary table printed in chunks is the table Rich prints whole: same lines, colours and widths."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import PROFILES, TODAY, generate_portfolio
from rich.table import Table

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


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """300 generated profiles: every verdict, long flags and next steps that wrap, both languages' names."""
    folder = tmp_path_factory.mktemp("generated")
    generate_portfolio(folder, 300, seed=5)
    return folder


def _odd(row: table.SummaryRow) -> list[table.SummaryRow]:
    """Rows whose cells test the plain layout's edges: unbroken and wide names that fold, control characters,
    a name that would start a line with a workflow command, blanks at the end of a line."""
    long_step = "verify first: " + ", ".join(["money", "authority", "need"] * 12)
    return [row._replace(name="A" * 230, id="x" * 150), row._replace(name="华东地铁集团" * 12, next_step=long_step),
            row._replace(name="::error::pwned\x1b[2J\x07", flag="##[warning]x" + " " * 90 + "y"),
            row._replace(name="trailing   ", id="id\u200b\u3000", owed="1,000.00 EUR\r", overdue=True)]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_plain_summary_is_rich_s_table(lang: str, generated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without colour each row is laid out by render/plain_rows, not Rich: the output stays Rich's, byte for byte."""
    rubric = default_rubric()
    batch = run_batch([generated, PROFILES], rubric, TODAY)
    plain = []
    laid_out = table._print_plain
    monkeypatch.setattr(table, "_print_plain", lambda *args: plain.append(laid_out(*args)) or plain[-1])
    for width in (80, 100, 133, 200, 400):
        view = View(batch, rubric, lang, width=width)
        rows = [table.summary_row(r, [], view) for r in batch.results]
        rows += _odd(rows[0])
        whole = console(width, False)
        whole.print(_whole_table(rows, view))
        out = io.StringIO()
        table.print_summary(list(rows), view, out)
        assert out.getvalue() == printed(whole), width
        assert plain[-1] is True, width  # the plain layout printed it
        assert "\n::" not in out.getvalue() and "##[" not in out.getvalue()


def _whole_table(rows: list[table.SummaryRow], view: View) -> Table:
    """summary_table's one Rich table, of given rows."""
    ordered = sorted(rows)
    whole = table._table(view, None, table._w("accounts", view.lang, n=len(ordered)), True)
    for x in ordered:
        table._add(whole, x)
    whole.caption = table._caption(ordered, view)
    return whole
