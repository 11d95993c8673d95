"""The enterprise page's cards and quick actions from other apps (core.hooks.ENTERPRISE_PANEL and
ENTERPRISE_ACTION): each app says what it has on one enterprise; this renders the usual card."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string


@dataclass(frozen=True)
class QuickAction:
    """A button on the enterprise page: a form of another app with the enterprise already chosen."""

    label: str
    url: str
    hint: str = ""


@dataclass(frozen=True)
class PanelRow:
    """One line of a card: the case's number or name (a link), what it is about, a badge and a date."""

    label: str
    url: str = ""
    text: str = ""
    badge: str = ""
    badge_class: str = "bg-secondary"
    when: Any = None
    note: str = ""


@dataclass(frozen=True)
class Panel:
    key: str  # the card's id on the page
    title: str
    count: int
    rows: Iterable[PanelRow] = field(default_factory=list)
    list_url: str = ""  # the full list, filtered to the enterprise
    list_label: str = ""  # the link's text: "查看全部 N 条" unless given
    empty: str = "暂无记录。"
    summary: str = ""  # a line under the title (a rate, an average)


def enterprise_panel(request: HttpRequest, panel: Panel) -> str:
    return render_to_string("core/_enterprise_panel.html", {"panel": panel}, request=request)
