"""Messages and problems as plain data (str, int, float, bool, None, lists, dicts) and back. Pure.

Workers send a file's outcome to the parent in this form, and a cache can store it as JSON: both are
cheaper and safer than pickled objects, and the parent turns the data back into `Msg` and `Problem`.
"""

from __future__ import annotations

from typing import Any

from kasales.core.errors import Msg, Problem, UsageProblem

MsgData = list[Any]  # [key, {param: plain value}]
ProblemData = list[Any]  # [path, line, column, MsgData, severity, usage]

_MSG = "__msg__"  # a parameter that is itself a message: {"__msg__": MsgData}


def _plain(value: Any) -> Any:
    if isinstance(value, Msg):
        return {_MSG: msg_data(value)}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)  # a date or a path: a message shows it as its text anyway


def _back(value: Any) -> Any:
    if isinstance(value, dict):
        if _MSG in value:
            return msg_from_data(value[_MSG])
        return {k: _back(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_back(v) for v in value]
    return value


def msg_data(msg: Msg) -> MsgData:
    """``msg`` as plain data (parameters that are messages nest)."""
    return [msg.key, {k: _plain(v) for k, v in msg.params.items()}]


def msg_from_data(data: MsgData) -> Msg:
    """The Msg that ``msg_data`` made ``data`` from."""
    key, params = data
    return Msg(key, **{k: _back(v) for k, v in params.items()})


def problem_data(problem: Problem) -> ProblemData:
    """``problem`` as plain data."""
    return [problem.path, problem.line, problem.column, msg_data(problem.message), problem.severity,
            isinstance(problem, UsageProblem)]


def problem_from_data(data: ProblemData) -> Problem:
    """The Problem (or UsageProblem) that ``problem_data`` made ``data`` from."""
    path, line, column, message, severity, usage = data
    kind = UsageProblem if usage else Problem
    return kind(path, line, column, msg_from_data(message), severity)
