"""Common page machinery: the capability gate, the sidebar, and the workbench's to-do registry."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse

from qifu.core import hooks
from qifu.core.access import can, role_of
from qifu.core.choices import Role
from qifu.core.errors import DomainError
from qifu.core.inputs import errors_by_field

View = Callable[..., HttpResponseBase]


@contextmanager
def flash_refusal(request: HttpRequest) -> Iterator[None]:
    """Run a page action: a refused action becomes a Chinese message on the next page; a record that is
    missing or out of scope stays a 404."""
    try:
        yield
    except DomainError as exc:
        if exc.status == 404:
            raise
        messages.error(request, exc.detail)


@dataclass(frozen=True)
class FormState:
    """A page form after a POST that did not go through: each problem under its field, and what was typed."""

    errors: dict[str, str]
    values: Any

    @property
    def status(self) -> int:
        return 422 if self.errors else 200


def submit(
    request: HttpRequest, *, allowed: bool, save: Callable[[], str], done_url: str
) -> FormState | HttpResponseBase:
    """Run a page form's write: a redirect to `done_url` with `save()`'s message when it went through; otherwise
    the FormState to render, the refusal's message shown at the top and bad input under each field. A GET gives
    an empty FormState; a POST by someone who may not write is a 404, as the API answers."""
    if request.method != "POST":
        return FormState({}, {})
    if not allowed:
        raise Http404
    try:
        message = save()
    except DomainError as exc:
        if exc.status == 404:
            raise
        messages.error(request, exc.detail)
        return FormState(errors_by_field(exc) if exc.status == 422 else {}, request.POST)
    messages.success(request, message)
    return redirect(done_url)


def page(capability: str) -> Callable[[View], View]:
    """Login required, and the role must have `capability` (else 403: the page itself is not the user's)."""

    def decorate(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not can(request.user, capability):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    capability: str
    icon: str
    staff_only: bool = False  # a staff tool, kept out of an enterprise's menu even when its role may open it


MENU: list[MenuItem] = [
    MenuItem("工作台", "workbench", "workbench", "▣"),
    MenuItem("企业库", "enterprises:list", "enterprise.view", "▤", staff_only=True),
    MenuItem("企业诉求", "demands:list", "demand.view", "✉"),
    MenuItem("办件", "applications:list", "application.view", "✔"),
    MenuItem("预约办事", "applications:appointments", "application.view", "◷"),
    MenuItem("事项清单", "catalog:list", "workbench", "☰"),
    MenuItem("惠企政策", "policies:list", "policy.view", "★"),
    MenuItem("政策申兑", "policies:claims", "policy.view", "¥"),
    MenuItem("走访服务", "lifecycle:index", "lifecycle.view", "⚑"),
    MenuItem("领导帮办", "lifecycle:assistance", "assist.view", "☷"),
    MenuItem("重点项目", "projects:list", "project.view", "◆"),
    MenuItem("企业服务日", "servicedays:list", "serviceday.view", "◎"),
    MenuItem("好差评", "evaluations:ratings", "rating.view", "☺"),
    MenuItem("差评整改", "evaluations:rectifications", "rating.rectify", "⚒"),
    MenuItem("投诉分析", "evaluations_complaints:index", "complaint.view", "⚐", staff_only=True),
    MenuItem("干部评价", "evaluations_complaints:officers", "officer_eval.view", "☆", staff_only=True),
    MenuItem("评价问卷", "evaluations_complaints:my_surveys", "survey.answer", "✐"),
    MenuItem("督查督办", "supervision:overdue", "supervision.view", "⚠"),
    MenuItem("电子监察", "supervision:cards", "supervision.cards", "▥"),
    MenuItem("改革任务", "reform:list", "reform.view", "☑"),
    MenuItem("绩效考核", "reform:assessment", "assessment.view", "▨"),
    MenuItem("一类问题", "reform:classes", "problemclass.view", "⊞"),
    MenuItem("知识库", "knowledge:list", "workbench", "❖", staff_only=True),
    MenuItem("企业导入", "enterprises:import", "enterprise.import", "⇪"),
    MenuItem("事项维护", "catalog:manage", "catalog.manage", "✍"),
    MenuItem("数据看板", "dashboard", "dashboard.view", "◔"),
    MenuItem("工作日历", "calendar", "calendar.view", "▦"),
    MenuItem("审计日志", "audit", "audit.view", "✎"),
    MenuItem("系统管理", "admin:index", "orgs.admin", "⚙"),
    MenuItem("接口文档", "api:openapi-view", "workbench", "⌘", staff_only=True),
]


def menu_for(user: Any) -> list[dict[str, str]]:
    """The sidebar: what the role may open; an enterprise sees its own file instead of the staff tools."""
    enterprise_user = role_of(user) == Role.ENTERPRISE
    items = [
        {"label": m.label, "url": reverse(m.url_name), "icon": m.icon, "name": m.url_name}
        for m in MENU
        if can(user, m.capability) and not (enterprise_user and m.staff_only)
    ]
    if enterprise_user and user.enterprise_id:
        own = reverse("enterprises:detail", args=[user.enterprise_id])
        items.insert(1, {"label": "我的企业", "url": own, "icon": "▤", "name": "enterprises:detail"})
    return items


@dataclass(frozen=True)
class Todo:
    """One line of a workbench: what is waiting, how many, and where to act."""

    label: str
    count: int
    url: str
    level: str = "primary"  # primary | warning | danger
    hint: str = ""


@dataclass(frozen=True)
class OpenCase:
    """One case still under way (a demand, an application, a claim), as the enterprise's workbench lists it."""

    kind: str  # 诉求 | 办件 | 政策申兑
    number: str
    title: str
    status: str
    url: str
    since: datetime.datetime
    due: datetime.datetime | None = None


def open_cases_for(user: Any, limit: int = 10) -> list[OpenCase]:
    """The newest open cases of every app (core.hooks.OPEN_CASES) the user may see."""
    cases = [case for provider in hooks.get_hooks(hooks.OPEN_CASES) for case in provider(user, limit)]
    return sorted(cases, key=lambda case: case.since, reverse=True)[:limit]


TodoProvider = Callable[[Any], list[Todo]]
_PROVIDERS: list[tuple[str, TodoProvider]] = []


def todo_provider(section: str) -> Callable[[TodoProvider], TodoProvider]:
    """Register a function giving a user's to-dos; each app adds its own (demands, applications …)."""

    def register(fn: TodoProvider) -> TodoProvider:
        _PROVIDERS.append((section, fn))
        return fn

    return register


def todos_for(user: Any) -> list[tuple[str, list[Todo]]]:
    if not role_of(user):
        return []
    sections: dict[str, list[Todo]] = {}
    for section, provider in _PROVIDERS:
        items = provider(user)
        if items:
            sections.setdefault(section, []).extend(items)
    return list(sections.items())
