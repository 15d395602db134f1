"""The streamed report (compact rows counted by core/tally.py) equals the aggregates of the whole results.

The expected figures are computed here from every Result at once, the way the report did before it
streamed, on a generated portfolio large enough for worker processes and the score x intel grid, with
won and lost deals in two currencies; the report under test is the real CLI.
"""

from __future__ import annotations

import json
import random
import statistics
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import TODAY, generate_portfolio

from kasales.cli.app import app
from kasales.core.portfolio import ATTENTION_FLAGS
from kasales.core.results import Result
from kasales.core.scales import STAGES
from kasales.core.scoring import SEVERITY_ORDER, VERDICT_ORDER
from kasales.core.tally import BINS, SCATTER_LIMIT, TopN, median
from kasales.io.batch import run_batch
from kasales.io.rubrics import default_rubric

GENERATED = SCATTER_LIMIT + 50  # above the grid's threshold, and above the batch's MIN_PARALLEL: workers run


def _closed(index: int) -> str:
    """A won deal with a contract (CNY or EUR, some milestones overdue) or a lost one, on varied dates."""
    day = f"2026-{1 + index % 9:02d}-{1 + index % 27:02d}"
    if index % 4 == 3:
        return (f"account: {{id: lost-{index:02d}, name: Lost {index}}}\noutcome: lost\noutcome_date: {day}\n"
                + ("lost_reason: price\n" if index % 8 == 3 else ""))
    currency = "EUR" if index % 3 == 0 else "CNY"
    return (f"account: {{id: won-{index:02d}, name: Won {index}}}\noutcome: won\noutcome_date: {day}\n"
            f"contract:\n  signed: {day}\n  value: {1000 + index * 37}.{index % 100:02d}\n  currency: {currency}\n"
            f"  payments:\n    - {{due: {day}, amount: {300 + index}.10}}\n"
            f"    - {{due: 2026-11-{1 + index % 27:02d}, amount: {200 + index}.05, paid: 2026-11-02}}\n")


def _pursue(index: int) -> str:
    """A qualified account (MAN, low or medium risk): pursue now, at one of a few scores and intel levels."""
    low, mid = 3 + index % 3, 3 + index % 2
    intel = "intel:\n  background: {org_structure: done}\n" if index % 3 else ""
    return (f"account: {{id: pursue-{index:02d}, name: Pursue {index}, updated: 2026-11-20}}\nstage: close\n"
            "man: {money: yes, authority: yes, need: yes}\n"
            f"evaluation: {{need_degree: {low}, need_volume: {mid}, purchasing_power: 5, decision_authority: 5,"
            " credit: 5}\nstakeholders:\n"
            "  - {name: Zhang, roles: [decision_maker, finance], attitude: supporter, influence: high, coach: true}\n"
            + intel)


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Result]]:
    """A generated portfolio plus 24 won and lost deals and 24 to pursue, and every Result of it scored at once."""
    folder = tmp_path_factory.mktemp("tally") / "accounts"
    generate_portfolio(folder, GENERATED)
    for index in range(24):
        (folder / f"closed-{index:02d}.yaml").write_text(_closed(index), "utf-8")
        (folder / f"pursue-{index:02d}.yaml").write_text(_pursue(index), "utf-8")
    return folder, run_batch([folder], default_rubric(), TODAY).results


def _score(r: Result) -> float:
    return r.risk.score if r.risk.score is not None else -1.0


def _money(source: Any) -> dict[str, Any]:
    return {"currency": source.currency, **{k: f"{Decimal(getattr(source, k)):.2f}" for k in
                                            ("contracted", "received", "outstanding", "overdue")},
            "overdue_days_max": source.overdue_days_max}


def _expected(results: list[Result], top: int) -> dict[str, Any]:
    """The report's JSON aggregates from the whole results (lists sorted in full, then cut at ``top``)."""
    cut = slice(None, top or None)
    pipeline = [r for r in results if not r.closed]
    pursue = sorted((r for r in pipeline if r.verdict == "pursue"),
                    key=lambda r: (-_score(r), -r.intel.completeness, r.account.id))
    attention = [(r, [f for f in r.flags if f.key in ATTENTION_FLAGS]) for r in results]
    attention = sorted(((r, why) for r, why in attention if why),
                       key=lambda a: (-sum(f.severity == "high" for f in a[1]), -len(a[1]),
                                      SEVERITY_ORDER[a[1][0].severity], _score(a[0]), a[0].account.id))

    def closed(outcome: str) -> list[str]:
        chosen = sorted((r for r in results if r.outcome == outcome), key=lambda r: r.account.id)
        chosen.sort(key=lambda r: r.outcome_date.toordinal() if r.outcome_date else 0, reverse=True)
        return [r.account.id for r in chosen]

    owing = sorted((r for r in results if r.receivables is not None),
                   key=lambda r: (-r.receivables.overdue_days_max, -r.receivables.overdue,
                                  -r.receivables.outstanding, r.account.id))
    totals = []
    for currency in sorted({r.receivables.currency for r in owing}):
        mine = [r.receivables for r in owing if r.receivables.currency == currency]
        totals.append({"accounts": len(mine), "currency": currency,
                       **{k: f"{sum(getattr(m, k) for m in mine):.2f}" for k in
                          ("contracted", "received", "outstanding", "overdue")},
                       "overdue_days_max": max(m.overdue_days_max for m in mine)})
    stages = []
    for stage in (*STAGES, None):
        counts = {v: sum(1 for r in pipeline if r.stage == stage and r.verdict == v) for v in VERDICT_ORDER}
        if stage is not None or any(counts.values()):
            stages.append({"stage": stage, "verdicts": counts, "total": sum(counts.values())})
    won, lost = closed("won"), closed("lost")
    return {
        "scored": len(results), "accounts": len(pipeline),
        "man": dict(Counter(r.man.code for r in pipeline)), "levels": dict(Counter(r.risk.level for r in pipeline)),
        "verdicts": dict(Counter(r.verdict for r in pipeline)), "stage_verdict": stages,
        "roles": dict(Counter(role for r in pipeline for role in set(r.stakeholders.covered))),
        "coached": sum(1 for r in pipeline if r.stakeholders.coach),
        "mean_intel": round(sum(r.intel.completeness for r in pipeline) / len(pipeline), 4),
        "pursue_now": {"count": len(pursue), "accounts": [
            {"id": r.account.id, "name": r.account.name, "score": r.risk.score,
             "intel": round(r.intel.completeness, 2), "stage": r.stage} for r in pursue[cut]]},
        "attention": {"count": len(attention), "accounts": [
            {"id": r.account.id, "name": r.account.name, "verdict": r.verdict, "reasons": [f.key for f in why]}
            for r, why in attention[cut]]},
        "closed": {"won": won[cut], "lost": lost[cut], "won_count": len(won), "lost_count": len(lost)},
        "receivables": {"count": len(owing), "totals": totals, "accounts": [
            {"id": r.account.id, "name": r.account.name, **_money(r.receivables)} for r in owing[cut]]},
    }


