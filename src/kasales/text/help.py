"""The words of `--help` and of usage errors in English and Chinese: summaries, examples, option help, headings.

English option help lives with each option (typer reads it there); ``OPTION_ZH`` gives its Chinese by the
English text, and a test checks every option of every command has one, so `--help` under `--lang zh` is
Chinese throughout.
"""

from __future__ import annotations

# command -> its one-line summary (the command list shows it whole, never cut with "…")
SUMMARY: dict[str, dict[str, str]] = {
    "validate": {"en": "Check profiles against the format; one path:line:column line per problem.",
                 "zh": "按格式检查客户档案; 每个问题一行 path:line:column。"},
    "qualify": {"en": "Score accounts: MAN, risk, intel, buying center, flags, strategies and verdict.",
                "zh": "为客户评分: MAN、风险、情报、采购中心、警示、策略与结论。"},
    "checklist": {"en": "A stage's checklist, or where each account stands against it.",
                  "zh": "某个销售阶段的检查清单, 或每个客户对照清单的进度。"},
    "report": {"en": "The portfolio at a glance: in the terminal, as an offline HTML page, or as JSON.",
               "zh": "客户组合一览: 终端报告、离线 HTML 页面或 JSON 汇总。"},
    "diff": {"en": "What moved since a git revision: accounts up, down, new and removed.",
             "zh": "自某个 git 版本以来的变化: 客户升级、降级、新增与删除。"},
    "history": {"en": "Each account's verdict, score and stage at every commit that changed it.",
                "zh": "每个客户在每次修改它的提交时的结论、评分与阶段。"},
    "init": {"en": "Write a commented profile template with nothing made up.",
             "zh": "写出一份带注释的客户档案模板, 不编造任何内容。"},
    "set": {"en": "Change fields of a profile in place; comments and layout are kept.",
            "zh": "就地修改客户档案的字段; 注释与排版保持不变。"},
    "review": {"en": "Answer questions about what is unknown or missing, one at a time, then write.",
               "zh": "逐个回答关于未知或缺失信息的问题, 然后写入。"},
    "import": {"en": "Create or refresh profiles from a CRM export (CSV).",
               "zh": "从 CRM 导出的 CSV 创建或更新客户档案。"},
    "schema": {"en": "Print the JSON Schema of a profile, for editors.",
               "zh": "输出客户档案的 JSON Schema, 供编辑器使用。"},
    "rubric": {"en": "Print the active rubric, or each of its texts with its source.",
               "zh": "输出当前评分规则, 或其中每段文字及其出处。"},
    "config": {"en": "Show the effective configuration and where each value comes from.",
               "zh": "显示生效的配置及每个值的来源。"},
}

