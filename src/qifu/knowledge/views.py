"""Knowledge-base pages: the public search (no login), the staff's list, form and article page with its
workflow buttons, the suggestion panel of the intake and assign forms (htmx), and a replied demand to a draft.
Rules live in the services; these views parse, call and render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from qifu.core.access import role_of
from qifu.core.choices import Role
from qifu.core.errors import DomainError
from qifu.core.http import AuthedRequest
from qifu.core.inputs import errors_by_field, parse
from qifu.core.pagination import keyset_page
from qifu.core.ui import flash_refusal, page
from qifu.knowledge import selectors, services
from qifu.knowledge.choices import ArticleStatus
from qifu.knowledge.models import Article
from qifu.knowledge.permissions import access_article_for, may_draft, may_edit
from qifu.knowledge.schemas import ArticleActIn, ArticleEditIn, ArticleIn
from qifu.knowledge.transitions import WORKFLOW
from qifu.orgs.models import Department

PAGE_SIZE = 30
FORM_FIELDS = ("title", "question", "answer", "category", "keywords", "department_id", "valid_until")


def _staff(user: Any) -> bool:
    return bool(role_of(user)) and role_of(user) != Role.ENTERPRISE


def public_search(request: AuthedRequest) -> HttpResponse:
    """Anyone, logged in or not, searches the published articles in their own words."""
    q = request.GET.get("q", "").strip()[:200]
    hits = selectors.search_for(None, q, limit=10, published_only=True) if q else []
    return render(
        request,
        "knowledge/public.html",
        {"q": q, "hits": hits, "staff": _staff(request.user), "logged_in": request.user.is_authenticated},
    )


def public_article(request: AuthedRequest, article_id: int) -> HttpResponse:
    article = Article.objects.filter(pk=article_id, status=ArticleStatus.PUBLISHED).select_related("department")
    found = article.first()
    if found is None:
        return render(request, "knowledge/public_article.html", {"a": None}, status=404)
    return render(request, "knowledge/public_article.html", {"a": found, "staff": _staff(request.user)})


@page("workbench")
def article_list(request: AuthedRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    status = status if status in ArticleStatus.values else ""
    q = request.GET.get("q", "").strip()[:100]
    qs = selectors.article_list_for(request.user, status=status, q=q)
    rows, next_cursor = keyset_page(qs.order_by("-id"), cursor=request.GET.get("cursor"), limit=PAGE_SIZE)
    return render(
        request,
        "knowledge/list.html",
        {
            "rows": rows,
            "status": status,
            "q": q,
            "statuses": ArticleStatus.choices,
            "next_cursor": next_cursor,
            "can_create": may_draft(request.user),
        },
    )


def _form(request: AuthedRequest, *, article: Article | None) -> HttpResponse:
    user = request.user
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    if article is not None:
        values = {name: getattr(article, name) or "" for name in FORM_FIELDS}
    if request.method == "POST":
        values = {name: request.POST.get(name, "").strip() for name in FORM_FIELDS}
        try:
            if article is None:
                data = dict(values, publish=request.POST.get("publish") == "1")
                if not data["department_id"]:
                    data.pop("department_id")
                saved = services.article_create(actor=user, **parse(ArticleIn, data).model_dump())
                messages.success(request, "知识条目草稿已保存，待部门审核")
            else:
                data = {k: v for k, v in values.items() if k != "department_id"}
                saved = services.article_edit(
                    actor=user, article_id=article.pk, **parse(ArticleEditIn, data).model_dump()
                )
                messages.success(request, f"已保存为第{saved.version}版")
        except DomainError as exc:
            if exc.status == 404:
                raise
            errors = errors_by_field(exc)
            messages.error(request, "请按提示修改标红的项目后再保存" if errors else exc.detail)
        else:
            return redirect("knowledge:detail", article_id=saved.pk)
    departments = Department.objects.filter(is_active=True)
    if role_of(user) in (Role.DEPARTMENT_HANDLER, Role.DEPARTMENT_HEAD):
        departments = departments.filter(pk=user.department_id or 0)
    return render(
        request,
        "knowledge/form.html",
        {"a": article, "values": values, "errors": errors, "departments": departments},
    )


@page("workbench")
def article_create(request: AuthedRequest) -> HttpResponse:
    if not may_draft(request.user):
        messages.error(request, "当前角色不能起草知识条目")
        return redirect("knowledge:list")
    return _form(request, article=None)


@page("workbench")
def article_edit(request: AuthedRequest, article_id: int) -> HttpResponse:
    article = access_article_for(request.user, article_id)
    if not (may_edit(request.user, article) and article.status == ArticleStatus.DRAFT):
        messages.error(request, "只有草稿可以修改；已发布的条目请先“修订”")
        return redirect("knowledge:detail", article_id=article.pk)
    return _form(request, article=article)


@page("workbench")
def article_detail(request: AuthedRequest, article_id: int) -> HttpResponse:
    user = request.user
    article = access_article_for(user, article_id)
    actions = [(name, WORKFLOW.label(name)) for name in services.MOVES if WORKFLOW.may(user, article, name)]
    return render(
        request,
        "knowledge/detail.html",
        {
            "a": article,
            "actions": actions,
            "can_edit": WORKFLOW.may(user, article, "edit"),
            "versions": list(article.versions.select_related("edited_by")[:10]),
        },
    )


@require_POST
@page("workbench")
def article_action(request: AuthedRequest, article_id: int, action: str) -> HttpResponse:
    with flash_refusal(request):
        note = parse(ArticleActIn, {"note": request.POST.get("note", "")}).note
        services.article_act(actor=request.user, article_id=article_id, action=action, note=note)
        messages.success(request, f"已{WORKFLOW.label(action)}")
    return redirect("knowledge:detail", article_id=article_id)


@require_POST
@page("workbench")
def from_demand(request: AuthedRequest, demand_id: int) -> HttpResponse:
    """The demand page's one click: the demand's question and reply become a draft article."""
    try:
        article = services.article_from_demand(actor=request.user, demand_id=demand_id)
    except DomainError as exc:
        if exc.status == 404:
            raise
        messages.error(request, exc.detail)
        return redirect("demands:detail", demand_id=demand_id)
    messages.success(request, "已生成知识条目草稿，请补充完善后提交部门审核")
    return redirect("knowledge:detail", article_id=article.pk)


@page("workbench")
def suggest_panel(request: AuthedRequest) -> HttpResponse:
    """The intake and assign forms' panel (htmx): likely department and category, answering articles, and open
    demands like this one that the user may see."""
    if not _staff(request.user):
        return HttpResponse("")
    text = " ".join(request.GET.get(name, "") for name in ("title", "content", "text")).strip()[:2000]
    exclude = request.GET.get("exclude", "")
    exclude_id = int(exclude) if exclude.isdigit() and len(exclude) < 12 else None
    found = selectors.suggest_for(request.user, text, exclude_id=exclude_id) if text else None
    return render(request, "knowledge/_suggest.html", {"s": found})


@page("workbench")
def lookup_panel(request: AuthedRequest) -> HttpResponse:
    """The intake form's knowledge search (htmx): the answers themselves, to read out while on the call."""
    q = request.GET.get("kb", "").strip()[:200]
    hits = selectors.search_for(request.user, q, limit=5, published_only=True) if q else []
    hits = [hit for hit in hits if hit.score >= selectors.ARTICLE_FLOOR]  # loosely related ones only distract
    return render(request, "knowledge/_lookup.html", {"q": q, "hits": hits})