def _nonzero(counts: dict[str, int]) -> dict[str, int]:
    return {k: n for k, n in counts.items() if n}


@pytest.mark.parametrize("top", [0, 7])
def test_streamed_report_json_equals_the_whole_results(runner: Any, portfolio: Any, top: int) -> None:
    folder, results = portfolio
    done = runner.invoke(app, ["report", str(folder), "-f", "json", "--top", str(top)])
    assert done.exit_code == 0, done.stderr
    got = json.loads(done.stdout)
    want = _expected(results, top)
    assert got["files"] == got["scored"] == GENERATED + 48 and got["rejected"] == 0
    for key in ("man", "levels", "verdicts", "roles"):  # the report also lists the empty cells
        assert _nonzero(got[key]) == _nonzero(want.pop(key)), key
    assert {key: got[key] for key in want} == want
    assert want["pursue_now"]["count"] > 7 and want["attention"]["count"] > 7  # the cut was really tested
    assert want["closed"]["won_count"] > 7 and len(want["receivables"]["totals"]) == 2


def test_an_invalid_file_among_many_still_exits_2_with_the_rest_reported(runner: Any, portfolio: Any,
                                                                          tmp_path: Path) -> None:
    folder, results = portfolio
    bad = folder.parent / "bad.yaml"
    bad.write_text("account: {id: broken\n", "utf-8")
    try:
        done = runner.invoke(app, ["report", str(folder.parent), "-f", "json"])
    finally:
        bad.unlink()
    assert done.exit_code == 2
    got = json.loads(done.stdout)
    assert (got["scored"], got["rejected"]) == (len(results), 1)
    assert got["errors"][0]["file"].endswith("bad.yaml")


def test_score_intel_chart_from_the_tally_equals_the_whole_results(portfolio: Any) -> None:
    from kasales.core.tally import summarize
    from kasales.render.report_charts import ChartData, score_intel_chart
    from kasales.render.report_html import UI

    _, results = portfolio
    rubric = default_rubric()
    chart = score_intel_chart(ChartData(summarize(results), rubric, "en", UI["en"]))
    scored = [r for r in results if not r.closed and r.risk.score is not None]
    assert len(scored) > SCATTER_LIMIT  # the grid of counts, not a dot per account
    cells = Counter((min(int(r.intel.completeness * BINS), BINS - 1), min(int(r.risk.score / 100 * BINS), BINS - 1))
                    for r in scored)
    assert sorted(int(m.title.rsplit(": ", 1)[1].split()[0]) for m in chart.marks) == sorted(cells.values())
    for row, verdict in zip(chart.rows, VERDICT_ORDER, strict=True):
        chosen = [r for r in scored if r.verdict == verdict]
        assert row[1:] == (str(len(chosen)),
                           f"{statistics.median([r.risk.score for r in chosen]):.0f}" if chosen else "-",
                           f"{statistics.median([r.intel.completeness * 100 for r in chosen]):.0f}" if chosen
                           else "-")


def test_top_n_keeps_the_smallest_keys_in_order() -> None:
    rng = random.Random(19)
    keys = [(rng.randint(0, 50), f"id-{i}") for i in range(3000)]
    for limit in (0, 1, 7, 100, None):
        top = TopN(limit)
        for key in keys:
            top.add(key, key[1])
        assert top.count == len(keys)
        assert list(top.items()) == [k[1] for k in sorted(keys)][:limit]


def test_median_of_counted_values_is_the_statistics_median() -> None:
    rng = random.Random(7)
    for n in (1, 2, 3, 10, 101):
        values = [rng.choice([12.5, 40.0, 62.5, 95.0, 100.0]) for _ in range(n)]
        assert median(Counter(values)) == statistics.median(values)
    assert median(Counter()) is None
