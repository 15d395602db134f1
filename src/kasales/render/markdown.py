"""`--format markdown`: a summary fit for a pull-request comment."""

from __future__ import annotations

from kasales.render import View


def _cell(text: object) -> str:
    """Escape a value for a Markdown table cell (pipes, newlines, markup)."""
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("<", "&lt;")


def render(view: View) -> str:
    """A heading, a table of accounts, strategies per account in <details>, and invalid files."""
    rubric, lang = view.rubric, view.lang
    records = view.records()
    out = [f"## kasales: {len(records)} accounts scored, {view.batch.rejected} files rejected", ""]
    if records:
        out += ["| Account | Stage | MAN | Risk | Intel | Verdict | Top flag |", "|---|---|---|---|---|---|---|"]
        for rec in records:
            flag = rec["flags"][0]["message"] if rec["flags"] else ""
            gate = " ⛔" if view.gate_failures.get(rec["file"]) else ""
            out.append(
                f"| {_cell(rec['account']['name'])} (`{rec['account']['id']}`) | "
                f"{_cell(rubric.label('stage', rec['stage'], lang) if rec['stage'] else '-')} | "
                f"{rec['man']['code']} | {rec['risk']['score']:.1f} {rec['risk']['level']} | "
                f"{rec['intel']['completeness']:.0%} | **{rec['verdict']}**{gate} | {_cell(flag)} |")
        out.append("")
        for rec in records:
            out.append(f"<details><summary>{_cell(rec['account']['name'])}: strategies</summary>\n")
            for reason in rec["verdict_reasons"]:
                out.append(f"- Verdict: {_cell(reason)}")
            for s in rec["strategies"]:
                out.append(f"- **{_cell(s['name'])}** - {_cell(s['reason'])}. {_cell(s['advice'])}")
            for gate in view.gate_failures.get(rec["file"], []):
                out.append(f"- ⛔ gate: {_cell(gate)}")
            out.append("\n</details>\n")
    if view.batch.problems:
        out += ["### Invalid files", ""]
        out += [f"- `{_cell(str(p))}`" for p in view.batch.problems]
        out.append("")
    return "\n".join(out) + "\n"
