"""The catalogue of kasales's own messages in English and Chinese, and the one way to put a Msg into words."""

from __future__ import annotations

import re
from collections.abc import Callable
from enum import StrEnum

from kasales.core import vocab
from kasales.core.errors import Msg, Problem
from kasales.text.plural import singular

LANGS = ("en", "zh")

_CATALOG: dict[str, dict[str, str]] = {
    "not_utf8": {
        "en": "file is not UTF-8 (invalid byte 0x{byte:02X}){guess}; convert it, e.g. "
        "`iconv -f {encoding} -t UTF-8 FILE > FILE.new`",
        "zh": "文件不是 UTF-8 编码 (无效字节 0x{byte:02X}){guess}; 请先转换, 例如 "
        "`iconv -f {encoding} -t UTF-8 FILE > FILE.new`",
    },
    "guess_gbk": {"en": " - it looks like GBK/GB18030 (a file saved on Chinese Windows)",
                  "zh": " - 看起来是 GBK/GB18030 (中文 Windows 保存的文件)"},
    "utf16": {"en": "file is UTF-16; save it as UTF-8", "zh": "文件是 UTF-16 编码; 请另存为 UTF-8"},
    "too_large": {"en": "file is {size} bytes; profiles are limited to {limit} bytes",
                  "zh": "文件大小 {size} 字节; 客户档案上限为 {limit} 字节"},
    "empty": {"en": "empty profile: the file has no YAML content", "zh": "空档案: 文件中没有 YAML 内容"},
    "multi_doc": {"en": "more than one YAML document; a profile holds one account per file",
                  "zh": "包含多个 YAML 文档; 每个文件只能有一个客户档案"},
    "not_mapping": {"en": "the top level of a profile must be a mapping of keys (found {found})",
                    "zh": "档案顶层必须是键值映射 (实际为 {found})"},
    "too_deep": {"en": "nesting is deeper than {limit} levels; a profile never needs that",
                 "zh": "嵌套超过 {limit} 层; 客户档案不需要这么深的结构"},
    "too_big": {"en": "the document expands to more than {limit} values (alias bomb?); refusing it",
                "zh": "文档展开后超过 {limit} 个值 (别名炸弹?); 已拒绝"},
    "too_much_text": {"en": "the document expands to more than {limit} characters of text (alias bomb?); refusing it",
                      "zh": "文档展开后文本超过 {limit} 个字符 (别名炸弹?); 已拒绝"},
    "too_many_nodes": {"en": "more than {limit} keys, values and list items; a profile needs a few hundred",
                       "zh": "键、值和列表项超过 {limit} 个; 客户档案只需要几百个"},
    "more_problems": {"en": "and {count} more problems in this file (not shown)",
                      "zh": "本文件还有 {count} 个问题 (未显示)"},
    "cyclic": {"en": "cyclic alias: a value contains itself", "zh": "循环别名: 某个值包含了它自己"},
    "duplicate_key": {"en": "duplicate key '{key}' (first defined on line {first})",
                      "zh": "重复的键 '{key}' (首次定义于第 {first} 行)"},
    "syntax": {"en": "YAML syntax error: {problem}", "zh": "YAML 语法错误: {problem}"},
    "unknown_key": {"en": "unknown key '{key}'{hint}", "zh": "未知的键 '{key}'{hint}"},
    # a key under intel.personal may be a personal note written in the wrong place: never echoed
    "unknown_key_private": {"en": "unknown key (not shown: personal data){hint}",
                            "zh": "未知的键 (属于个人资料, 不予显示){hint}"},
    "did_you_mean": {"en": " (did you mean '{guess}'?)", "zh": " (是否想写 '{guess}'?)"},
    "missing": {"en": "missing required key '{key}'", "zh": "缺少必填键 '{key}'"},
    "bad_enum": {"en": "unknown value '{value}' for {field}{hint}; expected one of: {expected}",
                 "zh": "{field} 的值 '{value}' 无效{hint}; 可选值: {expected}"},
    # a value that is not text (a number, true, a date): described, not quoted
    "bad_enum_found": {"en": "invalid value for {field} (found {found}); expected one of: {expected}",
                       "zh": "{field} 的值无效 (实际为 {found}); 可选值: {expected}"},
    # a bad value under intel.personal may be a personal note in the wrong place: never echoed
    "bad_enum_private": {"en": "invalid value for {field} (not shown: personal data); expected one of: {expected}",
                         "zh": "{field} 的值无效 (属于个人资料, 不予显示); 可选值: {expected}"},
    "found_string": {"en": "the string '{value}'", "zh": "字符串 '{value}'"},
    "bad_amount_number": {"en": "{field}: expected an amount, a number like 1520000 or 1520000.50 (found {found})",
                          "zh": "{field}: 金额应为数字, 如 1520000 或 1520000.50 (实际为 {found})"},
    "bad_amount_negative": {"en": "{field}: an amount cannot be negative (found {found})",
                            "zh": "{field}: 金额不能为负数 (实际为 {found})"},
    "bad_amount_large": {"en": "{field}: amount too large (found {found})", "zh": "{field}: 金额过大 (实际为 {found})"},
    "bad_amount_cent": {"en": "{field}: an amount has at most 2 decimal places, to the cent (found {found})",
                        "zh": "{field}: 金额最多保留两位小数, 精确到分 (实际为 {found})"},
    "bad_currency": {"en": "expected a currency code such as CNY or USD (found {found})",
                     "zh": "币种应为 CNY、USD 等币种代码 (实际为 {found})"},
    "contract_on_open_deal": {
        "en": "a contract on an open deal: set `outcome: won` (or lost), or remove the contract",
        "zh": "进行中的项目不应有合同: 请设置 `outcome: won` (赢单) 或 lost (丢单), 或删除合同"},
    "paid_before_signed": {"en": "paid {paid}, before the contract was signed ({signed})",
                           "zh": "付款日期 {paid} 早于合同签订日期 {signed}"},
    "payments_above_value": {
        "en": "the payment milestones add up to {total} {currency}, more than the contract value {value}",
        "zh": "付款节点合计 {total} {currency}, 超过合同金额 {value}"},
    "score_range": {"en": "score must be an integer from 1 to 5 (found {value})",
                    "zh": "评分必须是 1 到 5 的整数 (实际为 {value})"},
    "bad_type": {"en": "expected {expected} (found {found})", "zh": "应为{expected} (实际为{found})"},
    "bad_id": {"en": "account id '{value}' may contain only letters, digits, '-' and '_'",
               "zh": "客户 id '{value}' 只能包含字母、数字、'-' 和 '_'"},
    "bad_date": {"en": "expected a date like 2026-11-20 (found {value})",
                 "zh": "应为日期, 例如 2026-11-20 (实际为 {value})"},
    "bad_version": {"en": "schema_version must be the integer 1 (found {found})",
                    "zh": "schema_version 必须是整数 1 (实际为 {found})"},
    "invalid": {"en": "{field}: {detail}", "zh": "{field}: {detail}"},
    "rubric_not_mapping": {"en": "a rubric must be a mapping of keys", "zh": "评估规则文件顶层必须是键值映射"},
    "rubric_extends": {"en": "extends: only 'default' is known (found '{found}')",
                       "zh": "extends: 只支持 'default' (实际为 '{found}')"},
    "gate_empty": {"en": "empty verdict list; choose from {choices}", "zh": "结论列表为空; 可选: {choices}"},
    "gate_unknown": {"en": "unknown verdict {found}; choose from {choices}",
                     "zh": "未知的结论 {found}; 可选: {choices}"},
    "bad_level": {"en": "unknown risk level '{found}'; choose from {choices}",
                  "zh": "未知的风险等级 '{found}'; 可选: {choices}"},
    "bad_stage": {"en": "unknown stage '{found}'; choose from {choices}",
                  "zh": "未知的阶段 '{found}'; 可选: {choices}"},
    "bad_today": {"en": "'{found}' is not a date like 2026-11-29", "zh": "'{found}' 不是日期, 应形如 2026-11-29"},
    "stage_or_profiles": {"en": "give --stage STAGE, one or more profiles, or both",
                          "zh": "请给出 --stage 阶段、一个或多个客户档案, 或两者都给"},
    "empty_path": {"en": "empty path; name a file or folder (. is the current folder)",
                   "zh": "路径为空; 请给出文件或目录 (. 表示当前目录)"},
    "empty_file_name": {"en": "empty file name", "zh": "文件名为空"},
    "names_folder": {"en": "{raw}: names a folder (it ends with '{sep}'); give a file name",
                     "zh": "{raw}: 指向一个目录 (以 '{sep}' 结尾); 请给出文件名"},
    "path_is_folder": {"en": "{raw}: is a folder, not a file", "zh": "{raw}: 是目录, 不是文件"},
    "interrupted": {"en": "interrupted", "zh": "已中断"},
    "terminated": {"en": "terminated", "zh": "已终止"},
    "internal_error": {"en": "internal error: {detail} (this is a bug in kasales; please report it with the input "
                             "that caused it)",
                       "zh": "内部错误: {detail} (这是 kasales 的缺陷; 请连同导致它的输入一起报告)"},
    "more_than": {"en": "more than {limit}", "zh": "超过 {limit}"},
    # the git-aware commands (diff, history, --changed-since)
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
    "duplicate_id": {"en": "duplicate account id '{id}': also used by {other}",
                     "zh": "客户 id '{id}' 重复: {other} 也使用了它"},
    "unreadable": {"en": "cannot read file: {reason}", "zh": "无法读取文件: {reason}"},
    "cannot_read": {"en": "cannot read: {reason}", "zh": "无法读取: {reason}"},
    "cannot_read_folder": {"en": "cannot read folder: {reason}", "zh": "无法读取目录: {reason}"},
    "not_found": {"en": "no such file or folder", "zh": "文件或目录不存在"},
    "symlink_loop": {"en": "symbolic link loop; skipped", "zh": "符号链接循环; 已跳过"},
    "link_outside": {"en": "symbolic link leading outside the folder being searched; skipped",
                     "zh": "符号链接指向所搜索的目录之外; 已跳过"},
    "not_regular_skipped": {"en": "not a regular file (a device, named pipe or socket); skipped",
                            "zh": "不是普通文件 (设备、命名管道或套接字); 已跳过"},
    "dir_named_yaml": {"en": "is a folder named like a profile; skipped",
                       "zh": "是一个以档案扩展名命名的目录; 已跳过"},
    "not_regular": {"en": "not a regular file (a named pipe, socket or device) and nothing could be read from it",
                    "zh": "不是普通文件 (命名管道、套接字或设备), 也读不到任何内容"},
    "gate_verdict": {"en": "verdict is {verdict} (--fail-on {gate})", "zh": "结论为 {verdict} (--fail-on {gate})"},
    "gate_overdue": {"en": "a payment is {days} days overdue ({amount} {currency} overdue; --fail-on-overdue {gate})",
                     "zh": "有款项已逾期 {days} 天 (逾期金额 {amount} {currency}; --fail-on-overdue {gate})"},
    "gate_risk": {"en": "risk is {level} (--fail-on-risk {gate})", "zh": "风险为 {level} (--fail-on-risk {gate})"},
    "gate_score": {"en": "score {score} is below --min-score {gate}",
                   "zh": "评估得分 {score} 低于 --min-score {gate}"},
    "gate_no_score": {"en": "no factor is scored yet (--min-score {gate})",
                      "zh": "尚无任何因素评分 (--min-score {gate})"},
    "exists": {"en": "already exists; pass --force to overwrite it", "zh": "文件已存在; 如需覆盖请加 --force"},
    "is_folder": {"en": "is a folder, not a file", "zh": "是目录, 不是文件"},
    "write_dangling_link": {"en": "is a symbolic link to nothing; refusing to create a file where it points",
                            "zh": "是指向不存在文件的符号链接; 不会在它指向的位置创建文件"},
    "write_not_regular": {"en": "is not a regular file (a socket or block device); refusing to replace it",
                          "zh": "不是普通文件 (套接字或块设备); 不会替换它"},
    "write_not_folder": {"en": "a part of this path is not a folder", "zh": "路径中有一部分不是目录"},
    "write_no_reader": {"en": "is a named pipe that nobody reads; nothing was written",
                        "zh": "是没有读取方的命名管道; 未写入任何内容"},
    # status lines of the CLI (stderr), shown after "kasales: "
    "summary_scored": {"en": "{files} files, {scored} scored, {rejected} rejected",
                       "zh": "共 {files} 个文件, 已评分 {scored} 个, 拒绝 {rejected} 个"},
    "summary_gate_tail": {"en": ", {failed} failed a gate", "zh": ", {failed} 个未通过门槛"},
    "summary_valid": {"en": "{files} files, {valid} valid, {invalid} invalid",
                      "zh": "{files} 个文件, {valid} 个有效, {invalid} 个无效"},
    "summary_checked": {"en": "{files} files, {checked} checked, {ready} meet the gate, {rejected} rejected",
                        "zh": "共 {files} 个文件, 已检查 {checked} 个, 达标 {ready} 个, 无效 {rejected} 个"},
    "gate_failed": {"en": "gate failed: {reason}", "zh": "未通过门槛: {reason}"},
    "gate_not_met": {"en": "gate not met at stage {stage}: {gaps}", "zh": "未达到 {stage} 阶段的门槛: {gaps}"},
    "wrote": {"en": "wrote {file}", "zh": "已写入 {file}"},
    "wrote_report": {"en": "wrote {file} ({scored} accounts, {rejected} files rejected)",
                     "zh": "已写入 {file} ({scored} 个客户, {rejected} 个文件被拒绝)"},
    "scoring": {"en": "scoring", "zh": "评分中"},
    "html_or_json": {"en": "--html FILE writes the page, --format json prints the aggregates: choose one",
                     "zh": "--html FILE 写出网页, --format json 输出汇总数据: 只能选择其一"},
    "no_profiles": {"en": "no profiles found under {paths} (a profile is a .yaml or .yml file)",
                    "zh": "在 {paths} 下没有找到客户档案 (客户档案是 .yaml 或 .yml 文件)"},
    "cannot_write": {"en": "cannot write: {reason}", "zh": "无法写入: {reason}"},
    "cannot_write_stdout": {"en": "cannot write to stdout: {reason}", "zh": "无法写入标准输出: {reason}"},
    "at_least": {"en": "{field} must be at least {limit} (found {found})",
                "zh": "{field} 不能小于 {limit} (实际为 {found})"},
    "at_most": {"en": "{field} must be at most {limit} (found {found})",
               "zh": "{field} 不能大于 {limit} (实际为 {found})"},
    "above": {"en": "{field} must be more than {limit} (found {found})",
             "zh": "{field} 必须大于 {limit} (实际为 {found})"},
    "below": {"en": "{field} must be less than {limit} (found {found})",
             "zh": "{field} 必须小于 {limit} (实际为 {found})"},
    "finite": {"en": "{field} must be a finite number (found {found})",
              "zh": "{field} 必须是有限的数 (实际为 {found})"},
    "bad_literal": {"en": "{field}: expected {expected} (found {found})",
                   "zh": "{field}: 应为 {expected} (实际为 {found})"},
    # kasales set / review / import (editing profiles in place)
    "edit_bad_path": {"en": "'{path}' is not a field path (e.g. man.authority or stakeholders[name=陈总].attitude)",
                      "zh": "'{path}' 不是字段路径 (例如 man.authority 或 stakeholders[name=陈总].attitude)"},
    "edit_no_value": {"en": "'{text}' is not an assignment; write PATH=VALUE",
                      "zh": "'{text}' 不是赋值; 请写成 路径=值"},
    "edit_unknown_field": {"en": "unknown field '{path}'{hint}; fields here: {known}",
                           "zh": "未知的字段 '{path}'{hint}; 此处可用的字段: {known}"},
    "edit_needs_selector": {"en": "{path} is a list: pick one item, e.g. {example} or {path}[name=...]",
                            "zh": "{path} 是列表: 请指定其中一项, 例如 {example} 或 {path}[name=...]"},
    "edit_pick_field": {"en": "{path} is a block: name one of its fields ({known})",
                        "zh": "{path} 是一个区块: 请指定其中的字段 ({known})"},
    "edit_no_selector": {"en": "{path}: only lists take [...]",
                         "zh": "{path}: 只有列表可以用 [...]"},
    "edit_not_block": {"en": "{path}: a value has no fields inside it",
                       "zh": "{path}: 这是一个值, 其中没有字段"},
    "edit_append_scalar": {"en": "{path} is not a list: use = instead of +=",
                           "zh": "{path} 不是列表: 请用 = 而不是 +="},
    "edit_no_item": {"en": "{path}: there are {count} items, counted from 0",
                     "zh": "{path}: 共有 {count} 项, 从 0 开始编号"},
    "edit_no_match": {"en": "{path}: no such item (there are: {names})",
                      "zh": "{path}: 没有这一项 (现有: {names})"},
    "edit_ambiguous": {"en": "{path}: {count} items match; pick one by its position, e.g. {first}",
                       "zh": "{path}: 有 {count} 项匹配; 请用序号指定, 例如 {first}"},
    "edit_not_round_trip": {
        "en": "kasales cannot edit this file without changing other lines (its layout, first at line {line}, is not "
              "kept by the YAML round-trip); nothing was changed - edit it by hand",
        "zh": "kasales 无法在不改动其他行的情况下编辑此文件 (YAML 往返无法保持其排版, 最早在第 {line} 行); "
              "文件未作任何修改 - 请手工编辑"},
    "edit_changed_more": {"en": "the edit would have changed more than the fields named; nothing was changed "
                                "(this is a bug in kasales; please report it with the file)",
                          "zh": "此次编辑会改动指定字段以外的内容; 文件未作任何修改 "
                                "(这是 kasales 的缺陷, 请附上文件报告)"},
    "edit_rejected": {"en": "{path}: {message}; nothing was changed", "zh": "{path}: {message}; 文件未作任何修改"},
    "edit_unchanged": {"en": "{file}: nothing to change", "zh": "{file}: 没有需要修改的内容"},
    "edit_verdict": {"en": "{file}: {before} → {after}", "zh": "{file}: {before} → {after}"},
    "verdict_brief": {"en": "{verdict} (MAN {code}, score {score} · {level} risk{tail})",
                      "zh": "{verdict} (MAN {code}, 评估得分 {score} · {level}风险{tail})"},
    "verdict_to_assess": {"en": ", {count} to assess", "zh": ", {count} 项待评估"},
    "verdict_brief_unscored": {"en": "{verdict} (MAN {code}, nothing scored yet)",
                               "zh": "{verdict} (MAN {code}, 尚未评分)"},
    "verdict_invalid": {"en": "invalid", "zh": "无效"},
    "init_pass_id": {"en": "the file name is not a valid account id; choose one with --id",
                     "zh": "文件名不能用作客户 id; 请用 --id 指定"},
    "import_no_folder": {"en": "no such folder (create it first)", "zh": "目录不存在 (请先创建)"},
    "import_reading": {"en": "{file}: {rows} rows, {encoding}, {mapping} mapping",
                       "zh": "{file}: {rows} 行, {encoding} 编码, 使用 {mapping} 映射"},
    "import_summary": {"en": "{created} created, {updated} updated, {unchanged} unchanged, {skipped} rows skipped",
                       "zh": "新建 {created} 个, 更新 {updated} 个, 未变 {unchanged} 个, 跳过 {skipped} 行"},
    "import_summary_dry": {"en": "dry run, nothing written: {created} would be created, {updated} updated, "
                                 "{unchanged} unchanged, {skipped} rows skipped",
                           "zh": "演练, 未写入任何文件: 将新建 {created} 个, 更新 {updated} 个, 未变 {unchanged} 个, "
                                 "跳过 {skipped} 行"},
    "import_unknown_export": {"en": "not a Salesforce or HubSpot export kasales recognises (no account or company "
                                    "name column); pass --map MAP.yaml",
                              "zh": "无法识别为 Salesforce 或 HubSpot 导出文件 (没有客户或公司名称列); "
                                    ""
                                    "请用 --map MAP.yaml 指定映射"},
    "import_no_name": {"en": "no account name in column '{column}'; row skipped",
                       "zh": "'{column}' 列没有客户名称; 已跳过此行"},
    "import_duplicate": {"en": "account '{id}' was already imported from line {line}; row skipped "
                                "(one row per account)",
                         "zh": "客户 '{id}' 已由第 {line} 行导入; 已跳过此行 (每个客户一行)"},
    "import_column": {"en": "column '{column}': {problem}", "zh": "'{column}' 列: {problem}"},
    "import_created": {"en": "created {file}: {verdict}", "zh": "已新建 {file}: {verdict}"},
    "import_would_create": {"en": "would create {file}: {verdict}", "zh": "将新建 {file}: {verdict}"},
    "import_updated": {"en": "updated {line}", "zh": "已更新 {line}"},
    "import_would_update": {"en": "would update {line}", "zh": "将更新 {line}"},
    "import_unchanged": {"en": "unchanged {file}", "zh": "未变 {file}"},
    "csv_encoding": {"en": "not UTF-8 or GBK text; save the export as CSV UTF-8",
                     "zh": "既不是 UTF-8 也不是 GBK 文本; 请将导出文件另存为 CSV UTF-8"},
    "csv_too_large": {"en": "file is {size} bytes; CRM exports are limited to {limit} bytes",
                      "zh": "文件大小 {size} 字节; CRM 导出文件上限为 {limit} 字节"},
    "csv_empty": {"en": "empty CSV file: no header row", "zh": "空的 CSV 文件: 没有表头行"},
    "csv_syntax": {"en": "CSV syntax error: {problem}", "zh": "CSV 格式错误: {problem}"},
    "map_not_mapping": {"en": "a mapping file is a YAML mapping with name:, fields: and values:",
                        "zh": "映射文件应是包含 name:、fields: 和 values: 的 YAML 映射"},
    "map_unknown_key": {"en": "unknown key '{key}' (a mapping has name, id, fields and values)",
                        "zh": "未知的键 '{key}' (映射文件只有 name、id、fields 和 values)"},
    "map_needs_name": {"en": "name: must give the column that holds the account name",
                       "zh": "name: 必须指定客户名称所在的列"},
    "map_bad_fields": {"en": "fields: maps a profile field to a column name, e.g. `account.owner: Owner`",
                       "zh": "fields: 把档案字段对应到列名, 例如 `account.owner: Owner`"},
    "map_bad_values": {"en": "values: maps a field to a table of CRM value -> profile value",
                       "zh": "values: 为每个字段给出 CRM 取值 -> 档案取值 的对照表"},
    "review_not_tty": {"en": "review asks questions on a terminal, and stdin is not one; from a script, change "
                             "fields with `kasales set {file} PATH=VALUE...`",
                       "zh": "review 需要在终端中逐项提问, 而标准输入不是终端; 在脚本中请用 "
                             "`kasales set {file} 路径=值...` 修改字段"},
    "review_nothing": {"en": "{file}: nothing to review - no unknown MAN dimension, unscored factor, missing intel "
                             "for the next stage or unknown attitude",
                       "zh": "{file}: 没有需要复核的内容 - 没有未知的 MAN 维度、未评分的要素、"
                             "下一阶段缺失的情报或未知的态度"},
    "review_intro": {"en": "{file}: {count} questions ({age}). Enter skips a question, Ctrl-C stops without writing.",
                     "zh": "{file}: 共 {count} 个问题 ({age})。回车跳过, Ctrl-C 停止且不写入。"},
    "review_age": {"en": "last reviewed {days} days ago", "zh": "上次复核于 {days} 天前"},
    "review_undated": {"en": "never reviewed: no account.updated", "zh": "从未复核: 没有 account.updated"},
    "review_q_man": {"en": "{label}: status?", "zh": "{label}: 状态?"},
    "review_q_evidence": {"en": "{label}: evidence (what shows it)?", "zh": "{label}: 依据 (凭什么这样判断)?"},
    "review_q_factor": {"en": "{label}: score?", "zh": "{label}: 评分?"},
    "review_q_intel": {"en": "{category} - {label}: status?", "zh": "{category} - {label}: 状态?"},
    "review_q_attitude": {"en": "{person}: attitude towards us?", "zh": "{person}: 对我方的态度?"},
    "review_choices_score": {"en": "(1 worst ... 5 best)", "zh": "(1 最差 ... 5 最好)"},
    "review_choices_text": {"en": "(free text)", "zh": "(自由填写)"},
    "review_bad_answer": {"en": "not an accepted answer; answer one of {choices}, or Enter to skip",
                          "zh": "不是可接受的回答; 请回答 {choices} 之一, 或回车跳过"},
    "review_summary": {"en": "{count} answers:", "zh": "共 {count} 个回答:"},
    "review_confirm": {"en": "Write them to {file}? [Y/n]", "zh": "写入 {file}? [Y/n]"},
    "review_not_written": {"en": "{file}: nothing written", "zh": "{file}: 未写入任何内容"},
    "review_stopped": {"en": "review stopped; nothing written to {file}", "zh": "复核已停止; 未向 {file} 写入任何内容"},
    "edit_changed_meanwhile": {"en": "the file changed while kasales was editing it; nothing was written - try again",
                               "zh": "编辑期间文件被其他程序修改; 未写入任何内容 - 请重试"},
    # configuration files (io/config.py, cli/settings.py, `kasales config`)
    "config_not_mapping": {"en": "a configuration must be a mapping of keys (rubric, exclude, lang, ...)",
                           "zh": "配置必须是键值映射 (rubric、exclude、lang 等)"},
    "config_empty_pattern": {"en": "an exclude pattern is empty", "zh": "exclude 中有空的匹配模式"},
    "toml_syntax": {"en": "TOML syntax error: {problem}", "zh": "TOML 语法错误: {problem}"},
    "config_rubric_missing": {"en": "the rubric file {file} does not exist (a rubric path is relative to the "
                              "configuration file)", "zh": "评分规则文件 {file} 不存在 (路径相对于配置文件所在目录)"},
    "bad_format": {"en": "unknown format '{found}'{hint}; choose from {choices}",
                   "zh": "未知的格式 '{found}'{hint}; 可选: {choices}"},
    "config_source_search": {"en": "nearest .kasales.yaml or pyproject.toml [tool.kasales]",
                             "zh": "最近的 .kasales.yaml 或 pyproject.toml [tool.kasales]"},
    "config_source_builtin": {"en": "built-in", "zh": "内置"},
    "config_source_default": {"en": "default", "zh": "默认"},
    "config_source_auto": {"en": "auto{detail}", "zh": "自动{detail}"},
    "config_source_rubric": {"en": "the rubric", "zh": "评分规则"},
    "config_source_locale": {"en": "locale, else en", "zh": "系统区域设置, 否则 en"},
    "config_unset": {"en": "(not set)", "zh": "(未设置)"},
    "excluded_note": {"en": "{count} left out by the configuration or .gitignore: {files}",
                      "zh": "{count} 个文件按配置或 .gitignore 排除: {files}"},
    "config_used": {"en": "configuration: {file}", "zh": "配置文件: {file}"},
    # click's usage errors in the catalogue's words (cli/help.py)
    "usage_no_option": {"en": "no such option: {name}{hint}", "zh": "没有这个选项: {name}{hint}"},
    "usage_possible": {"en": " (did you mean {options}?)", "zh": " (是否想用 {options}?)"},
    "usage_missing_argument": {"en": "missing argument {name}", "zh": "缺少参数 {name}"},
    "usage_missing_option": {"en": "missing option {name}", "zh": "缺少选项 {name}"},
    "usage_bad_value": {"en": "invalid value for {name}: {detail}", "zh": "{name} 的值无效: {detail}"},
    "usage_needs_value": {"en": "option '{name}' requires a value", "zh": "选项 '{name}' 需要一个值"},
    "usage_no_value": {"en": "option '{name}' does not take a value", "zh": "选项 '{name}' 不接受值"},
    "usage_extra": {"en": "unexpected extra arguments: {args}", "zh": "多余的参数: {args}"},
    "usage_missing_command": {"en": "missing command (kasales -h lists them)",
                              "zh": "缺少命令 (kasales -h 列出所有命令)"},
    "usage_no_command": {"en": "no such command '{name}'{hint}", "zh": "没有这个命令 '{name}'{hint}"},
    "usage_not_integer": {"en": "not a whole number", "zh": "不是整数"},
    "usage_not_number": {"en": "not a number", "zh": "不是数字"},
    "usage_at_most": {"en": "must be at most {limit}", "zh": "不能大于 {limit}"},
    "usage_at_least": {"en": "must be at least {limit}", "zh": "不能小于 {limit}"},
    "usage_not_one_of": {"en": "'{value}' is not one of {choices}{hint}",
                         "zh": "'{value}' 不是可选值 ({choices}){hint}"},
    "aborted": {"en": "aborted", "zh": "已中止"},
}