# command -> the Chinese description shown under --lang zh in place of the English docstring
DESCRIPTION_ZH: dict[str, str] = {
    "validate": "检查客户档案: 全部有效时退出码 0, 有无效档案 (或一个也没找到) 时为 2; 问题输出到标准输出。",
    "qualify": "为客户评分: MAN、风险、情报、采购中心、警示、策略与结论。\n\n"
               "退出码: 0 正常; 1 触发了门槛 (--fail-on, --fail-on-risk, --min-score); 2 文件无效或用法错误, "
               "或 PATH 下没有客户档案 (有效的文件仍会评分并输出)。",
    "checklist": "阶段检查清单: 某个阶段必须掌握的信息 (SPEC §2), 以及每个客户的进度。\n\n"
                 "单个档案文件显示完整视图; 目录或多个路径显示就绪表。\n\n"
                 "退出码: 0 正常; 1 使用 --strict 且有客户未达到阶段门槛; 2 文件无效或用法错误, 或没有客户档案。",
    "report": "汇总多个客户: MAN 矩阵、风险分布、各阶段结论、值得跟进的客户、需要关注的客户。\n\n"
              "退出码: 0 所有文件都已评分; 2 文件无效或用法错误, 或 PATH 下没有客户档案。",
    "diff": "将每个客户在某个 git 版本时的状态与工作区 (或另一个版本) 比较: 升级、降级、新增、删除。\n\n"
            "退出码: 0 正常; 1 使用 --fail-on-downgrade 且有客户降级; 2 文件无效或用法错误。",
    "history": "每个客户在每次修改其档案的提交时的结论、评分、阶段与结果。\n\n"
               "通过 git 读取历史, 不改动工作区和索引。退出码: 0 完成; 2 不在 git 仓库中、版本未知或 --since 无效。",
    "init": "写出带注释的客户档案模板: id 取自文件名, 更新日期为今天, 未知的一律保持未知。\n\n"
            "未修改的模板也能通过校验并评分; 没有 --force 时绝不覆盖已有文件。FILE 为 - 时输出到标准输出。",
    "set": "设置客户档案的字段: 值按加载器的规则校验, 注释与排版保持不变。\n\n"
           "除非使用 --keep-date, account.updated 会改为今天。写入 (或无需修改) 时退出码 0, 赋值无效时为 2。",
    "review": "询问未知或缺失的信息 (MAN、未评分的因素、下一阶段的情报、态度), 然后写入。\n\n"
              "回车跳过问题, Ctrl-C 停止且不写入。需要终端: 脚本中请使用 `kasales set`。",
    "import": "为每个新客户创建档案, 对已有档案只更新映射的字段 (保留注释)。\n\n"
              "无法导入的行会连同 CSV 行号报告并跳过。全部导入时退出码 0, 有跳过或输入无法使用时为 2。",
    "schema": "输出客户档案的 JSON Schema, 供编辑器使用 (`# yaml-language-server: $schema=...`)。",
    "rubric": "输出当前评分规则 (内置的, 或用 --rubric FILE 覆盖后的): YAML 格式, 或每段文字及其出处。",
    "config": "显示生效的配置: 每个键的值及其来源 (命令行选项、环境变量、配置文件及行号、默认值)。"
              "配置文件无效时退出码为 2。",
}

ROOT_ZH = ("根据 YAML 客户档案评估大客户: MAN、风险、情报、采购中心、策略。\n\n"
           "退出码: 0 正常, 1 触发了你要求的门槛, 2 输入或用法无效 (或没有找到客户档案), 3 内部错误 (程序缺陷), "
           "130 被中断 (Ctrl-C), 141 标准输出被提前关闭 (`| head`), 143 被终止 (SIGTERM)。")

# command -> examples: (command line, what it does in en and zh)
EXAMPLES: dict[str, list[tuple[str, dict[str, str]]]] = {
    "validate": [("kasales validate accounts/", {"en": "check every profile under accounts/",
                                                  "zh": "检查 accounts/ 下的所有客户档案"}),
                 ("kasales validate accounts/ -f github", {"en": "annotations in a GitHub Actions job",
                                                           "zh": "在 GitHub Actions 中输出注释"})],
    "qualify": [("kasales qualify accounts/acme.yaml", {"en": "one account in full", "zh": "一个客户的完整视图"}),
                ("kasales qualify accounts/ --fail-on disqualify",
                 {"en": "a CI gate: exit 1 on a disqualified account", "zh": "CI 门槛: 有客户被排除时退出码 1"}),
                ("cat p.yaml | kasales qualify - -f json", {"en": "a profile from standard input, as JSON",
                                                             "zh": "从标准输入读取档案, 输出 JSON"})],
    "checklist": [("kasales checklist --stage present", {"en": "the bare checklist of a stage",
                                                         "zh": "某个阶段的空白检查清单"}),
                  ("kasales checklist accounts/ --strict",
                   {"en": "readiness of every account; exit 1 when one is not ready",
                    "zh": "所有客户的就绪情况; 有未就绪时退出码 1"})],
    "report": [("kasales report accounts/", {"en": "the terminal report", "zh": "终端报告"}),
               ("kasales report accounts/ --html out/portfolio.html", {"en": "the offline HTML page",
                                                                       "zh": "离线 HTML 页面"})],
    "diff": [("kasales diff origin/main accounts/", {"en": "what a branch moves", "zh": "某个分支带来的变化"}),
             ("kasales diff HEAD~1 -f markdown", {"en": "a summary for a pull request", "zh": "用于拉取请求的摘要"})],
    "history": [("kasales history accounts/acme.yaml", {"en": "one account over time", "zh": "一个客户的历史"}),
                ("kasales history --since 2026-11-01", {"en": "every account since a date",
                                                        "zh": "自某日起的所有客户"})],
    "init": [("kasales init accounts/acme.yaml --name 'ACME' --lang zh", {"en": "a new profile with Chinese "
                                                                           "comments", "zh": "新建带中文注释的档案"}),
             ("kasales init -", {"en": "the template on standard output", "zh": "模板输出到标准输出"})],
    "set": [("kasales set accounts/acme.yaml man.authority=yes", {"en": "one field", "zh": "修改一个字段"}),
            ("kasales set accounts/acme.yaml 'stakeholders[name=陈总].attitude=supporter' --dry-run",
             {"en": "see the verdict change first", "zh": "先查看结论的变化"})],
    "review": [("kasales review accounts/acme.yaml", {"en": "answer what is unknown", "zh": "回答未知的问题"})],
    "import": [("kasales import crm.csv --into accounts/ --dry-run", {"en": "what an import would change",
                                                                      "zh": "查看导入会改变什么"})],
    "schema": [("kasales schema -o schema/profile.schema.json", {"en": "for editors (folders are created)",
                                                                 "zh": "供编辑器使用 (自动创建目录)"})],
    "rubric": [("kasales rubric --format table", {"en": "every text and its source",
                                                  "zh": "每段文字及其出处"})],
    "config": [("kasales config", {"en": "the effective settings and their sources",
                                   "zh": "生效的设置及其来源"}),
               ("kasales config -f json", {"en": "the same for a script", "zh": "同上, 供脚本使用"})],
}

