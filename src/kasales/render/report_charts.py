"""The report's charts as plain geometry (marks, gridlines, labels) from aggregated data; SVG is drawn by a template.

A chart is one function from the report's data to a :class:`Chart` (or ``None`` when it has nothing to
show); ``CHARTS`` lists them in page order, so adding a chart (receivables, movement since a revision)
is one function and one entry. Every mark carries the sentence shown as its hover text (SVG ``<title>``)
and every chart a one-sentence summary and a data table: the text alternative to the picture.
"""

from __future__ import annotations

import math
import unicodedata
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kasales.core.movement import GROUPS, Change, group
from kasales.core.portfolio import Portfolio
from kasales.core.rubric import Rubric
from kasales.core.scoring import VERDICT_ORDER
from kasales.core.tally import BINS, SCATTER_LIMIT, ScoreIntel, median

if TYPE_CHECKING:
    from kasales.io.history import Trail

WIDTH = 560  # the SVG's own units; the page scales it to the card's width
FONT_SIZE = 12
ROW = 26  # height of one bar row
BAR = 16  # thickness of a bar inside its row


@dataclass(frozen=True)
class Mark:
    """One data mark: a rect (x, y, w, h) or a circle (centre x, y, radius w), with its hover text."""

    shape: str
    x: float
    y: float
    w: float
    h: float
    cls: str
    title: str
    opacity: float | None = None


@dataclass(frozen=True)
class Label:
    """Text on the chart: an axis tick, a category, a total."""

    x: float
    y: float
    text: str
    anchor: str = "start"
    cls: str = ""


@dataclass(frozen=True)
class Rule:
    """A line that is not data: a gridline, an axis, a threshold."""

    x1: float
    y1: float
    x2: float
    y2: float
    cls: str = "grid"


@dataclass(frozen=True)
class Chart:
    """Everything a template needs to draw one chart and its text alternative."""

    id: str
    title: str
    summary: str
    height: float
    marks: tuple[Mark, ...]
    labels: tuple[Label, ...] = ()
    rules: tuple[Rule, ...] = ()
    tracks: tuple[Mark, ...] = ()  # backgrounds drawn under the marks; not data
    legend: tuple[tuple[str, str], ...] = ()  # (css class, label)
    header: tuple[str, ...] = ()  # the data table: the numbers behind the picture
    rows: tuple[tuple[str, ...], ...] = ()
    width: int = WIDTH


@dataclass(frozen=True)
class ChartData:
    """What every chart function may read: the aggregates, the rubric's labels and the page's words."""

    portfolio: Portfolio
    rubric: Rubric
    lang: str
    ui: Mapping[str, str]
    extra: Mapping[str, object] = field(default_factory=dict)  # later views (receivables, movement) pass theirs here

    def label(self, section: str, key: str) -> str:
        """The rubric's label for ``key`` in the page's language."""
        return self.rubric.label(section, key, self.lang)


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """Rough rendered width: a CJK character is one em wide, other characters a little over half."""
    return sum(size if unicodedata.east_asian_width(ch) in "WF" else size * 0.58 for ch in text)


def nice_ticks(top: float, most: int = 5) -> list[float]:
    """0 .. at least ``top`` in at most ``most`` + 1 round steps (1, 2 or 5 times a power of ten, never below 1)."""
    top = max(top, 1)
    raw = top / most
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    step = max(step, 1)
    return [i * step for i in range(math.ceil(top / step) + 1)]


def _fmt(value: float) -> str:
    return f"{value:g}"


def _bars(rows: Sequence[tuple[str, Sequence[tuple[str, int, str]]]], top: float, totals: Sequence[str],
          tracks_full: bool = False) -> tuple[list[Mark], list[Label], list[Rule], list[Mark], float]:
    """Horizontal bars, one row per category, segments side by side; returns the pieces and the chart's height."""
    left = min(max((text_width(name) for name, _ in rows), default=0) + 12, WIDTH * 0.4)
    right = max((text_width(t) for t in totals), default=0) + 10
    plot = WIDTH - left - right
    ticks = nice_ticks(top)
    scale = plot / ticks[-1]
    marks: list[Mark] = []
    labels: list[Label] = []
    rules: list[Rule] = []
    tracks: list[Mark] = []
    height = 8 + ROW * len(rows)
    for tick in ticks:
        x = left + tick * scale
        rules.append(Rule(x, 4, x, height))
        labels.append(Label(x, height + 14, _fmt(tick), "middle", "tick"))
    for i, ((name, segments), total) in enumerate(zip(rows, totals, strict=True)):
        y = 8 + ROW * i + (ROW - BAR) / 2
        labels.append(Label(left - 8, y + BAR / 2 + 4, name, "end", "cat"))
        if tracks_full:
            tracks.append(Mark("rect", left, y, round(top * scale, 2), BAR, "track", ""))  # the whole: every account
        x = left
        for cls, count, hover in segments:
            marks.append(Mark("rect", round(x, 2), y, round(count * scale, 2), BAR, cls, hover))
            x += count * scale
        end = left + top * scale if tracks_full else x  # past the track, never on it
        labels.append(Label(round(end + 6, 2), y + BAR / 2 + 4, total, "start", "total"))
    return marks, labels, rules, tracks, height + 22