TYPE_NAMES: dict[str, dict[str, str]] = {
    "mapping": {"en": "a mapping", "zh": "映射"},
    "list": {"en": "a list", "zh": "列表"},
    "string": {"en": "a string", "zh": "字符串"},
    "integer": {"en": "an integer", "zh": "整数"},
    "boolean": {"en": "true or false", "zh": "布尔值 (true 或 false)"},
    "number": {"en": "a number", "zh": "数字"},
    "null": {"en": "nothing (null)", "zh": "空值"},
    "date": {"en": "a date", "zh": "日期"},
    "value": {"en": "a value", "zh": "值"},
}


def msg(_key: str, lang: str = "en", **params: object) -> str:
    """The message ``_key`` in ``lang`` (English when the language is unknown), filled with params."""
    return words(Msg(_key, **params), lang)


def words(message: Msg | str, lang: str = "en") -> str:
    """A message put into words in ``lang``; parameters that are messages themselves are put into words first."""
    if isinstance(message, str):  # already words: a path, a name, an OS error's text
        return message
    params = {k: words(v, lang) if isinstance(v, Msg) else v for k, v in message.params.items()}
    if message.key in _COMPUTED:
        return _COMPUTED[message.key](lang, **params)
    if message.key == "syntax" and "problem" in params:  # the parser's own words, in the user's language
        params["problem"] = _yaml_problem(params["problem"], lang)
    table = _CATALOG[message.key]
    text = table.get(lang, table["en"]).format(**params)
    return text if lang == "zh" else singular(text)


