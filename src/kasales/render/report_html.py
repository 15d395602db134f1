"""`kasales report --html`: one self-contained, offline HTML dashboard (plotly charts, Jinja2 template)."""

from __future__ import annotations

import datetime as dt
import html
import json
import textwrap
from typing import Any

import plotly.graph_objects as go
from jinja2 import Environment, PackageLoader, StrictUndefined
from plotly.offline import get_plotlyjs

from kasales.core.portfolio import STAGES, Portfolio
from kasales.core.results import Result
from kasales.core.rubric import Rubric
from kasales.core.scoring import ACTIONS, VERDICT_ORDER
from kasales.io.batch import Batch
from kasales.render.records import explain, result_record
from kasales.text.messages import problem_line

# The same stack in CSS and in every chart, so Chinese and English labels render alike offline.
FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'
# Plotly must fetch nothing: no logo link, no MathJax, no topojson; the page's CSP blocks the rest anyway.
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True, "typesetMath": False, "showLink": False,
                 "showSendToCloud": False, "showEditInChartStudio": False}
VERDICT_COLOR = {"pursue": "#2e7d32", "develop": "#f0a202", "nurture": "#1e88e5", "disqualify": "#c62828"}
ACTION_COLOR = {"pursue": "#2e7d32", "develop_need": "#f0a202", "find_authority": "#f0a202",
                "check_credit": "#f0a202", "nurture": "#1e88e5", "disqualify": "#c62828"}
LEVEL_COLOR = {"low": "#2e7d32", "medium": "#f0a202", "high": "#c62828"}

UI: dict[str, dict[str, str]] = {
    "en": {
        "title": "Key-account portfolio", "as_of": "as of", "rubric": "rubric", "accounts": "accounts",
        "pursue": "pursue now", "high_risk": "high risk", "attention": "need attention", "rejected": "files rejected",
        "mean_intel": "mean intel completeness", "coached": "with a coach (insider)",
        "charts": "Charts", "chart_man": "Accounts per MAN cell",
        "chart_scatter": "Risk score against intel completeness",
        "chart_pipeline": "Pipeline by stage and verdict", "chart_roles": "Buying-center roles covered",
        "x_intel": "intel completeness (%)", "y_risk": "risk score (higher = lower risk)", "y_accounts": "accounts",
        "covered": "covered", "not_covered": "not covered", "no_stage": "(no stage)",
        "matrix": "MAN matrix", "pursue_now": "Pursue now", "needs_attention": "Needs attention",
        "table": "All accounts", "table_hint": "click a column heading to sort",
        "account": "account", "id": "id", "stage": "stage", "risk": "risk", "level": "level", "intel": "intel",
        "roles": "roles", "verdict": "verdict", "top_flag": "top flag", "next_step": "our next step",
        "why": "why", "details": "Accounts in detail", "file": "file", "man": "MAN", "dimension": "dimension",
        "status": "status", "evidence": "evidence", "factor": "factor", "score": "score", "weight": "weight",
        "points": "points", "note": "note", "unassessed": "unassessed → 1", "category": "category",
        "missing": "missing", "partial": "partial", "flags": "Flags", "strategies": "Strategies",
        "reason": "why", "advice": "advice", "notes": "Intel notes", "decision_makers": "decision makers",
        "coach": "coach", "yes": "yes", "no": "no", "none": "none", "errors": "Files that could not be read",
        "personal_hidden": "Notes and sources of personal intel are left out (personal data); "
                           "kasales report --include-personal shows them.",
        "personal_shown": "This page includes notes of personal intel (--include-personal): personal data, "
                          "share with care.",
        "back": "back to the table",
    },
    "zh": {
        "title": "大客户组合概览", "as_of": "日期", "rubric": "评分规则", "accounts": "个客户",
        "pursue": "立即推进", "high_risk": "高风险", "attention": "需要关注", "rejected": "个文件被拒绝",
        "mean_intel": "平均情报完整度", "coached": "有内线",
        "charts": "图表", "chart_man": "MAN 矩阵各格客户数", "chart_scatter": "风险得分与情报完整度",
        "chart_pipeline": "各阶段的结论分布", "chart_roles": "采购决策链角色覆盖",
        "x_intel": "情报完整度 (%)", "y_risk": "风险得分 (越高风险越低)", "y_accounts": "客户数",
        "covered": "已覆盖", "not_covered": "未覆盖", "no_stage": "(未填阶段)",
        "matrix": "MAN 矩阵", "pursue_now": "立即推进", "needs_attention": "需要关注",
        "table": "全部客户", "table_hint": "点击列标题排序",
        "account": "客户", "id": "id", "stage": "阶段", "risk": "风险", "level": "等级", "intel": "情报",
        "roles": "角色", "verdict": "结论", "top_flag": "首要提示", "next_step": "我方下一步",
        "why": "原因", "details": "客户详情", "file": "文件", "man": "MAN", "dimension": "维度",
        "status": "状态", "evidence": "依据", "factor": "因素", "score": "评分", "weight": "权重",
        "points": "贡献", "note": "备注", "unassessed": "未评估 → 1", "category": "类别",
        "missing": "缺失", "partial": "部分", "flags": "提示", "strategies": "推荐策略",
        "reason": "原因", "advice": "建议", "notes": "情报备注", "decision_makers": "决策人",
        "coach": "内线", "yes": "有", "no": "无", "none": "无", "errors": "无法读取的文件",
        "personal_hidden": "客户个人资料的备注与来源属于个人信息, 未包含在本页; "
                           "如需显示请使用 kasales report --include-personal。",
        "personal_shown": "本页包含客户个人资料备注 (--include-personal): 属于个人信息, 请谨慎分享。",
        "back": "返回客户列表",
    },
}


