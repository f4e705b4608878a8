"""argparse's own messages in Chinese, so that a Chinese user's error is Chinese throughout.

argparse looks each message up through ``gettext`` (``argparse._``); the command line
points that lookup at this table when the language is zh. Only messages a user can meet
are here; the rest (a programmer's mistakes) stay English.
"""

from __future__ import annotations

import argparse
import gettext

ARGPARSE_ZH = {
    "usage: ": "用法：",
    "options": "选项",
    "positional arguments": "位置参数",
    "show this help message and exit": "显示本帮助并退出",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "无效的选项 %(value)r（可选：%(choices)s）"
    ),
    "invalid %(type)s value: %(value)r": "无效的 %(type)s 值：%(value)r",
    "expected one argument": "需要一个值",
    "expected at least one argument": "至少需要一个值",
    "expected at most one argument": "至多一个值",
    "ambiguous option: %(option)s could match %(matches)s": (
        "选项 %(option)s 有歧义，可能是 %(matches)s"
    ),
    "one of the arguments %s is required": "需要以下参数之一：%s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ignored explicit argument %r": "忽略了多余的值 %r",
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s",
}


def speak_argparse(language: str) -> None:
    """Make argparse's messages ``language`` (zh: the table above; else its own English)."""
    table = ARGPARSE_ZH if language == "zh" else {}

    def translated(message: str) -> str:
        return table.get(message, gettext.gettext(message))

    argparse._ = translated  # type: ignore[attr-defined]
