"""`kasales report --html`: one self-contained, offline page; SVG charts drawn here, no chart library, no network.

Size stays proportional to what a person reads: the lists are capped (``top``), the account table is split
into pages of ``PAGE_ROWS`` rows (the pages work without JavaScript), and each account's details travel as
compact JSON whose every string is stored once and referred to by number; a small inline script (allowed
by its hash in the page's Content-Security-Policy) draws them on demand.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from functools import cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from kasales.core.portfolio import Portfolio
from kasales.core.results import Result
from kasales.core.rubric import Rubric
from kasales.core.scales import STAGES
from kasales.core.scoring import ACTIONS, VERDICT_ORDER
from kasales.io.batch import Batch
from kasales.render.common import MARK, legend, marked
from kasales.render.records import action_text, explain, explain_strategy, man_display, result_record
from kasales.render.report_charts import ChartData, Movement, build_charts
from kasales.render.report_movement import section
from kasales.text.messages import problem_line

PAGE_ROWS = 100  # rows per page of the account table: a page lays out at once even for 50,000 accounts
DEFAULT_TOP = 20  # rows of each list (pursue now, needs attention) unless the user asks for more

UI: dict[str, dict[str, str]] = {
    "en": {
        "title": "Key-account portfolio", "as_of": "as of", "rubric": "rubric", "accounts": "accounts",
        "pursue": "pursue now", "high_risk": "high risk", "attention": "need attention", "rejected": "files rejected",
        "mean_intel": "mean intel completeness", "coached": "with a coach (insider)",
        "charts": "Charts", "chart_scatter": "Score against intel completeness",
        "chart_pipeline": "Pipeline by stage and verdict", "chart_roles": "Buying-center roles covered",
        "x_intel": "intel completeness (%)", "y_score": "score (higher = lower risk)", "y_accounts": "accounts",
        "covered": "covered", "not_covered": "not covered", "no_stage": "(no stage)", "total": "total",
        "share": "share", "role": "role", "median_score": "median score", "median_intel": "median intel (%)",
        "data_table": "The numbers behind the chart", "chart_movement": "Movement since {since}",
        "sum_movement": "Since {since}: {counts}.", "moved": "moved", "examples": "accounts",
        "legend_bins": "accounts in the cell (darker = more)",
        "sum_pipeline": "{accounts} accounts over {stages} stages; verdicts: {verdicts}.",
        "sum_roles": "Of {accounts} accounts, {coached} have a coach; the least covered role is {role} ({n}).",
        "sum_scatter": "{shown} accounts placed by intel completeness (across) and score (up); "
                       "{unscored} without a score are not shown.",
        "hover_point": "{name} ({id}): intel {intel}, score {score}, {verdict}",
        "hover_bin": "intel {intel} %, score {score}: {n} accounts",
        "hover_role": "{role}: someone named in {n} of {accounts} accounts",
        "matrix": "MAN matrix", "pursue_now": "Pursue now", "needs_attention": "Needs attention",
        "more": "{shown} of {count} shown; every account is in the table below, and "
                "`kasales report PATH --top 0` lists them all.",
        "table": "All accounts", "table_hint": "click a column heading to sort, a name for its details",
        "filter": "Find an account", "matches": "{n} matching accounts", "page": "page",
        "rows_shown": "{count} accounts in pages of {size}",
        "account": "account", "id": "id", "stage": "stage", "score": "score", "level": "risk", "intel": "intel",
        "roles": "roles", "verdict": "verdict", "top_flag": "top flag", "next_step": "next step",
        "why": "why", "file": "file", "dimension": "dimension",
        "status": "status", "evidence": "evidence", "factor": "factor", "weight": "weight",
        "points": "points", "note": "note", "unassessed": "unassessed → 1", "category": "category",
        "missing": "missing", "partial": "partial", "flags": "Flags", "strategies": "Strategies",
        "reason": "why", "advice": "advice", "notes": "Intel notes", "decision_makers": "decision makers",
        "coach": "coach", "yes": "yes", "no": "no", "none": "none", "errors": "Files that could not be read",
        "close": "close", "details_need_js": "An account's details open here with JavaScript on; without it, "
                                            "`kasales qualify FILE` shows them.",
        "personal_hidden": "Notes and sources of personal intel are left out (personal data); "
                           "kasales report --include-personal shows them.",
        "personal_shown": "This page includes notes of personal intel (--include-personal): personal data, "
                          "share with care.",
    },
    "zh": {
        "title": "大客户组合概览", "as_of": "日期", "rubric": "评分规则", "accounts": "个客户",
        "pursue": "立即推进", "high_risk": "高风险", "attention": "需要关注", "rejected": "个文件被拒绝",
        "mean_intel": "平均情报完整度", "coached": "有内线",
        "charts": "图表", "chart_scatter": "评估得分与情报完整度",
        "chart_pipeline": "各阶段的结论分布", "chart_roles": "采购决策链角色覆盖",
        "x_intel": "情报完整度 (%)", "y_score": "评估得分 (越高风险越低)", "y_accounts": "客户数",
        "covered": "已覆盖", "not_covered": "未覆盖", "no_stage": "(未填阶段)", "total": "合计",
        "share": "占比", "role": "角色", "median_score": "得分中位数", "median_intel": "情报完整度中位数 (%)",
        "data_table": "图表数据", "chart_movement": "自 {since} 以来的变化",
        "sum_movement": "自 {since} 以来: {counts}。", "moved": "变化", "examples": "客户",
        "legend_bins": "该格客户数 (颜色越深越多)",
        "sum_pipeline": "共 {accounts} 个客户, 分布在 {stages} 个阶段; 结论: {verdicts}。",
        "sum_roles": "{accounts} 个客户中 {coached} 个有内线; 覆盖最少的角色是{role} ({n} 个)。",
        "sum_scatter": "{shown} 个客户按情报完整度 (横轴) 与评估得分 (纵轴) 标出; {unscored} 个没有得分的未标出。",
        "hover_point": "{name} ({id}): 情报 {intel}, 得分 {score}, {verdict}",
        "hover_bin": "情报 {intel} %, 得分 {score}: {n} 个客户",
        "hover_role": "{role}: {accounts} 个客户中 {n} 个已有对应联系人",
        "matrix": "MAN 矩阵", "pursue_now": "立即推进", "needs_attention": "需要关注",
        "more": "显示 {count} 个中的 {shown} 个; 全部客户见下表, `kasales report PATH --top 0` 列出全部。",
        "table": "全部客户", "table_hint": "点击列标题排序, 点击客户名查看详情",
        "filter": "查找客户", "matches": "{n} 个匹配的客户", "page": "页",
        "rows_shown": "共 {count} 个客户, 每页 {size} 个",
        "account": "客户", "id": "id", "stage": "阶段", "score": "得分", "level": "风险", "intel": "情报",
        "roles": "角色", "verdict": "结论", "top_flag": "首要提示", "next_step": "下一步",
        "why": "原因", "file": "文件", "dimension": "维度",
        "status": "状态", "evidence": "依据", "factor": "因素", "weight": "权重",
        "points": "贡献", "note": "备注", "unassessed": "未评估 → 1", "category": "类别",
        "missing": "缺失", "partial": "部分", "flags": "提示", "strategies": "推荐策略",
        "reason": "原因", "advice": "建议", "notes": "情报备注", "decision_makers": "决策人",
        "coach": "内线", "yes": "有", "no": "无", "none": "无", "errors": "无法读取的文件",
        "close": "关闭",
        "details_need_js": "开启 JavaScript 后点击客户名可在此查看详情; 也可用 `kasales qualify 文件` 查看。",
        "personal_hidden": "客户个人资料的备注与来源属于个人信息, 未包含在本页; "
                           "如需显示请使用 kasales report --include-personal。",
        "personal_shown": "本页包含客户个人资料备注 (--include-personal): 属于个人信息, 请谨慎分享。",
    },
}


class Strings:
    """Every string of the page's data stored once; values refer to it by position."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self._index: dict[str, int] = {}

    def pack(self, value: Any) -> Any:
        """``value`` with every string (at any depth, keys of dicts aside) replaced by its number."""
        if isinstance(value, str):
            found = self._index.get(value)
            if found is None:
                found = self._index[value] = len(self.texts)
                self.texts.append(value)
            return found
        if isinstance(value, dict):
            return {k: self.pack(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self.pack(v) for v in value]
        return value


def _details(result: Result, rubric: Rubric, lang: str, include_personal: bool) -> dict[str, Any]:
    """One account's details for the script: short keys, every text in ``lang``; numbers stay numbers."""
    record = result_record(result, rubric, lang, include_personal)
    label = rubric.label
    risk = result.risk
    return {
        "id": result.account.id, "name": result.account.name, "file": result.file,
        "verdict": result.verdict, "verdict_label": label("verdict", result.verdict, lang),
        "stage": label("stage", result.stage, lang) if result.stage else "-",
        "reasons": record["verdict_reasons"], "man": record["man"]["display"],
        "action": action_text(result, rubric, lang, MARK),
        "dims": [[label("man_dimension", d.key, lang), d.status, label("man_status", d.status, lang), d.evidence or ""]
                 for d in result.man.dimensions],
        # "score 95.0 · low risk", never "risk 95.0" (SPEC §4, r2), then how it came about
        "level": risk.level, "risk": f'{record["risk"]["summary"]} ({record["risk"]["explanation"]})',
        "factors": [[label("factor", f.key, lang), f.score, f.weight, round(f.contribution, 2), f.note or ""]
                    for f in risk.factors],
        "intel": round(result.intel.completeness * 100),
        "categories": [[label("intel_category", c.key, lang), round(c.completeness * 100),
                        [label("intel_item", k, lang) for k in c.missing],
                        [label("intel_item", k, lang) for k in c.partial]] for c in result.intel.categories],
        "covered": [label("role", x, lang) for x in result.stakeholders.covered],
        "uncovered": [label("role", x, lang) for x in result.stakeholders.missing],
        "coach": result.stakeholders.coach, "decision_makers": list(result.stakeholders.decision_makers),
        "notes": [[label("intel_item", key, lang), value["note"] or "", value["source"] or ""]
                  for key, value in record["intel"]["notes"].items()],
        "flags": [[f["severity"], f["message"]] for f in record["flags"]],
        "strategies": [[label("strategy", s.key, lang), "; ".join(why), advice] for s in result.strategies
                       for why, advice in [explain_strategy(s, rubric, lang, MARK)]],  # kasales's parts marked
        "next": record["next_step"]["message"] if record["next_step"] else "-",  # verify first: ... for `verify`
    }


def _row(result: Result, index: int, rubric: Rubric, lang: str) -> dict[str, Any]:
    """One line of the account table."""
    label = rubric.label
    return {"i": index, "id": result.account.id, "name": result.account.name,
            "stage": label("stage", result.stage, lang) if result.stage else "-",
            "stage_rank": STAGES.index(result.stage) if result.stage else len(STAGES),
            "man": man_display(result), "score": result.risk.score, "level": result.risk.level,
            "next": explain(result.next_step, rubric, lang) if result.next_step else "",
            "level_label": label("level", result.risk.level, lang),
            "intel": result.intel.completeness, "roles": len(result.stakeholders.covered),
            "verdict": result.verdict, "verdict_label": label("verdict", result.verdict, lang),
            "verdict_rank": VERDICT_ORDER.index(result.verdict) if result.verdict in VERDICT_ORDER else 99,
            "top_flag": explain(result.top_flag, rubric, lang, short=True) if result.top_flag else ""}


def _order(result: Result) -> tuple[int, float, str]:
    """The table's first order: best verdict first, then the highest score."""
    rank = VERDICT_ORDER.index(result.verdict) if result.verdict in VERDICT_ORDER else len(VERDICT_ORDER)
    return rank, -(result.risk.score if result.risk.score is not None else -1), result.account.id


def _json_for_script(value: Any) -> str:
    """JSON that cannot end its <script> element or open a comment, whatever a profile says."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


@cache
def _asset(name: str) -> str:
    """The page's stylesheet or script, shipped beside the template."""
    return resources.files("kasales").joinpath("templates", name).read_text(encoding="utf-8")


@cache
def _environment() -> Environment:
    # autoescape on for every template: profile text is user input and must never become markup
    return Environment(loader=PackageLoader("kasales", "templates"), autoescape=True, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True)


def content_security_policy(style: str, script: str) -> str:
    """Nothing may load from anywhere; only this page's own stylesheet and script, named by their hashes."""
    return (f"default-src 'none'; script-src {_csp_hash(script)}; style-src {_csp_hash(style)}; img-src data:; "
            "base-uri 'none'; form-action 'none'")


def render_html(p: Portfolio, batch: Batch, rubric: Rubric, lang: str = "en", include_personal: bool = False,
                today: dt.date | None = None, top: int = DEFAULT_TOP, movement: Movement | None = None) -> str:
    """The whole dashboard as one HTML page: styles, SVG charts, script and data inline; nothing fetched."""
    ui = UI[lang]
    results = sorted(batch.results, key=_order)
    strings = Strings()
    details = [strings.pack(_details(r, rubric, lang, include_personal)) for r in results]
    data = {"t": strings.texts, "a": details, "ui": ui}
    rows = [_row(r, i, rubric, lang) for i, r in enumerate(results)]
    pages = [rows[i:i + PAGE_ROWS] for i in range(0, len(rows), PAGE_ROWS)] or [[]]
    cells = [{"code": code, "count": n, "action": ACTIONS[code],
              "text": marked(rubric.label("action", ACTIONS[code], lang),
                             rubric.source("labels.action", ACTIONS[code]))}
             for code, n in p.man_cells]
    limit = top if top > 0 else None
    attention = [{"id": a.result.account.id, "name": a.result.account.name, "verdict": a.result.verdict,
                  "verdict_label": rubric.label("verdict", a.result.verdict, lang),
                  "reasons": [(f.severity, explain(f, rubric, lang)) for f in a.reasons]}
                 for a in p.attention[:limit]]
    pursue = [{"id": r.account.id, "name": r.account.name, "score": r.risk.score, "intel": r.intel.completeness,
               "stage": rubric.label("stage", r.stage, lang) if r.stage else "-",
               "level": r.risk.level, "level_label": rubric.label("level", r.risk.level, lang),
               "next": rubric.label("process_step", r.next_process_step, lang) if r.next_process_step else "-"}
              for r in p.pursue_now[:limit]]
    style, script = _asset("report.css"), _asset("report.js")
    extra = {"movement": movement} if movement is not None else {}
    chart_data = ChartData(p, batch.results, rubric, lang, ui, extra)
    charts = build_charts(chart_data)
    moved = section(movement, chart_data) if movement is not None else None
    return _environment().get_template("report.html.j2").render(
        ui=ui, lang=lang, style=style, script=script, csp=content_security_policy(style, script), charts=charts,
        portfolio=p, batch=batch, rubric_name=rubric.name.get(lang), today=(today or dt.date.today()).isoformat(),
        cells=cells, pages=pages, page_rows=PAGE_ROWS, attention=attention, pursue=pursue,
        include_personal=include_personal, data=_json_for_script(data),
        problems=[problem_line(x, lang) for x in batch.problems], moved=moved, legend=legend(lang),
    )