def _layout(title: str, **extra: Any) -> dict[str, Any]:
    """Shared chart layout: CJK-capable fonts, compact margins, legend below."""
    return {"title": {"text": title, "x": 0.01, "font": {"size": 15}}, "font": {"family": FONT, "size": 12},
            "template": "plotly_white", "height": 380, "margin": {"l": 56, "r": 16, "t": 48, "b": 56},
            "legend": {"orientation": "h", "y": -0.2}, **extra}


def _dtick(top: int) -> int | None:
    """Whole-account ticks when the tallest bar is short (no "0.5 accounts"); plotly's own spacing beyond."""
    return 1 if top <= 10 else None


def _wrap(label: str, width: int = 14) -> str:
    """Break a long English axis label over lines, so plotly need not tilt and cut it."""
    return "<br>".join(textwrap.wrap(label, width)) or label


def _figure(fig: go.Figure) -> dict[str, Any]:
    """A figure as plain JSON data, for the template's tojson filter."""
    return json.loads(fig.to_json())


def man_chart(p: Portfolio, rubric: Rubric, lang: str) -> dict[str, Any]:
    """Bars: accounts in each of the eight MAN cells, coloured by the cell's action."""
    codes = [code for code, _ in p.man_cells]
    fig = go.Figure(go.Bar(
        x=codes, y=[n for _, n in p.man_cells], text=[n for _, n in p.man_cells], textposition="outside",
        marker_color=[ACTION_COLOR[ACTIONS[c]] for c in codes],
        customdata=[rubric.label("action", ACTIONS[c], lang) for c in codes],
        hovertemplate="%{x}: %{y}<br>%{customdata}<extra></extra>"))
    top = max(n for _, n in p.man_cells)
    fig.update_layout(**_layout(UI[lang]["chart_man"], yaxis={"title": UI[lang]["y_accounts"], "dtick": _dtick(top),
                                                              "rangemode": "tozero"}))
    return _figure(fig)


def scatter_chart(results: list[Result], rubric: Rubric, lang: str) -> dict[str, Any]:
    """Each account's risk score against its intel completeness, one colour per verdict."""
    ui = UI[lang]
    fig = go.Figure()
    for verdict in VERDICT_ORDER:
        chosen = [r for r in results if r.verdict == verdict]
        fig.add_trace(go.Scatter(
            x=[round(r.intel.completeness * 100, 1) for r in chosen], y=[r.risk.score for r in chosen],
            mode="markers", name=rubric.label("verdict", verdict, lang),
            marker={"size": 12, "color": VERDICT_COLOR[verdict], "line": {"width": 1, "color": "white"}},
            # plotly reads a few HTML tags in text; a profile's name is shown as written, never as a link
            text=[html.escape(r.account.name) for r in chosen],
            hovertemplate="%{text}<br>" + ui["intel"] + " %{x}%<br>" + ui["risk"] + " %{y}<extra></extra>"))
    # the rubric's level thresholds, so a point's risk level can be read off the chart
    lines = [{"type": "line", "xref": "paper", "x0": 0, "x1": 1, "y0": y, "y1": y,
              "line": {"dash": "dot", "color": "#999", "width": 1}}
             for y in (rubric.risk.low_at_least, rubric.risk.medium_at_least)]
    fig.update_layout(**_layout(ui["chart_scatter"], shapes=lines,
                                xaxis={"title": ui["x_intel"], "range": [-4, 104]},
                                yaxis={"title": ui["y_risk"], "range": [-4, 104]}))
    return _figure(fig)


def pipeline_chart(p: Portfolio, rubric: Rubric, lang: str) -> dict[str, Any]:
    """Stacked bars: accounts per stage, split by verdict."""
    stages = [_wrap(rubric.label("stage", s, lang) if s else UI[lang]["no_stage"]) for s, _ in p.stage_verdict]
    fig = go.Figure([go.Bar(x=stages, y=[counts[i] for _, counts in p.stage_verdict],
                            name=rubric.label("verdict", verdict, lang), marker_color=VERDICT_COLOR[verdict])
                     for i, verdict in enumerate(VERDICT_ORDER)])
    fig.update_layout(**_layout(UI[lang]["chart_pipeline"], barmode="stack",
                                yaxis={"title": UI[lang]["y_accounts"],
                                       "dtick": _dtick(max(sum(c) for _, c in p.stage_verdict))}))
    return _figure(fig)