# the headings and fixed words of help and usage messages
WORDS: dict[str, dict[str, str]] = {
    "usage": {"en": "Usage: ", "zh": "用法: "},
    "options_metavar": {"en": "[OPTIONS]", "zh": "[选项]"},
    "command_metavar": {"en": "COMMAND [ARGS]...", "zh": "命令 [参数]..."},
    "Options": {"en": "Options", "zh": "选项"},
    "Arguments": {"en": "Arguments", "zh": "参数"},
    "Commands": {"en": "Commands", "zh": "命令"},
    "Examples": {"en": "Examples", "zh": "示例"},
    "default: {default}": {"en": "default: {default}", "zh": "默认: {default}"},
    "required": {"en": "required", "zh": "必填"},
    "(dynamic)": {"en": "(dynamic)", "zh": "(动态)"},
    "env var: {var}": {"en": "env var: {var}", "zh": "环境变量: {var}"},
    "try": {"en": "Try '{command} -h' for help.", "zh": "运行 '{command} -h' 查看帮助。"},
}

# English option help -> Chinese
OPTION_ZH: dict[str, str] = {
    "Show the version and exit.": "显示版本并退出。",
    "Show this message and exit.": "显示本帮助并退出。",
    "Install completion for the current shell.": "为当前 shell 安装命令补全。",
    "Show completion for the current shell, to copy it or customize the installation.":
        "显示当前 shell 的补全脚本, 便于复制或自定义安装。",
    "Profile files and/or folders (searched recursively).": "客户档案文件和/或目录 (递归搜索)。",
    "table: one path:line:column line per problem; json: a document; github: workflow annotations, then the lines "
    "[default: $KASALES_FORMAT, else the configuration's format, else auto: github under GitHub Actions, table "
    "otherwise].":
        "table: 每个问题一行 path:line:column; json: 一个文档; github: 工作流注释, 然后是各行 [默认: $KASALES_FORMAT, "
        "其次是配置中的 format, 否则为 auto: 在 GitHub Actions 中为 github, 其他情况为 table]。",
    "Only profiles added, modified or renamed since git revision REV (untracked ones too), e.g. origin/main in a "
    "pull request; nothing changed is exit 0.":
        "只处理自 git 版本 REV 以来新增、修改或重命名的档案 (包括未跟踪的), 例如拉取请求中的 origin/main; "
        "没有变化时退出码 0。",
    "Language of labels and messages: zh or en [default: $KASALES_LANG, locale, en].":
        "标签和消息的语言: zh 或 en [默认: $KASALES_LANG、配置、系统区域设置、en]。",
    "Use this configuration file instead of the nearest .kasales.yaml or pyproject.toml [tool.kasales].":
        "使用此配置文件, 而不是最近的 .kasales.yaml 或 pyproject.toml [tool.kasales]。",
    "Ignore every configuration file: built-in defaults.": "忽略所有配置文件: 使用内置默认值。",
    "Print only the payload and errors (no summary).": "只输出结果和错误 (不输出摘要)。",
    "Also say which configuration was used and which files were left out.":
        "同时说明使用了哪个配置文件、排除了哪些文件。",
    "Colour human output: auto (a terminal, unless $NO_COLOR; $FORCE_COLOR forces it), always or never.":
        "为人读的输出着色: auto (终端中着色, 除非设置了 $NO_COLOR; $FORCE_COLOR 强制着色)、always 或 never。",
    "On an internal error, print the whole traceback.": "发生内部错误时输出完整的回溯信息。",
    "The name `-` (a profile on standard input) is shown by.": "标准输入中的档案 (`-`) 在消息中显示的名称。",
    "Output format [default: $KASALES_FORMAT, else the configuration's format, else auto: github under GitHub "
    "Actions, table otherwise].":
        "输出格式 [默认: $KASALES_FORMAT, 其次是配置中的 format, 否则为 auto: 在 GitHub Actions 中为 github, "
        "其他情况为 table]。",
    "Write the payload to this file (atomically) instead of stdout.": "将结果 (原子地) 写入此文件, 而不是标准输出。",
    "Overwrite an existing output file.": "覆盖已存在的输出文件。",
    "Name each invalid profile once and leave its problems to kasales validate (the pre-commit hook next to "
    "kasales-validate).":
        "每个无效档案只列出一次, 其问题留给 kasales validate 输出 (用于与 kasales-validate 并用的 pre-commit 钩子)。",
    "With several files: each account's full view too.": "多个文件时: 同时显示每个客户的完整视图。",
    "Exit 1 when any account gets one of these verdicts.": "任一客户得到这些结论之一时退出码为 1。",
    "Exit 1 when any account's risk is LEVEL or worse.": "任一客户的风险达到 LEVEL 或更差时退出码为 1。",
    "Exit 1 when any account's score is below N (or has none).": "任一客户的评分低于 N (或没有评分) 时退出码为 1。",
    "Your rubric YAML (may `extends: default`) instead of the built-in one.":
        "使用你的评分规则 YAML (可以 `extends: default`) 代替内置规则。",
    "Include notes and sources of personal intel (personal data) in output.":
        "在输出中包含个人情报的备注和来源 (个人资料)。",
    "Profile files and/or folders; without any, --stage prints the bare checklist.":
        "客户档案文件和/或目录; 不给出时, --stage 输出空白检查清单。",
    "prospect, evaluate, approach, present, objections or close (or 寻找客户 ... 诱导成交), or service (售后服务) "
    "for a won deal [default: service for a won deal, else each profile's own stage, else prospect; then the "
    "next stage's readiness is shown too].":
        "prospect、evaluate、approach、present、objections 或 close (或 寻找客户 ... 诱导成交), 已成交的客户可用 "
        "service (售后服务) [默认: 已成交的客户为 service, 否则为每个档案自己的阶段, 再否则为 prospect; "
        "同时显示下一阶段的就绪情况]。",
    "Exit 1 when a payment milestone is overdue longer than DAYS (won deals).":
        "有付款节点逾期超过 DAYS 天时退出码为 1 (已成交的客户)。",
    "Output format.": "输出格式。",
    "Exit 1 when an account does not meet its stage's gate.": "有客户未达到其阶段门槛时退出码为 1。",
    "Write a self-contained HTML dashboard (charts, sortable table, account details) to FILE instead of printing "
    "the terminal report. Works offline.":
        "将独立的 HTML 仪表盘 (图表、可排序表格、客户详情) 写入 FILE, 而不是输出终端报告。可离线使用。",
    "At most N accounts in each list (pursue now, needs attention, won and lost, receivables), with a count of "
    "the rest; 0 lists all.":
        "每个列表 (立即跟进、需要关注、赢单与丢单、应收账款) 最多 N 个客户, 其余只计数; 0 表示全部列出。",
    "With --html: at most N accounts in the page's account table (the best verdict, then the highest score, "
    "first), with a note of how many more there are; 0 lists every account. Counts and charts always cover "
    "every account.":
        "配合 --html: 页面的客户表最多列出 N 个客户 (先按结论、再按得分从高到低), 并注明还有多少未显示;"
        " 0 表示列出全部客户。计数与图表始终涵盖所有客户。",
    "text: the terminal report; json: the aggregates the page shows (counts per MAN cell, level, verdict, "
    "stage x verdict, role), for scripts.":
        "text: 终端报告; json: 页面所示的汇总数据 (按 MAN 单元、风险等级、结论、阶段×结论、角色计数), 供脚本使用。",
    "Inside a git repository: add what moved since the revision REV, or since the last commit before DATE "
    "(2026-11-20), as `kasales diff` finds it, to the report, the page and the JSON; the page also shows each "
    "moved account's score at every commit since.":
        "在 git 仓库中: 将自版本 REV (或 DATE 之前的最后一次提交, 如 2026-11-20) 以来的变化 (与 `kasales diff` "
        "相同) 加入报告、页面和 JSON; 页面还会显示每个变化客户此后每次提交时的评分。",
    "BASE: a git revision (branch, tag, commit, HEAD~3) [default: HEAD]; the first argument is BASE unless it is "
    "an existing file or folder. PATHs: profile files and/or folders [default: .].":
        "BASE: 一个 git 版本 (分支、标签、提交、HEAD~3) [默认: HEAD]; 第一个参数是 BASE, 除非它是已存在的文件或目录。"
        "PATH: 客户档案文件和/或目录 [默认: .]。",
    "Compare BASE with this revision instead of the working tree.": "将 BASE 与此版本比较, 而不是与工作区比较。",
    "List unchanged accounts too.": "同时列出没有变化的客户。",
    "Exit 1 when an account moved down or gained a high flag.": "有客户降级或新增高级警示时退出码为 1。",
    "Profile files and/or folders, as they are named in the repository [default: .].":
        "客户档案文件和/或目录, 按仓库中的名称 [默认: .]。",
    "Only commits after a date (2026-11-01) or after a revision (REV..HEAD, e.g. a tag of last week's review).":
        "只看某日期 (2026-11-01) 或某版本 (REV..HEAD, 例如上周评审的标签) 之后的提交。",
    "Where to write the new profile (-: standard output).": "新档案写到哪里 (-: 标准输出)。",
    "Account id [default: the file name].": "客户 id [默认: 文件名]。",
    "The customer's name.": "客户名称。",
    "The rep who owns the account.": "负责该客户的销售代表。",
    "Sales stage (prospect ... close, or 寻找客户 ...).": "销售阶段 (prospect ... close, 或 寻找客户 ...)。",
    "The profile to change.": "要修改的客户档案。",
    "Fields to set, e.g. man.authority=yes evaluation.credit=4 stakeholders[name=陈总].attitude=supporter; "
    "PATH+=VALUE appends to a list.":
        "要设置的字段, 例如 man.authority=yes evaluation.credit=4 stakeholders[name=陈总].attitude=supporter; "
        "PATH+=VALUE 追加到列表。",
    "Leave account.updated as it is.": "保持 account.updated 不变。",
    "Check and show the verdict change; write nothing.": "检查并显示结论的变化; 不写入任何内容。",
    "The profile to review.": "要检查的客户档案。",
    "A CRM export (CSV).": "CRM 导出文件 (CSV)。",
    "The folder of profiles to create or refresh.": "要创建或更新的客户档案目录。",
    "Which column fills which field [default: recognised from the header]": "哪一列填入哪个字段 [默认: 根据表头识别]",
    "Show what would change; write nothing.": "显示会改变什么; 不写入任何内容。",
    "yaml: the whole rubric; table or json: every text with where it comes from (a course section, or "
    "kasales's own completion).":
        "yaml: 完整的评分规则; table 或 json: 每段文字及其出处 (课程章节, 或 kasales 自己的补充)。",
    "table: one line per key; json: a document.": "table: 每个键一行; json: 一个文档。",
    "Neither read nor write the cache of results.": "既不读取也不写入结果缓存。",
    "csv: no UTF-8 byte order mark (by default one is written first, so Excel reads the file as UTF-8).":
        "csv: 不写 UTF-8 字节顺序标记 (默认先写一个, 以便 Excel 按 UTF-8 读取文件)。",
    "Keep the cache of per-file results here [default: $KASALES_CACHE_DIR, else .kasales_cache].":
        "逐文件结果缓存的存放位置 [默认: $KASALES_CACHE_DIR, 否则为 .kasales_cache]。",
}