# ruamel's words for a YAML syntax problem (the parser speaks English), in Chinese: a Chinese line stays
# Chinese. A problem not listed keeps the parser's words, quoted as its own.
YAML_PROBLEMS_ZH: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^found (a tab character|character '\\t').*"), "发现制表符 (Tab); YAML 缩进只能用空格"),
    (re.compile(r"^found character .*that cannot start any token$"),
     "发现不能出现在此处的字符 (制表符 Tab、@ 或 `; YAML 缩进只能用空格, 以这些字符开头的文字请加引号)"),
    (re.compile(r"^mapping values are not allowed (here|in this context)$"),
     "此处不能出现键值对 (缩进不一致, 或值中的冒号后有空格时请给值加引号)"),
    (re.compile(r"^did not find expected '-' indicator$"), "没有找到预期的列表项 '-' (缩进不一致?)"),
    (re.compile(r"^did not find expected key$"), "没有找到预期的键 (缩进不一致?)"),
    (re.compile(r"^did not find expected ',' or '\]'$"), "没有找到预期的 ',' 或 ']' (方括号没有闭合?)"),
    (re.compile(r"^did not find expected ',' or '\}'$"), "没有找到预期的 ',' 或 '}' (花括号没有闭合?)"),
    (re.compile(r"^did not find expected node content$"), "没有找到预期的内容 (括号没有闭合?)"),
    (re.compile(r"^could not find expected ':'$"), "没有找到预期的 ':'"),
    (re.compile(r"^found unexpected end of stream$"), "文件意外结束 (引号没有闭合?)"),
    (re.compile(r"^found unexpected ':'$"), "出现了意外的 ':'"),
    (re.compile(r"^found unknown escape character.*"), "双引号中有未知的转义字符 (\\ 后的字符; 改用单引号?)"),
    (re.compile(r"^found undefined alias.*"), "使用了未定义的别名 (*名称)"),
    (re.compile(r"^(second occurrence|found duplicate anchor.*)$"), "锚点 (&名称) 重复定义"),
    (re.compile(r"^could not determine a constructor for the tag '(?P<tag>[^']*)'$"), "不支持的标签 '{tag}'"),
    (re.compile(r"^expected <block end>, but found '(?P<found>[^']*)'$"), "缩进不一致: 此处不应出现 '{found}'"),
    (re.compile(r"^(unacceptable character|special characters are not allowed|.*control characters? .*)"),
     "包含不允许的控制字符"),
]


