"""The page's "moved since" section: each moved account's verdict and score before -> after, and its score trail
(its score at the base, then at each commit since) as a small SVG line.

Built from report_charts.Movement (the changes `kasales diff` finds, and the points `kasales history` finds);
drawn by templates/moved.html.j2 in the style of the report's charts (classes, no inline styles). The
counts per group are the movement chart's (report_charts.movement_chart).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kasales.core.movement import GROUPS, group
from kasales.text.words import section_in

if TYPE_CHECKING:
    from kasales.core.movement import Change, Snapshot
    from kasales.io.history import Trail
    from kasales.render.report_charts import ChartData, Movement

UI = {lang: section_in("report_movement", lang) for lang in ("en", "zh")}  # words from text/
SPARK_W, SPARK_H, PAD = 140, 30, 4  # a trail's SVG units: small enough for a table cell


def words(lang: str) -> dict[str, str]:
    """The section's words in ``lang``."""
    return UI["zh" if lang == "zh" else "en"]


@dataclass(frozen=True)
class Dot:
    """One commit on a trail: where, its verdict's colour class, and its hover text."""

    x: float
    y: float
    cls: str
    title: str


@dataclass(frozen=True)
class Spark:
    """A score trail: the line through the commits' scores, a dot per commit, and the text alternative."""

    line: str  # the polyline's points, "x,y x,y ..."
    dots: tuple[Dot, ...]
    summary: str
    width: int = SPARK_W
    height: int = SPARK_H


def spark(trail: Trail | None, start: Snapshot | None, base: str, data: ChartData) -> Spark | None:
    """The score trail of one account on a 0-100 scale: where it stood at the base (``start``), then each commit
    since that scored it (None when no commit since did)."""
    points = [p for p in trail.points if p.snapshot is not None] if trail else []
    if not points:
        return None
    ui = words(data.lang)
    stops: list[tuple[str, Snapshot]] = [(base, start)] if start is not None else []
    for point in points:
        assert point.snapshot is not None
        when = f"{point.commit.date[:10]} {point.commit.short} {point.commit.author}"
        stops.append((when, point.snapshot))
    step = (SPARK_W - 2 * PAD) / max(len(stops) - 1, 1)
    dots = []
    for i, (when, snap) in enumerate(stops):
        score = snap.score if snap.score is not None else 0.0  # nothing assessed: the floor
        x, y = round(PAD + i * step, 1), round(PAD + (100 - score) / 100 * (SPARK_H - 2 * PAD), 1)
        title = ui["hover_point"].format(when=when, verdict=data.label("verdict", snap.verdict),
                                         score="-" if snap.score is None else f"{snap.score:.1f}")
        dots.append(Dot(x, y, f"v-{snap.verdict}", title))
    summary = " → ".join("-" if snap.score is None else f"{snap.score:.1f}" for _, snap in stops)
    return Spark(" ".join(f"{d.x},{d.y}" for d in dots), tuple(dots), summary)


def section(moved: Movement, data: ChartData) -> dict[str, Any]:
    """What templates/moved.html.j2 shows: the title, the base, and one row per moved account by group."""
    ui = words(data.lang)
    rows = []
    base = moved.base[:7] if moved.base else ui["empty_tree"]
    for name in GROUPS:
        for change in (c for c in moved.changes if group(c) == name):
            rows.append(_row(change, name, moved.trails.get(change.id), base, data))
    return {"title": ui["moved"].format(since=moved.since), "compared": ui["compared"].format(base=base),
            "rows": rows, "ui": ui, "nothing": ui["nothing"].format(since=moved.since)}


def _row(change: Change, name: str, trail: Trail | None, base: str, data: ChartData) -> dict[str, Any]:
    def verdict(snap: Any) -> dict[str, str] | None:
        return {"cls": f"v-{snap.verdict}", "label": data.label("verdict", snap.verdict)} if snap else None

    def score(snap: Any) -> str:
        return "-" if snap is None or snap.score is None else f"{snap.score:.1f}"

    return {"id": change.id, "name": change.name, "group": name, "group_label": words(data.lang)[name],
            "before": verdict(change.before), "after": verdict(change.after),
            "score_before": score(change.before), "score_after": score(change.after),
            "spark": spark(trail, change.before, base, data), "linked": change.after is not None}