def roles_chart(p: Portfolio, rubric: Rubric, lang: str) -> dict[str, Any]:
    """Stacked bars: for each buying-center role, accounts with and without someone named in it."""
    ui = UI[lang]
    roles = [rubric.label("role", role, lang) for role, _ in p.role_coverage]
    fig = go.Figure([
        go.Bar(x=roles, y=[n for _, n in p.role_coverage], name=ui["covered"], marker_color="#2e7d32"),
        go.Bar(x=roles, y=[p.accounts - n for _, n in p.role_coverage], name=ui["not_covered"],
               marker_color="#cfd8dc"),
    ])
    fig.update_layout(**_layout(ui["chart_roles"], barmode="stack",
                                yaxis={"title": ui["y_accounts"], "dtick": _dtick(p.accounts)}))
    return _figure(fig)


def _account_view(result: Result, rubric: Rubric, lang: str, include_personal: bool) -> dict[str, Any]:
    """One account's record (SPEC §9) plus the labels the template shows beside it."""
    record = result_record(result, rubric, lang, include_personal)
    label = rubric.label
    return {
        "record": record,
        "anchor": f"account-{result.account.id}",
        "stage": label("stage", result.stage, lang) if result.stage else "-",
        "verdict": label("verdict", result.verdict, lang),
        "level": label("level", result.risk.level, lang),
        "next_step": label("process_step", result.next_process_step, lang) if result.next_process_step else "-",
        "dimensions": [{"label": label("man_dimension", d.key, lang), "status": d.status,
                        "status_label": label("man_status", d.status, lang), "evidence": d.evidence}
                       for d in result.man.dimensions],
        "factors": [{"label": label("factor", f.key, lang), "score": f.score, "weight": f.weight,
                     "points": round(f.contribution, 2), "note": f.note} for f in result.risk.factors],
        "categories": [{"label": label("intel_category", c.key, lang), "completeness": c.completeness,
                        "missing": [label("intel_item", k, lang) for k in c.missing],
                        "partial": [label("intel_item", k, lang) for k in c.partial]}
                       for c in result.intel.categories],
        "covered": [label("role", x, lang) for x in result.stakeholders.covered],
        "missing_roles": [label("role", x, lang) for x in result.stakeholders.missing],
        "notes": [{"item": label("intel_item", key, lang), **value}
                  for key, value in record["intel"]["notes"].items()],
        "top_flag": explain(result.top_flag, rubric, lang, short=True) if result.top_flag else "",
    }


def _environment() -> Environment:
    # autoescape on for every template: profile text is user input and must never become markup
    return Environment(loader=PackageLoader("kasales", "templates"), autoescape=True, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True)


def render_html(p: Portfolio, batch: Batch, rubric: Rubric, lang: str = "en", include_personal: bool = False,
                today: dt.date | None = None) -> str:
    """The whole dashboard as one HTML page: plotly.js, styles and data inline; nothing fetched."""
    results = batch.results
    accounts = {r.account.id: _account_view(r, rubric, lang, include_personal) for r in results}
    charts = [("chart-man", man_chart(p, rubric, lang)), ("chart-scatter", scatter_chart(results, rubric, lang)),
              ("chart-pipeline", pipeline_chart(p, rubric, lang)), ("chart-roles", roles_chart(p, rubric, lang))]
    cells = [{"code": code, "count": n, "action": ACTIONS[code], "text": rubric.label("action", ACTIONS[code], lang),
              "color": ACTION_COLOR[ACTIONS[code]]} for code, n in p.man_cells]
    attention = [{"id": a.result.account.id, "reasons": [(f.severity, explain(f, rubric, lang)) for f in a.reasons]}
                 for a in p.attention]
    template = _environment().get_template("report.html.j2")
    return template.render(
        ui=UI[lang], lang=lang, font=FONT, plotly_js=get_plotlyjs(), config=PLOTLY_CONFIG, charts=charts,
        portfolio=p, batch=batch, rubric_name=rubric.name.get(lang), today=(today or dt.date.today()).isoformat(),
        cells=cells, results=results, accounts=accounts, attention=attention,
        pursue=[r.account.id for r in p.pursue_now], include_personal=include_personal,
        verdict_color=VERDICT_COLOR, level_color=LEVEL_COLOR, stage_rank={s: i for i, s in enumerate(STAGES)},
        verdict_rank={v: i for i, v in enumerate(VERDICT_ORDER)},
        problems=[problem_line(x, lang) for x in batch.problems],
    )
