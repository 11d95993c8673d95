"""Departments maintain their own items (谁实施谁维护): list, new item, edit a draft, publish, list/withdraw.

Only the admin and the head of the implementing department; published versions are never edited."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from qifu.catalog import services
from qifu.catalog.choices import ItemChannel, VersionStatus
from qifu.catalog.models import ItemVersion, ServiceItem
from qifu.catalog.permissions import may_maintain
from qifu.core.http import AuthedRequest
from qifu.core.ui import flash_refusal, page
from qifu.orgs.models import Department

BLANK_ROWS = 3


def _items_for(user: Any) -> list[ServiceItem]:
    qs = ServiceItem.objects.select_related("current", "department").prefetch_related("versions")
    return [item for item in qs.order_by("department__sort_order", "code") if may_maintain(user, item)]


@page("catalog.manage")
def manage_list(request: AuthedRequest) -> HttpResponse:
    items = _items_for(request.user)
    rows = [
        {"item": i, "draft": next((v for v in i.versions.all() if v.status == VersionStatus.DRAFT), None)}
        for i in items
    ]
    departments = [
        d for d in Department.objects.filter(is_active=True) if may_maintain(request.user, ServiceItem(department=d))
    ]
    return render(request, "catalog/manage_list.html", {"rows": rows, "departments": departments})


@page("catalog.manage")
@require_POST
def manage_new(request: AuthedRequest) -> HttpResponse:
    draft = None
    with flash_refusal(request):
        draft = services.item_create(
            actor=request.user,
            code=request.POST.get("code", ""),
            department_id=int(request.POST.get("department_id") or 0),
            name=request.POST.get("name", ""),
        )
    if draft is None:
        return redirect("catalog:manage")
    messages.success(request, "已新增事项，请填写办事指南和申请材料后发布")
    return redirect("catalog:manage_version", version_id=draft.pk)


@page("catalog.manage")
@require_POST
def manage_action(request: AuthedRequest, item_id: int, action: str) -> HttpResponse:
    with flash_refusal(request):
        if action == "draft":
            draft = services.version_draft(actor=request.user, item_id=item_id)
            return redirect("catalog:manage_version", version_id=draft.pk)
        if action in ("list", "withdraw"):
            services.item_set_listed(actor=request.user, item_id=item_id, listed=action == "list")
            messages.success(request, "已上线" if action == "list" else "已下线")
    return redirect("catalog:manage")


def _materials_from(post: Any) -> list[dict[str, Any]]:
    rows = []
    for index in range(int(post.get("material_count") or 0)):
        prefix = f"m{index}-"
        rows.append(
            {
                "name": post.get(prefix + "name", ""),
                "required": post.get(prefix + "required") == "on",
                "deferrable": post.get(prefix + "deferrable") == "on",
                "copies": post.get(prefix + "copies", ""),
                "note": post.get(prefix + "note", ""),
                "checkpoints": post.get(prefix + "checkpoints", ""),
            }
        )
    return rows


@page("catalog.manage")
def manage_version(request: AuthedRequest, version_id: int) -> HttpResponse:
    version = ItemVersion.objects.select_related("item__department").filter(pk=version_id).first()
    if version is None or not may_maintain(request.user, version.item):
        return render(request, "error.html", {"status": 404, "detail": "记录不存在或无权查看"}, status=404)
    if request.method == "POST":
        fields: dict[str, Any] = {name: request.POST.get(name, "") for name in services.VERSION_FIELDS}
        fields["joint"] = request.POST.get("joint") == "on"
        fields["deferral_allowed"] = request.POST.get("deferral_allowed") == "on"
        with flash_refusal(request):
            services.draft_update(
                actor=request.user, version_id=version.pk, fields=fields, materials=_materials_from(request.POST)
            )
            if request.POST.get("publish"):
                services.version_publish(actor=request.user, version_id=version.pk)
                messages.success(request, "已发布。需要对外公开时，请在事项列表中点“上线”")
                return redirect("catalog:manage")
            messages.success(request, "草稿已保存")
        return redirect("catalog:manage_version", version_id=version.pk)
    materials = [
        {
            "name": m.name,
            "required": m.required,
            "deferrable": m.deferrable,
            "copies": m.copies,
            "note": m.note,
            "checkpoints": "\n".join(c.text for c in m.checkpoints.all()),
        }
        for m in version.materials.prefetch_related("checkpoints")
    ]
    materials += [
        {"name": "", "required": True, "deferrable": False, "copies": "原件1份", "note": "", "checkpoints": ""}
    ] * BLANK_ROWS
    return render(
        request,
        "catalog/manage_version.html",
        {
            "v": version,
            "editable": version.status == VersionStatus.DRAFT,
            "materials": materials,
            "channels": ItemChannel.choices,
        },
    )