def pipeline_chart(data: ChartData) -> Chart:
    """Accounts per sales stage, split by verdict (every verdict the engine knows, in its order)."""
    ui, p = data.ui, data.portfolio
    verdicts = [(v, data.label("verdict", v)) for v in VERDICT_ORDER]
    rows, table, totals = [], [], []
    for stage, counts in p.stage_verdict:
        name = data.label("stage", stage) if stage else ui["no_stage"]
        segments = [(f"v-{v}", n, f"{name} · {label}: {n}") for (v, label), n in zip(verdicts, counts, strict=True)
                    if n]
        rows.append((name, segments))
        totals.append(str(sum(counts)))
        table.append((name, *(str(n) for n in counts), str(sum(counts))))
    top = max((sum(c) for _, c in p.stage_verdict), default=0)
    summary = ui["sum_pipeline"].format(
        accounts=p.accounts, stages=sum(1 for _, c in p.stage_verdict if any(c)),
        verdicts=", ".join(f"{label} {n}" for (_, label), (_, n) in zip(verdicts, p.verdicts, strict=True) if n))
    marks, labels, rules, _, height = _bars(rows, top, totals)
    return Chart("chart-pipeline", ui["chart_pipeline"], summary, height, tuple(marks), tuple(labels), tuple(rules),
                 legend=tuple((f"v-{v}", label) for v, label in verdicts),
                 header=(ui["stage"], *(label for _, label in verdicts), ui["total"]), rows=tuple(table))


def coverage_chart(data: ChartData) -> Chart:
    """For each buying-center role: how many accounts have someone named in it, against all accounts."""
    ui, p = data.ui, data.portfolio
    rows, totals, table = [], [], []
    for role, n in p.role_coverage:
        name = data.label("role", role)
        share = f"{n / p.accounts:.0%}" if p.accounts else "-"
        rows.append((name, [("covered", n, ui["hover_role"].format(role=name, n=n, accounts=p.accounts))]))
        totals.append(f"{n}/{p.accounts}")
        table.append((name, str(n), str(p.accounts - n), share))
    weakest = min(p.role_coverage, key=lambda item: item[1], default=None)
    summary = ui["sum_roles"].format(accounts=p.accounts, coached=p.coached,
                                     role=data.label("role", weakest[0]) if weakest else "-",
                                     n=weakest[1] if weakest else 0)
    marks, labels, rules, tracks, height = _bars(rows, p.accounts, totals, tracks_full=True)
    return Chart("chart-roles", ui["chart_roles"], summary, height, tuple(marks), tuple(labels), tuple(rules),
                 tuple(tracks), legend=(("covered", ui["covered"]), ("track", ui["not_covered"])),
                 header=(ui["role"], ui["covered"], ui["not_covered"], ui["share"]), rows=tuple(table))


SCATTER = {"left": 44, "right": 70, "top": 10, "bottom": 36, "height": 340}


def _median(values: Counter[float] | None) -> str:
    found = median(values) if values else None
    return f"{found:.0f}" if found is not None else "-"


def score_intel_chart(data: ChartData) -> Chart:
    """Each account's score against its intel completeness (a grid of counts for large portfolios)."""
    ui, rubric = data.ui, data.rubric
    scatter = data.portfolio.scatter or ScoreIntel()
    left, right, top, bottom = SCATTER["left"], SCATTER["right"], SCATTER["top"], SCATTER["bottom"]
    height = SCATTER["height"]
    plot_w, plot_h = WIDTH - left - right, height - top - bottom

    def at(intel: float, score: float) -> tuple[float, float]:
        return round(left + intel / 100 * plot_w, 1), round(top + (100 - score) / 100 * plot_h, 1)

    rules, labels = [], []
    for tick in (0, 25, 50, 75, 100):
        x, y = at(tick, tick)
        rules += [Rule(x, top, x, top + plot_h), Rule(left, y, left + plot_w, y)]
        labels += [Label(x, top + plot_h + 14, str(tick), "middle", "tick"), Label(left - 6, y + 4, str(tick), "end",
                                                                                    "tick")]
    for level, at_least in (("low", rubric.risk.low_at_least), ("medium", rubric.risk.medium_at_least)):
        _, y = at(0, at_least)
        rules.append(Rule(left, y, left + plot_w, y, f"threshold l-{level}"))
        labels.append(Label(left + plot_w + 4, y + 4, f"{data.label('level', level)} ≥ {at_least:g}", "start",
                            f"threshold l-{level}"))
    labels += [Label(left + plot_w / 2, height - 4, ui["x_intel"], "middle", "axis"),
               Label(12, top + plot_h / 2, ui["y_score"], "middle", "axis vertical")]
    if scatter.points is not None and len(scatter.points) <= SCATTER_LIMIT:
        marks = [Mark("circle", *at(intel * 100, score), 5, 5, f"v-{verdict}",
                      ui["hover_point"].format(name=name, id=key, intel=f"{intel:.0%}", score=f"{score:.1f}",
                                               verdict=data.label("verdict", verdict)))
                 for intel, score, verdict, name, key in scatter.points]
        legend = tuple((f"v-{v}", data.label("verdict", v)) for v in VERDICT_ORDER)
    else:
        marks = _bins(scatter.bins, at, plot_w / BINS, plot_h / BINS, ui)
        legend = (("bin", ui["legend_bins"]),)
    summary = ui["sum_scatter"].format(shown=scatter.scored, unscored=scatter.unscored)
    table = []
    for verdict in VERDICT_ORDER:
        scores = scatter.scores.get(verdict)
        table.append((data.label("verdict", verdict), str(sum(scores.values()) if scores else 0),
                      _median(scores), _median(scatter.intels.get(verdict))))
    return Chart("chart-scatter", ui["chart_scatter"], summary, height, tuple(marks), tuple(labels), tuple(rules),
                 legend=legend, header=(ui["verdict"], ui["y_accounts"], ui["median_score"], ui["median_intel"]),
                 rows=tuple(table))