def _yaml_problem(problem: object, lang: str) -> object:
    """The parser's words for a syntax problem in ``lang`` (English: as the parser said them)."""
    if lang == "en" or not isinstance(problem, str):
        return problem
    for pattern, text in YAML_PROBLEMS_ZH:
        found = pattern.match(problem)
        if found:  # only texts with a named part are templates ("'}' (花括号没有闭合?)" is not)
            return text.format(**found.groupdict()) if found.groupdict() else text
    return f"解析器报告 \"{problem}\""


def problem_line(problem: Problem, lang: str = "en") -> str:
    """``path:line:column: message`` (``path: message`` for a path on the command line) in ``lang``.

    One line whatever the file name or a quoted value holds, never a workflow command (render/safe_text.py).
    """
    from kasales.render.safe_text import safe_line

    return safe_line(f"{problem.where}: {words(problem.message, lang)}")


def _type_name(lang: str, kind: str) -> str:
    return TYPE_NAMES[kind].get(lang, TYPE_NAMES[kind]["en"])


def accepted(enum: type[StrEnum], lang: str) -> list[str]:
    """The values a user may write for ``enum``, in the spec's order, in both forms: ``decision_maker 决策人``.

    The same in both languages: a rep who wrote a Chinese term sees the Chinese options, and one who wrote
    English sees the English ones, whatever ``--lang`` says.
    """
    del lang  # both forms in every language
    terms = vocab.CHINESE.get(enum, {})
    return [f"{m.value} {terms[m.value][0]}" if m.value in terms else m.value for m in enum]


