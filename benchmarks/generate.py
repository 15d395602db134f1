"""Generate a deterministic portfolio of varied, valid profiles for benchmarks and tests."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from kasales.core import vocab

STAGES = [m.value for m in vocab.Stage]
PROCUREMENT = [m.value for m in vocab.ProcurementStep]
PROCESS = [m.value for m in vocab.ProcessStep]
MAN_STATUS = ["yes", "yes", "partial", "no", "unknown"]  # weighted: most accounts have some of each
INTEL = {
    "background": ["org_structure", "departments", "people", "similar_products", "business_credit",
                   "industry_outlook"],
    "competitor": ["products", "sales_reps", "satisfaction", "relationships"],
    "project": ["procurement_plan", "objective", "influencers", "timeline", "budget", "process"],
    "personal": ["role_concerns", "contact", "career", "education", "interests", "communication_style"],
}
FACTORS = ["need_degree", "need_volume", "purchasing_power", "decision_authority", "credit"]
ROLES = [m.value for m in vocab.Role]
TOOLS = [m.value for m in vocab.ApproachTool]

ZH = {
    "names": ["华东地铁集团", "北方钢铁股份", "滨江第一医院", "长丰汽车零部件", "中原电力", "西湖科技大学",
              "南方城市燃气", "顺达物流", "金华百货", "华信农商银行"],
    "industry": ["轨道交通", "钢铁", "医疗", "汽车零部件", "电力", "高等教育", "城市燃气", "物流", "零售", "银行"],
    "people": ["王强", "陈总", "李娟", "张伟", "刘洋", "赵敏", "孙磊", "周婷", "吴刚", "郑丽", "黄海", "何静"],
    "titles": ["信息中心主任", "总经理", "物资采购部部长", "财务总监", "设备处处长", "副总经理", "技术科科长",
               "运营部经理"],
    "evidence": ["2027 年信息化预算 3800 万已批复, 其中调度系统改造 1200 万",
                 "信息中心主任推荐, 最终由总经理办公会决定; 尚未接触总经理",
                 "现有系统 2027 年 6 月停保, 新线路年底开通, 需求明确",
                 "预算尚在编制, 财务部表示需等年中调整",
                 "采购由集团统一招标, 分公司只提需求"],
    "notes": ["市属国企, 财政补贴稳定", "决策在总经理办公会, 我方只接触到信息中心",
              "回款周期 90 天, 近三年无拖欠记录", "（虚构示例）周末常去长跑, 参加过两次城市马拉松",
              "行业交流会闲聊", "年报与招标公告"],
    "competitors": ["恒拓轨交科技", "博远信息", "中科智联", "华为"],
    "strengths": ["价格低", "本地服务团队", "已承建 1 号线调度系统", "品牌知名度高"],
    "weaknesses": ["接口开放性差", "扩容需整体替换", "售后响应慢"],
    "objections": ["你们的价格比竞争对手高 15%", "没有同行业的成功案例", "实施周期太长"],
}
EN = {
    "names": ["Fabrikam Health Network", "Contoso Precision", "Northwind Retail", "Tailspin Logistics",
              "Adventure Works", "Litware Energy", "Woodgrove Bank", "Proseware Metro"],
    "industry": ["Hospitals", "Precision machining", "Retail", "Logistics", "Outdoor goods", "Energy",
                 "Banking", "Rail transit"],
    "people": ["Helen Brooks", "Martin Cole", "Grace Lin", "Omar Haddad", "Sara Novak", "Tom Becker",
               "Priya Raman", "Li Wei", "Ana Souza"],
    "titles": ["Clinical Director", "Chief Financial Officer", "Head of Procurement", "CIO", "Plant Manager",
               "VP Operations", "IT Architect"],
    "evidence": ["FY2027 capital plan includes 4.2M for patient-flow systems, approved by the board",
                 "Clinical director backs us, but the CFO chairs the tender board",
                 "Waiting times breach the regulator's 4-hour target at three of six sites",
                 "Budget request pending; finance expects a decision after Q2",
                 "Group procurement runs the tender; sites only state requirements"],
    "notes": ["Pays at 60 days; one dispute in 2024, settled", "Annual report and tender notices",
              "Met at the industry fair; prefers short written summaries", "Board approved the programme",
              "(fictional) runs marathons on weekends"],
    "competitors": ["Proseware Health", "Litware Systems", "Northwind Tech"],
    "strengths": ["Incumbent vendor", "Bundled pricing", "Local service team"],
    "weaknesses": ["Module is new", "No real-time dashboard", "Slow support"],
    "objections": ["Your system does not integrate with our EHR out of the box",
                   "Total cost over five years is 18% higher", "Nurses will not adopt another screen"],
}


def _q(text: str) -> str:
    """A double-quoted YAML scalar (the pools hold no quotes or backslashes)."""
    return f'"{text}"'


def _value(rng: random.Random, enum: type, value: str, chinese: bool) -> str:
    """An enum value, sometimes written as its Chinese term (SPEC §11)."""
    if chinese and rng.random() < 0.7:
        return vocab.CHINESE[enum][value][0]
    return value


def _pick(rng: random.Random, enum: type, chinese: bool) -> str:
    """A random value of ``enum``, sometimes in Chinese."""
    return _value(rng, enum, rng.choice(list(vocab.CHINESE[enum])), chinese)


def profile_text(index: int, rng: random.Random) -> str:
    """One valid profile: every block varied, Chinese or English text, 1.5-4 KB."""
    zh = rng.random() < 0.5
    pool = ZH if zh else EN
    chinese_values = zh and rng.random() < 0.5
    today = dt.date(2026, 11, 30)
    lines = ["# yaml-language-server: $schema=../schema/profile.schema.json", "schema_version: 1", "account:",
             f"  id: acct-{index:05d}", f"  name: {_q(rng.choice(pool['names']) + f' {index}')}",
             f"  industry: {_q(rng.choice(pool['industry']))}", f"  owner: {_q(rng.choice(pool['people']))}"]
    if rng.random() < 0.9:
        lines.append(f"  updated: {today - dt.timedelta(days=rng.randrange(0, 400))}")
    for key, enum, choices in (("stage", vocab.Stage, STAGES), ("procurement_step", vocab.ProcurementStep,
                                                                  PROCUREMENT),
                               ("process_step", vocab.ProcessStep, PROCESS)):
        if rng.random() < 0.9:
            lines.append(f"{key}: {_value(rng, enum, rng.choice(choices), chinese_values)}")
    lines.append(f"position: {_pick(rng, vocab.Position, chinese_values)}")
    lines.append(f"standing: {_pick(rng, vocab.Standing, chinese_values)}")
    lines.append("man:")
    for key in ("money", "authority", "need"):
        status = _value(rng, vocab.ManStatus, rng.choice(MAN_STATUS), chinese_values)
        if rng.random() < 0.3:
            lines.append(f"  {key}: {status}")
        else:
            lines += [f"  {key}:", f"    status: {status}", f"    evidence: {_q(rng.choice(pool['evidence']))}"]
    lines.append("evaluation:")
    for key in FACTORS:
        roll = rng.random()
        if roll < 0.15:
            continue  # unscored: counts as 1 and is reported as unassessed
        score = rng.randint(1, 5)
        if roll < 0.4:
            lines.append(f"  {key}: {{score: {score}, note: {_q(rng.choice(pool['notes']))}}}")
        else:
            lines.append(f"  {key}: {score}")
    people = rng.randint(0, 8)
    if people:
        lines.append("stakeholders:")
    for _ in range(people):
        roles = ", ".join(_value(rng, vocab.Role, r, chinese_values) for r in rng.sample(ROLES, rng.randint(1, 2)))
        lines += [f"  - name: {_q(rng.choice(pool['people']))}", f"    title: {_q(rng.choice(pool['titles']))}",
                  f"    roles: [{roles}]",
                  f"    attitude: {_pick(rng, vocab.Attitude, chinese_values)}",
                  f"    influence: {_pick(rng, vocab.Influence, chinese_values)}"]
        if rng.random() < 0.2:
            lines.append("    coach: true")
        if rng.random() < 0.2:
            lines.append("    key_person: true")
    lines.append("competitors:")
    for name in rng.sample(pool["competitors"], 1 if people > 2 else 2):  # small buying centers: more rivals
        lines += [f"  - name: {_q(name)}", f"    strengths: [{', '.join(rng.sample(pool['strengths'], 2))}]",
                  f"    weaknesses: [{', '.join(rng.sample(pool['weaknesses'], 2))}]"]
    lines.append("intel:")
    for category, items in INTEL.items():
        chosen = [i for i in items if rng.random() < 0.75]
        if not chosen:
            continue
        lines.append(f"  {category}:")
        for item in chosen:
            status = _value(rng, vocab.IntelStatus, rng.choice(["done", "done", "partial", "missing"]),
                            chinese_values)
            if rng.random() < 0.2:
                lines += [f"    {item}:", f"      status: {status}", f"      note: {_q(rng.choice(pool['notes']))}",
                          f"      source: {_q(rng.choice(pool['notes']))}"]
            else:
                lines.append(f"    {item}: {status}")
    tools = [_value(rng, vocab.ApproachTool, t, chinese_values) for t in rng.sample(TOOLS, rng.randint(0, 4))]
    lines.append(f"approach_tools: [{', '.join(tools)}]")
    objections = rng.randint(0, 3) if rng.random() < 0.5 else 0
    if objections:
        lines.append("objections:")
    for _ in range(objections):
        lines += [f"  - text: {_q(rng.choice(pool['objections']))}", f"    raised_by: {_q(rng.choice(pool['people']))}",
                  f"    status: {_value(rng, vocab.ObjectionStatus, rng.choice(['open', 'answered']), chinese_values)}",
                  f"    response: {_q(rng.choice(pool['evidence']))}"]
    return "\n".join(lines) + "\n"


def generate(folder: Path, count: int, seed: int = 2026) -> list[Path]:
    """Write ``count`` profiles ``acct-NNNNN.yaml`` into ``folder``; the same seed gives the same files."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(1, count + 1):
        path = folder / f"acct-{index:05d}.yaml"
        path.write_text(profile_text(index, rng), encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":  # pragma: no cover - a convenience for trying the generator by hand
    import sys

    out = generate(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 100)
    sizes = sorted(p.stat().st_size for p in out)
    print(f"{len(out)} files, sizes {sizes[0]}-{sizes[-1]} bytes, median {sizes[len(sizes) // 2]}")