def _bins(counts: Mapping[tuple[int, int], int], at: Callable[[float, float], tuple[float, float]], cell_w: float,
          cell_h: float, ui: Mapping[str, str]) -> list[Mark]:
    """One rect per non-empty cell of a BINS x BINS grid, darker for more accounts."""
    most = max(counts.values(), default=1)
    step = 100 // BINS
    marks = []
    for (i, j), n in sorted(counts.items()):
        x, y = at(i * step, (j + 1) * step)
        hover = ui["hover_bin"].format(intel=f"{i * step}–{(i + 1) * step}", score=f"{j * step}–{(j + 1) * step}",
                                       n=n)
        marks.append(Mark("rect", x, y, round(cell_w, 1), round(cell_h, 1), "bin", hover,
                          round(0.15 + 0.85 * n / most, 2)))
    return marks


@dataclass(frozen=True)
class Movement:
    """What moved since a git revision (`kasales report --since REV`): the changes `kasales diff` finds."""

    since: str
    changes: Sequence[Change]
    base: str | None = None  # the commit compared with (None: the empty tree, nothing committed before the date)
    trails: Mapping[str, Trail] = field(default_factory=dict)  # account id -> its points since (for the page)

    def groups(self) -> dict[str, list[Change]]:
        """The changes by review group (up, down, added, removed, other); unchanged accounts left out."""
        out: dict[str, list[Change]] = {name: [] for name in GROUPS}
        for change in self.changes:
            if (name := group(change)) is not None:
                out[name].append(change)
        return out


EXAMPLES = 5  # account names in a movement bar's hover text


def movement_chart(data: ChartData) -> Chart | None:
    """Accounts that moved up, down, were added, removed or changed otherwise since a revision; None without one."""
    movement = data.extra.get("movement")
    if not isinstance(movement, Movement):
        return None
    from kasales.render.movement import WORDS  # the words of `kasales diff`, so both read alike

    ui, lang = data.ui, data.lang
    groups = movement.groups()
    rows, totals, table = [], [], []
    for name, changes in groups.items():
        label = WORDS(name, lang)
        names = ", ".join(c.name for c in changes[:EXAMPLES]) + (" …" if len(changes) > EXAMPLES else "")
        rows.append((label, [(f"g-{name}", len(changes), f"{label}: {len(changes)} — {names}")] if changes else []))
        totals.append(str(len(changes)))
        table.append((label, str(len(changes)), names or "-"))
    unchanged = sum(1 for c in movement.changes if group(c) is None)
    summary = ui["sum_movement"].format(since=movement.since, counts=WORDS(
        "counts", lang, unchanged=unchanged, **{k: len(v) for k, v in groups.items()}))
    top = max((len(v) for v in groups.values()), default=0)
    marks, labels, rules, _, height = _bars(rows, top, totals)
    title = ui["chart_movement"].format(since=movement.since)
    return Chart("chart-movement", title, summary, height, tuple(marks), tuple(labels), tuple(rules),
                 legend=tuple((f"g-{name}", WORDS(name, lang)) for name in GROUPS),
                 header=(ui["moved"], ui["y_accounts"], ui["examples"]), rows=tuple(table))


# Page order. A chart function returns None when it has nothing to show (e.g. movement without --since).
CHARTS: tuple[Callable[[ChartData], Chart | None], ...] = (pipeline_chart, score_intel_chart, coverage_chart,
                                                           movement_chart)


def build_charts(data: ChartData) -> list[Chart]:
    """Every chart that has something to show, in page order."""
    return [chart for build in CHARTS if (chart := build(data)) is not None]
