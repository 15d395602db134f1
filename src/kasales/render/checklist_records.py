"""Checklist records: the JSON of `kasales checklist`, and the category labels its views share."""

from __future__ import annotations

from typing import Any

from kasales.core.bilingual import Text
from kasales.core.checklist import AccountChecklist, ChecklistItem, ChecklistResult, checklist_items, stage_checklist
from kasales.core.rubric import Rubric
from kasales.core.vocab import ApproachTool


def category_label(category: str, rubric: Rubric, lang: str) -> str:
    """A category's label (the key itself when no rubric names it)."""
    label = rubric.checklists.categories.get(category)
    return label.get(lang) if label else category


def _item_record(item: ChecklistItem, lang: str) -> dict[str, Any]:
    return {"key": item.key, "label": item.label.get(lang), "required": item.required, "category": item.category}


def _reminder_records(reminders: tuple[tuple[str, Text], ...], lang: str) -> list[dict[str, str]]:
    return [{"key": key, "text": text.get(lang)} for key, text in reminders]


def _tool_records(rubric: Rubric, lang: str, chosen: list[str] | None) -> list[dict[str, Any]]:
    records = []
    for tool in ApproachTool:
        record: dict[str, Any] = {"key": tool.value, "label": rubric.label("approach_tool", tool.value, lang),
                                  "use": rubric.label("approach_tool_use", tool.value, lang)}
        if chosen is not None:
            record["chosen"] = tool.value in chosen
        records.append(record)
    return records


def stage_record(stage: str, rubric: Rubric, lang: str = "en") -> dict[str, Any]:
    """A stage's checklist without a profile: items (no status), reminders, and approach tools when it asks for one."""
    items = checklist_items(stage, rubric)
    record: dict[str, Any] = {"stage": stage, "stage_label": rubric.label("stage", stage, lang),
                              "items": [_item_record(i, lang) for i in items],
                              "reminders": _reminder_records(tuple(stage_checklist(stage, rubric).reminders.items()),
                                                             lang)}
    if any(i.key == "approach_tools" for i in items):
        record["approach_tools"] = _tool_records(rubric, lang, None)
    return record


def stage_result_record(result: ChecklistResult, rubric: Rubric, lang: str = "en") -> dict[str, Any]:
    """One stage's checklist against a profile: ``{"stage", "items": [{key, label, status, required}], "ready"}``."""
    record: dict[str, Any] = {
        "stage": result.stage,
        "stage_label": rubric.label("stage", result.stage, lang),
        "items": [{**_item_record(i.item, lang), "status": i.status, "detail": i.detail} for i in result.items],
        "ready": result.ready,
        "required_done": result.required_done,
        "required_total": result.required_total,
        "get_first": [i.key for i in result.get_first],
        "reminders": _reminder_records(result.reminders, lang),
    }
    tools = next((i for i in result.items if i.key == "approach_tools"), None)
    if tools is not None:
        record["approach_tools"] = _tool_records(rubric, lang, tools.detail["tools"])
    return record


def checklist_record(account: AccountChecklist, rubric: Rubric, lang: str = "en") -> dict[str, Any]:
    """The JSON record of one account's checklist: the stage's record plus file, account and next stage."""
    record = stage_result_record(account.current, rubric, lang)
    record.update({
        "file": account.file,
        "account": {"id": account.account_id, "name": account.account_name},
        "stage_source": account.stage_source,
        "next_stage": stage_result_record(account.next, rubric, lang) if account.next else None,
    })
    return record