def _flag_words(lang: str) -> str:
    """``true, yes, on, y, 1, 是 / false, no, off, n, 0, 否`` for a yes/no field's error."""
    del lang
    return " / ".join(", ".join(vocab.FLAG_WORDS[flag]) for flag in (True, False))


def _accepted(lang: str, enum: str) -> str:
    return ", ".join(accepted(getattr(vocab, enum), lang))


# The system's reasons by error number, so a Chinese line stays Chinese (`无法写入: 没有那个文件或目录`).
# English keeps the system's own words; a number not listed here keeps them in Chinese too.
OS_ERRORS: dict[str, dict[str, str]] = {
    "ENOENT": {"en": "No such file or directory", "zh": "没有那个文件或目录"},
    "EACCES": {"en": "Permission denied", "zh": "权限不足"},
    "EPERM": {"en": "Operation not permitted", "zh": "不允许的操作"},
    "EROFS": {"en": "Read-only file system", "zh": "只读文件系统"},
    "ENOSPC": {"en": "No space left on device", "zh": "设备上没有剩余空间"},
    "EDQUOT": {"en": "Disk quota exceeded", "zh": "超出磁盘配额"},
    "EISDIR": {"en": "Is a directory", "zh": "是一个目录"},
    "ENOTDIR": {"en": "Not a directory", "zh": "不是目录"},
    "EEXIST": {"en": "File exists", "zh": "文件已存在"},
    "ELOOP": {"en": "Too many levels of symbolic links", "zh": "符号链接层数过多"},
    "ENAMETOOLONG": {"en": "File name too long", "zh": "文件名过长"},
    "EIO": {"en": "Input/output error", "zh": "输入/输出错误"},
    "EBADF": {"en": "Bad file descriptor", "zh": "无效的文件描述符"},
    "EPIPE": {"en": "Broken pipe", "zh": "管道已断开"},
    "EMFILE": {"en": "Too many open files", "zh": "打开的文件过多"},
    "ENXIO": {"en": "No such device or address", "zh": "没有那个设备或地址"},
    "ETXTBSY": {"en": "Text file busy", "zh": "文本文件忙"},
    "EFBIG": {"en": "File too large", "zh": "文件过大"},
    "EXDEV": {"en": "Invalid cross-device link", "zh": "无效的跨设备链接"},
    "EBUSY": {"en": "Device or resource busy", "zh": "设备或资源忙"},
    "EINVAL": {"en": "Invalid argument", "zh": "无效的参数"},
}


def _os_error(lang: str, code: str, text: str) -> str:
    if lang == "en" or code not in OS_ERRORS:
        return text
    return OS_ERRORS[code].get(lang, text)


# messages whose words are computed, not looked up: type names, the accepted values of an enum, OS errors
_COMPUTED: dict[str, Callable[..., str]] = {"type": _type_name, "accepted": _accepted, "flag_words": _flag_words,
                                            "os_error": _os_error}
