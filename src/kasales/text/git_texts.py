"""Messages and words of the git-aware commands (diff, history, --changed-since), in English and Chinese."""

from __future__ import annotations

_CATALOG: dict[str, dict[str, str]] = {
    # errors (exit 2)
    "no_git": {"en": "the git command is not installed or not on PATH; kasales reads history through it",
               "zh": "未安装 git 命令或它不在 PATH 中; kasales 通过它读取历史"},
    "not_a_repo": {"en": "not inside a git repository; run this in a clone of your profiles repository "
                   "(or use `kasales qualify` on plain folders)",
                   "zh": "不在 git 仓库中; 请在档案仓库的克隆中运行 (普通目录请用 `kasales qualify`)"},
    "unknown_rev": {"en": "unknown revision (not a branch, tag or commit of this repository)",
                    "zh": "未知的版本 (不是本仓库的分支、标签或提交)"},
    "shallow_rev": {"en": "revision not found in this shallow clone: fetch more history, e.g. "
                    "`git fetch --unshallow` (or `fetch-depth: 0` in actions/checkout)",
                    "zh": "浅克隆中找不到该版本: 请获取更多历史, 例如 `git fetch --unshallow` "
                    "(或在 actions/checkout 中设置 `fetch-depth: 0`)"},
    "outside_repo": {"en": "outside the git repository at {root}", "zh": "位于 git 仓库 {root} 之外"},
    "not_found_anywhere": {"en": "no such file or folder, neither at {rev} nor in the working tree",
                           "zh": "没有这个文件或目录, {rev} 和工作区中都没有"},
    "git_failed": {"en": "git {command} failed: {detail}", "zh": "git {command} 执行失败: {detail}"},
    "bad_since": {"en": "--since takes a date like 2026-11-01 or a revision", "zh": "--since 应为日期 (例如 "
                  "2026-11-01) 或版本"},
    # status lines
    "nothing_changed": {"en": "no profile under {paths} changed since {rev}; nothing to judge",
                        "zh": "{paths} 下自 {rev} 以来没有档案改动; 无需评判"},
    "summary_diff": {"en": "{changed} accounts changed ({up} up, {down} down, {added} new, {removed} removed), "
                     "{unchanged} unchanged; {errors} files with problems",
                     "zh": "{changed} 个客户有变化 (上升 {up}, 下降 {down}, 新增 {added}, 移除 {removed}), "
                     "{unchanged} 个未变; {errors} 个文件有问题"},
    "downgrade": {"en": "{id}: {reason}", "zh": "{id}: {reason}"},
    "moved_down": {"en": "moved down ({before} → {after})", "zh": "下降 ({before} → {after})"},
    "high_flag": {"en": "gained a high flag: {flag}", "zh": "新增高风险提示: {flag}"},
    "summary_gate_downgrade": {"en": "; --fail-on-downgrade: {n} accounts", "zh": "; --fail-on-downgrade: "
                               "{n} 个客户"},
    "summary_history": {"en": "{accounts} accounts, {points} points over {commits} commits "
                        "({blobs} distinct versions scored)",
                        "zh": "{accounts} 个客户, {commits} 个提交中的 {points} 个记录 (评分 {blobs} 个不同版本)"},
}


def msg(_key: str, lang: str = "en", **params: object) -> str:
    """The message ``_key`` in ``lang`` (English when the language is unknown), filled with params."""
    table = _CATALOG[_key]
    return table.get(lang, table["en"]).format(**params)


def message_keys() -> list[str]:
    """Every message key, so a test can check both languages."""
    return list(_CATALOG)
