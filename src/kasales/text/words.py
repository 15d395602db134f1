"""The words of kasales's human output (headings, labels, short phrases) in English and Chinese.

One section per view; ``Words(section)`` looks a word up, ``section_in(section, lang)`` gives a page its words.
Messages (problems, status lines) are in ``messages.py``; sentences of the method are the rubric's data.
"""

from __future__ import annotations

from collections.abc import Iterator

from kasales.text.plural import singular

SECTIONS: dict[str, dict[str, dict[str, str]]] = {
    "qualify": {
        "account": {"en": "account", "zh": "客户"},
        "account_header": {"en": "account / id / top flag", "zh": "客户 / id / 首要提示"},
        "accounts": {"en": "{n} accounts", "zh": "{n} 个客户"},
        "attitude": {"en": "attitude", "zh": "态度"},
        "concern": {"en": "cares about (角色关注)", "zh": "角色关注"},
        "next_step": {"en": "next step", "zh": "下一步"},
        "score_risk": {"en": "score · risk", "zh": "得分 · 风险"},
        "range": {"en": "could be {worst} … {best}", "zh": "可能为 {worst} … {best}"},
        "uncovered_role": {"en": "{role} uncovered: {does}; {power}", "zh": "{role} 未覆盖: {does}; {power}"},
        "buying_center": {"en": "buying center: {n}/5 roles covered", "zh": "采购决策链: {n}/5 角色已覆盖"},
        "category": {"en": "category", "zh": "类别"},
        "coach": {"en": "coach", "zh": "内线"},
        "dimension": {"en": "dimension", "zh": "维度"},
        "evidence": {"en": "evidence", "zh": "依据"},
        "factor": {"en": "factor", "zh": "因素"},
        "flags": {"en": "flags", "zh": "提示"},
        "gate": {"en": "gate", "zh": "门槛"},
        "gate_failed": {"en": "kasales: gate failed", "zh": "kasales: 未通过门槛"},
        "heading": {
            "en": "kasales: {scored} accounts scored, {rejected} files rejected",
            "zh": "kasales: 已评分 {scored} 个客户, 拒绝 {rejected} 个文件",
        },
        "influence": {"en": "influence", "zh": "影响力"},
        "intel": {"en": "intel", "zh": "情报"},
        "intel_completeness": {"en": "intel completeness", "zh": "情报完整度"},
        "invalid_files": {"en": "Invalid files", "zh": "无效文件"},
        "invalid_profile": {"en": "kasales: invalid profile", "zh": "kasales: 无效档案"},
        "invalid_see_validate": {"en": "invalid profile (`kasales validate` shows every problem)",
                                 "zh": "无效档案 (`kasales validate` 列出全部问题)"},
        "flag_title": {"en": "kasales: {severity} flag {key}", "zh": "kasales: {severity} 提示 {key}"},
        "key_person": {"en": "key person", "zh": "关键人"},
        "missing_partial": {"en": "missing / partial", "zh": "缺失 / 部分"},
        "name": {"en": "name", "zh": "姓名"},
        "not_covered": {"en": "not covered: ", "zh": "未覆盖: "},
        "note": {"en": "note", "zh": "备注"},
        "points": {"en": "points", "zh": "贡献"},
        "red_flag": {"en": "red flag", "zh": "红旗"},
        "risk": {"en": "risk", "zh": "风险"},
        "roles": {"en": "roles", "zh": "角色"},
        "score": {"en": "score", "zh": "评分"},
        "stage": {"en": "stage", "zh": "阶段"},
        "status": {"en": "status", "zh": "状态"},
        "strategies": {"en": "strategies", "zh": "推荐策略"},
        "recommended_strategies": {"en": "recommended strategies", "zh": "推荐策略"},
        "then": {"en": ". ", "zh": "。"},
        "title": {"en": "title", "zh": "职务"},
        "top_flag": {"en": "top flag", "zh": "首要提示"},
        "unassessed": {"en": "unassessed→1", "zh": "未评估→1"},
        "verdict": {"en": "verdict", "zh": "结论"},
        "weight": {"en": "weight", "zh": "权重"},
    },
    "history": {
        "date": {"en": "date", "zh": "日期"},
        "commit": {"en": "commit", "zh": "提交"},
        "author": {"en": "author", "zh": "作者"},
        "status": {"en": "change", "zh": "变动"},
        "verdict": {"en": "verdict", "zh": "结论"},
        "score": {"en": "score", "zh": "评估得分"},
        "stage": {"en": "stage", "zh": "阶段"},
        "outcome": {"en": "outcome", "zh": "结果"},
        "added": {"en": "added", "zh": "新增"},
        "changed": {"en": "changed", "zh": "修改"},
        "removed": {"en": "removed", "zh": "移除"},
        "nothing": {"en": "No commit changed a profile here.", "zh": "没有提交改动这里的档案。"},
        "errors": {"en": "Invalid versions (left out of the trails)", "zh": "无效版本 (未计入记录)"},
    },
    "receivables": {  # SPEC §12: every human format words the receivables the same way
        "line": {"en": "{currency} contracted {contracted} · received {received} · outstanding {outstanding}",
                 "zh": "{currency} 合同 {contracted} · 已收 {received} · 应收 {outstanding}"},
        "overdue": {"en": " · overdue {overdue} ({days} days)", "zh": " · 逾期 {overdue} ({days} 天)"},
        "paid": {"en": "paid {date}", "zh": "已付 {date}"},
        "overdue_days": {"en": "overdue {days} days", "zh": "逾期 {days} 天"},
        "not_due": {"en": "not due yet", "zh": "未到期"},
        "reason": {"en": ": {reason}", "zh": ": {reason}"},
        "no_reason": {"en": " (no reason recorded)", "zh": " (未记录原因)"},
        "title": {"en": "receivables", "zh": "应收账款"},
        "due": {"en": "due", "zh": "到期日"},
        "amount": {"en": "amount", "zh": "金额"},
        "status": {"en": "status", "zh": "状态"},
        "service": {"en": "service checklist", "zh": "售后服务清单"},
        "item": {"en": "item", "zh": "检查项"},
        "outcome": {"en": "outcome", "zh": "项目结果"},
        "closed": {"en": "Won and lost deals", "zh": "赢单与丢单"},
        "won": {"en": "won", "zh": "赢单"},
        "lost": {"en": "lost", "zh": "丢单"},
        "account": {"en": "account", "zh": "客户"},
        "date": {"en": "date", "zh": "日期"},
        "detail": {"en": "receivables / reason", "zh": "应收 / 丢单原因"},
        "view": {"en": "Receivables (oldest overdue first)", "zh": "应收账款 (逾期最久者在前)"},
        "currency": {"en": "currency", "zh": "币种"},
        "contracted": {"en": "contracted", "zh": "合同金额"},
        "received": {"en": "received", "zh": "已收"},
        "outstanding": {"en": "outstanding", "zh": "应收"},
        "overdue_column": {"en": "overdue", "zh": "逾期金额"},
        "days": {"en": "days overdue", "zh": "逾期天数"},
        "total": {"en": "total ({n})", "zh": "合计 ({n})"},
        "won_tile": {"en": "won (served)", "zh": "赢单 (服务中)"},
        "lost_tile": {"en": "lost", "zh": "丢单"},
        "overdue_tile": {"en": "overdue accounts", "zh": "逾期客户"},
        "none": {"en": "none", "zh": "无"},
    },
    "checklist": {
        "required": {"en": "required", "zh": "必需"},
        "recommended": {"en": "recommended", "zh": "建议"},
        "item": {"en": "item", "zh": "检查项"},
        "key": {"en": "key", "zh": "键"},
        "gate": {"en": "gate", "zh": "门槛"},
        "status": {"en": "status", "zh": "状态"},
        "detail": {"en": "detail", "zh": "说明"},
        "stage": {"en": "stage", "zh": "阶段"},
        "account": {"en": "account / id", "zh": "客户 / id"},
        "next": {"en": "next stage", "zh": "下一阶段"},
        "get_first": {"en": "get first", "zh": "优先补齐"},
        "then": {"en": "then (recommended)", "zh": "其次 (建议)"},
        "ready": {"en": "gate met", "zh": "已达标"},
        "not_ready": {"en": "gate not met", "zh": "未达标"},
        "tools": {"en": "approach tools (销售工具犹如侠士之剑)", "zh": "接近客户的工具 (销售工具犹如侠士之剑)"},
        "tool": {"en": "tool", "zh": "工具"},
        "use": {"en": "what it is for", "zh": "用途"},
        "chosen": {"en": "chosen", "zh": "已选"},
        "reminders": {"en": "reminders (guidance, not part of the gate)", "zh": "接近注意点 (提醒, 不计入门槛)"},
        "from_profile": {"en": "from the profile", "zh": "取自档案"},
        "from_option": {"en": "--stage", "zh": "--stage 指定"},
        "from_default": {"en": "the profile has no stage: prospect", "zh": "档案未写阶段, 按寻找客户"},
        "from_outcome": {"en": "the deal is won: service", "zh": "已赢单: 售后服务"},
        "none": {"en": "none", "zh": "无"},
        "invalid": {"en": "Invalid files", "zh": "无效文件"},
        "checklist": {"en": "checklist", "zh": "检查清单"},
        "md_heading": {"en": "kasales checklist: {what}", "zh": "kasales 检查清单: {what}"},
        "accounts": {"en": "{n} accounts", "zh": "{n} 个客户"},
        "required_done": {"en": "required done", "zh": "必需项已完成"},
        "score": {"en": "score {score}/5", "zh": "评分 {score}/5"},
        "not_scored": {"en": "not scored", "zh": "未评分"},
        "evidence": {"en": "evidence given", "zh": "有依据"},
        "no_evidence": {"en": "no evidence", "zh": "无依据"},
        "covered": {"en": "{shown} covered", "zh": "已覆盖 {shown}"},
        "roles_missing": {"en": "; missing: {missing}", "zh": "; 缺: {missing}"},
        "coaches": {"en": "{n} coach(es)", "zh": "内线 {n} 人"},
        "no_decision_maker": {"en": "no decision maker identified", "zh": "尚未找到决策人"},
        "not_recorded": {"en": "not recorded", "zh": "未记录"},
        "no_objections": {"en": "none raised", "zh": "暂无异议"},
        "objections_open": {"en": "{open} open of {total}", "zh": "{open} 条未解决 (共 {total} 条)"},
        "objections_answered": {"en": "all {total} answered", "zh": "均已答复 (共 {total} 条)"},
    },
    "report": {
        "headline": {
            "en": ("Portfolio: {accounts} accounts · {files} files, {rejected} rejected · mean intel {mean} ·"
                   " {coached}/{accounts} with a coach"),
            "zh": ("客户组合: {accounts} 个客户 · {files} 个文件,"
                   " {rejected} 个被拒绝 · 平均情报完整度 {mean} · 有内线"
                   " {coached}/{accounts}"),
        },
        "matrix": {"en": "MAN matrix: accounts and the course's action", "zh": "MAN 矩阵: 客户数与课程建议"},
        "risk": {"en": "Risk distribution", "zh": "风险分布"},
        "level": {"en": "level", "zh": "风险"},
        "count": {"en": "accounts", "zh": "客户数"},
        "share": {"en": "share", "zh": "占比"},
        "pipeline": {"en": "Verdict by stage", "zh": "各阶段结论"},
        "stage": {"en": "stage", "zh": "阶段"},
        "none": {"en": "(no stage)", "zh": "(未填阶段)"},
        "total": {"en": "total", "zh": "合计"},
        "pursue": {"en": "Pursue now", "zh": "立即推进"},
        "attention": {"en": "Needs attention", "zh": "需要关注"},
        "account": {"en": "account", "zh": "客户"},
        "score": {"en": "score · risk", "zh": "得分 · 风险"},
        "next": {"en": "our next step", "zh": "我方下一步"},
        "why": {"en": "why", "zh": "原因"},
        "verdict": {"en": "verdict", "zh": "结论"},
        "empty": {"en": "none", "zh": "无"},
        "unit": {"en": "{n} accounts", "zh": "{n} 个客户"},
        "unit1": {"en": "1 account", "zh": "1 个客户"},
        "intel_column": {"en": "intel", "zh": "情报"},
        "since": {"en": "Since {since}: {counts}", "zh": "自 {since} 以来: {counts}"},
        "more": {
            "en": "… {hidden} more not shown ({shown} of {count}); every one: {command}",
            "zh": ("… 另有 {hidden} 个未显示 (显示 {count} 个中的 {shown}"
                   " 个); 查看全部: {command}"),
        },
    },
    "diff": {
        "title": {"en": "kasales diff: {base} → {head}", "zh": "kasales 变化: {base} → {head}"},
        "working_tree": {"en": "working tree", "zh": "工作区"},
        "up": {"en": "Moved up", "zh": "上升"},
        "down": {"en": "Moved down", "zh": "下降"},
        "added": {"en": "New", "zh": "新增"},
        "removed": {"en": "Removed", "zh": "移除"},
        "other": {"en": "Other changes", "zh": "其他变化"},
        "unchanged": {"en": "Unchanged", "zh": "未变"},
        "account": {"en": "account", "zh": "客户"},
        "verdict": {"en": "verdict", "zh": "结论"},
        "score": {"en": "score", "zh": "评估得分"},
        "stage": {"en": "stage", "zh": "阶段"},
        "intel": {"en": "intel", "zh": "情报"},
        "outcome": {"en": "outcome", "zh": "结果"},
        "flags": {"en": "flags", "zh": "提示"},
        "renamed": {"en": "renamed from {file}", "zh": "由 {file} 改名"},
        "nothing": {"en": "No account changed.", "zh": "没有客户发生变化。"},
        "counts": {
            "en": ("{up} up · {down} down · {added} new · {removed} removed · {other} other · {unchanged}"
                   " unchanged"),
            "zh": ("上升 {up} · 下降 {down} · 新增 {added} · 移除"
                   " {removed} · 其他 {other} · 未变 {unchanged}"),
        },
        "errors": {"en": "Files with problems", "zh": "有问题的文件"},
        "at_base": {"en": "(at {rev}: does not stop the diff)", "zh": "(位于 {rev}: 不影响对比)"},
        "moved_up_title": {"en": "kasales: moved up", "zh": "kasales: 上升"},
        "moved_down_title": {"en": "kasales: moved down", "zh": "kasales: 下降"},
        "high_flag_title": {"en": "kasales: new high flag", "zh": "kasales: 新增高风险提示"},
        "downgrade": {"en": "downgrade", "zh": "降级"},
    },
    "report_cut": {  # the page's notes where a list or the account table is cut (kept out of the page's data)
        "table_first": {"en": "The first {shown} accounts", "zh": "前 {shown} 个客户"},
        "table_cut": {
            "en": ("{hidden} more accounts not shown - use `{command}` for all. The table lists the {shown} accounts"
                   " with the best verdict, then the highest score; `--max-rows N` raises the limit (0: every"
                   " account)."),
            "zh": ("另有 {hidden} 个客户未显示 - 查看全部请用 `{command}`。本表列出结论最好、得分最高的"
                   " {shown} 个客户; `--max-rows N` 可提高上限 (0: 全部客户)。"),
        },
        "more_cut": {
            "en": "{shown} of {count} shown; `kasales report PATH --top 0` lists them all.",
            "zh": "显示 {count} 个中的 {shown} 个; `kasales report PATH --top 0` 列出全部。",
        },
    },
    "report_html": {
        "title": {"en": "Key-account portfolio", "zh": "大客户组合概览"},
        "as_of": {"en": "as of", "zh": "日期"},
        "rubric": {"en": "rubric", "zh": "评分规则"},
        "accounts": {"en": "accounts", "zh": "个客户"},
        "pursue": {"en": "pursue now", "zh": "立即推进"},
        "high_risk": {"en": "high risk", "zh": "高风险"},
        "attention": {"en": "need attention", "zh": "需要关注"},
        "rejected": {"en": "files rejected", "zh": "个文件被拒绝"},
        "mean_intel": {"en": "mean intel completeness", "zh": "平均情报完整度"},
        "coached": {"en": "with a coach (insider)", "zh": "有内线"},
        "charts": {"en": "Charts", "zh": "图表"},
        "chart_scatter": {"en": "Score against intel completeness", "zh": "评估得分与情报完整度"},
        "chart_pipeline": {"en": "Pipeline by stage and verdict", "zh": "各阶段的结论分布"},
        "chart_roles": {"en": "Buying-center roles covered", "zh": "采购决策链角色覆盖"},
        "x_intel": {"en": "intel completeness (%)", "zh": "情报完整度 (%)"},
        "y_score": {"en": "score (higher = lower risk)", "zh": "评估得分 (越高风险越低)"},
        "y_accounts": {"en": "accounts", "zh": "客户数"},
        "covered": {"en": "covered", "zh": "已覆盖"},
        "not_covered": {"en": "not covered", "zh": "未覆盖"},
        "no_stage": {"en": "(no stage)", "zh": "(未填阶段)"},
        "total": {"en": "total", "zh": "合计"},
        "share": {"en": "share", "zh": "占比"},
        "role": {"en": "role", "zh": "角色"},
        "median_score": {"en": "median score", "zh": "得分中位数"},
        "median_intel": {"en": "median intel (%)", "zh": "情报完整度中位数 (%)"},
        "data_table": {"en": "The numbers behind the chart", "zh": "图表数据"},
        "chart_movement": {"en": "Movement since {since}", "zh": "自 {since} 以来的变化"},
        "sum_movement": {"en": "Since {since}: {counts}.", "zh": "自 {since} 以来: {counts}。"},
        "moved": {"en": "moved", "zh": "变化"},
        "examples": {"en": "accounts", "zh": "客户"},
        "legend_bins": {"en": "accounts in the cell (darker = more)", "zh": "该格客户数 (颜色越深越多)"},
        "sum_pipeline": {
            "en": "{accounts} accounts over {stages} stages; verdicts: {verdicts}.",
            "zh": ("共 {accounts} 个客户, 分布在 {stages} 个阶段; 结论:"
                   " {verdicts}。"),
        },
        "sum_roles": {
            "en": "Of {accounts} accounts, {coached} have a coach; the least covered role is {role} ({n}).",
            "zh": ("{accounts} 个客户中 {coached} 个有内线;"
                   " 覆盖最少的角色是{role} ({n} 个)。"),
        },
        "sum_scatter": {
            "en": ("{shown} accounts placed by intel completeness (across) and score (up); {unscored} without"
                   " a score are not shown."),
            "zh": ("{shown} 个客户按情报完整度 (横轴) 与评估得分 (纵轴) 标出;"
                   " {unscored} 个没有得分的未标出。"),
        },
        "hover_point": {
            "en": "{name} ({id}): intel {intel}, score {score}, {verdict}",
            "zh": ("{name} ({id}): 情报 {intel}, 得分 {score},"
                   " {verdict}"),
        },
        "hover_bin": {
            "en": "intel {intel} %, score {score}: {n} accounts",
            "zh": "情报 {intel} %, 得分 {score}: {n} 个客户",
        },
        "hover_role": {
            "en": "{role}: someone named in {n} of {accounts} accounts",
            "zh": "{role}: {accounts} 个客户中 {n} 个已有对应联系人",
        },
        "matrix": {"en": "MAN matrix", "zh": "MAN 矩阵"},
        "pursue_now": {"en": "Pursue now", "zh": "立即推进"},
        "needs_attention": {"en": "Needs attention", "zh": "需要关注"},
        "more": {
            "en": ("{shown} of {count} shown; every account is in the table below, and `kasales report PATH"
                   " --top 0` lists them all."),
            "zh": ("显示 {count} 个中的 {shown} 个; 全部客户见下表, `kasales"
                   " report PATH --top 0` 列出全部。"),
        },
        "table": {"en": "All accounts", "zh": "全部客户"},
        "table_hint": {
            "en": "click a column heading to sort, a name for its details",
            "zh": "点击列标题排序, 点击客户名查看详情",
        },
        "filter": {"en": "Find an account", "zh": "查找客户"},
        "matches": {"en": "{n} matching accounts", "zh": "{n} 个匹配的客户"},
        "page": {"en": "page", "zh": "页"},
        "rows_shown": {"en": "{count} accounts in pages of {size}", "zh": "共 {count} 个客户, 每页 {size} 个"},
        "account": {"en": "account", "zh": "客户"},
        "id": {"en": "id", "zh": "id"},
        "stage": {"en": "stage", "zh": "阶段"},
        "score": {"en": "score", "zh": "得分"},
        "level": {"en": "risk", "zh": "风险"},
        "intel": {"en": "intel", "zh": "情报"},
        "roles": {"en": "roles", "zh": "角色"},
        "verdict": {"en": "verdict", "zh": "结论"},
        "top_flag": {"en": "top flag", "zh": "首要提示"},
        "next_step": {"en": "next step", "zh": "下一步"},
        "why": {"en": "why", "zh": "原因"},
        "file": {"en": "file", "zh": "文件"},
        "dimension": {"en": "dimension", "zh": "维度"},
        "status": {"en": "status", "zh": "状态"},
        "evidence": {"en": "evidence", "zh": "依据"},
        "factor": {"en": "factor", "zh": "因素"},
        "weight": {"en": "weight", "zh": "权重"},
        "points": {"en": "points", "zh": "贡献"},
        "note": {"en": "note", "zh": "备注"},
        "unassessed": {"en": "unassessed → 1", "zh": "未评估 → 1"},
        "category": {"en": "category", "zh": "类别"},
        "missing": {"en": "missing", "zh": "缺失"},
        "partial": {"en": "partial", "zh": "部分"},
        "flags": {"en": "Flags", "zh": "提示"},
        "strategies": {"en": "Strategies", "zh": "推荐策略"},
        "reason": {"en": "why", "zh": "原因"},
        "advice": {"en": "advice", "zh": "建议"},
        "notes": {"en": "Intel notes", "zh": "情报备注"},
        "decision_makers": {"en": "decision makers", "zh": "决策人"},
        "coach": {"en": "coach", "zh": "内线"},
        "yes": {"en": "yes", "zh": "有"},
        "no": {"en": "no", "zh": "无"},
        "none": {"en": "none", "zh": "无"},
        "errors": {"en": "Files that could not be read", "zh": "无法读取的文件"},
        "close": {"en": "close", "zh": "关闭"},
        "details_need_js": {
            "en": ("An account's details open here with JavaScript on; without it, `kasales qualify FILE`"
                   " shows them."),
            "zh": ("开启 JavaScript 后点击客户名可在此查看详情; 也可用 `kasales"
                   " qualify 文件` 查看。"),
        },
        "personal_hidden": {
            "en": ("Notes and sources of personal intel are left out (personal data); kasales report"
                   " --include-personal shows them."),
            "zh": ("客户个人资料的备注与来源属于个人信息, 未包含在本页; 如需显示请使用 kasales"
                   " report --include-personal。"),
        },
        "personal_shown": {
            "en": ("This page includes notes of personal intel (--include-personal): personal data, share"
                   " with care."),
            "zh": ("本页包含客户个人资料备注 (--include-personal): 属于个人信息,"
                   " 请谨慎分享。"),
        },
    },
    "rubric": {
        "key": {"en": "text", "zh": "文本键"},
        "source": {"en": "source", "zh": "出处"},
        "text": {"en": "wording", "zh": "措辞"},
        "course": {"en": "course {section}", "zh": "课程 {section}"},
        "kasales": {"en": "kasales†", "zh": "工具补充†"},
        "yours": {"en": "your rubric†", "zh": "自定义规则†"},
        "legend": {
            "en": "† not the course's wording: kasales's own completion, or your rubric's",
            "zh": "† 非课程原文: kasales 的补充, 或自定义评分规则所写",
        },
    },
    "report_movement": {
        "moved": {"en": "Moved since {since}", "zh": "自 {since} 以来的变化"},
        "up": {"en": "moved up", "zh": "上升"},
        "down": {"en": "moved down", "zh": "下降"},
        "added": {"en": "new", "zh": "新增"},
        "removed": {"en": "removed", "zh": "移除"},
        "other": {"en": "other changes", "zh": "其他变化"},
        "movement": {"en": "movement", "zh": "变化"},
        "accounts": {"en": "accounts", "zh": "客户数"},
        "before": {"en": "before", "zh": "之前"},
        "after": {"en": "after", "zh": "之后"},
        "trail": {"en": "score at each commit", "zh": "每次提交时的得分"},
        "no_trail": {"en": "no commit since", "zh": "此后无提交"},
        "nothing": {"en": "Nothing moved since {since}.", "zh": "自 {since} 以来没有变化。"},
        "hover_point": {"en": "{when}: {verdict}, score {score}", "zh": "{when}: {verdict}, 得分 {score}"},
        "compared": {"en": "compared with {base}", "zh": "对比版本 {base}"},
        "empty_tree": {"en": "nothing committed before that day", "zh": "该日期之前没有提交"},
    },
}


def word(section: str, key: str, lang: str, /, **params: object) -> str:
    """The word ``key`` of ``section`` in ``lang`` (English unless ``zh``), with ``{params}`` filled in."""
    text = SECTIONS[section][key]["zh" if lang == "zh" else "en"]
    if not params:
        return text
    text = text.format(**params)
    return text if lang == "zh" else singular(text)  # "1 accounts" -> "1 account"


def section_in(section: str, lang: str) -> dict[str, str]:
    """Every word of ``section`` in ``lang``: what a template needs."""
    return {key: word(section, key, lang) for key in SECTIONS[section]}


class Words:
    """One section of the words, as a renderer uses it: ``words("stage", lang)``."""

    def __init__(self, section: str) -> None:
        """A view of ``SECTIONS[section]``."""
        self.section = section

    def __call__(self, key: str, lang: str, /, **params: object) -> str:
        """The word of ``key`` in ``lang``, with ``{params}`` filled in."""
        return word(self.section, key, lang, **params)

    def __iter__(self) -> Iterator[str]:
        """The keys, so a test can check every word in both languages."""
        return iter(SECTIONS[self.section])
