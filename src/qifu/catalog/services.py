"""Writes to the catalogue: items and their versions (draft, publish), listing, bundles.

A published version is frozen: changing an item means a new draft copied from the current version,
edited, then published; the previous version stays for the applications filed under it.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from qifu.catalog.choices import VersionStatus
from qifu.catalog.models import ItemVersion, MaterialRequirement, ReviewCheckpoint, ServiceItem
from qifu.catalog.permissions import may_maintain
from qifu.catalog.transitions import VERSION_WORKFLOW
from qifu.core.audit import audit_record, register_action_labels
from qifu.core.errors import Conflict, FieldError, NotFound, PermissionDenied, ValidationFailed
from qifu.orgs.models import Department

register_action_labels(
    {
        "catalog.draft": "事项 新建草稿",
        "catalog.create": "事项 新增",
        "catalog.edit_draft": "事项 修改草稿",
        "catalog.list": "事项 上架",
        "catalog.withdraw": "事项 下架",
    }
)

# Fields of a version a department edits in its draft.
VERSION_FIELDS = (
    "name",
    "legal_days",
    "promised_days",
    "joint",
    "fees",
    "channel",
    "basis",
    "conditions",
    "process",
    "location",
    "phone",
    "deferral_allowed",
)


def _item_for(actor: Any, item_id: int) -> ServiceItem:
    item = ServiceItem.objects.select_related("current", "department").filter(pk=item_id).first()
    if item is None:
        raise NotFound()
    if not may_maintain(actor, item):
        raise PermissionDenied("只有实施部门负责人或系统管理员可以维护该事项")
    return item


def validate_version(version: ItemVersion) -> None:
    errors = []
    if not version.name.strip():
        errors.append(FieldError("name", "事项名称不能为空"))
    if version.legal_days < 1:
        errors.append(FieldError("legal_days", "法定办结时限至少为1个工作日"))
    if not 1 <= version.promised_days <= version.legal_days:
        errors.append(FieldError("promised_days", "承诺办结时限应为1个工作日至法定时限之间"))
    deferrable_required = [m.name for m in version.materials.all() if m.deferrable and not m.required]
    if deferrable_required:
        errors.append(FieldError("materials", f"可容缺的材料应是必需材料：{'、'.join(deferrable_required)}"))
    if errors:
        raise ValidationFailed("事项信息有误：" + "；".join(e.message for e in errors), errors)


@transaction.atomic
def version_draft(*, actor: Any, item_id: int) -> ItemVersion:
    """A new draft copied from the current version (materials and checkpoints included)."""
    item = _item_for(actor, item_id)
    if item.versions.filter(status=VersionStatus.DRAFT).exists():
        raise Conflict("该事项已有草稿，请先发布或修改现有草稿")
    source = item.current
    number = (item.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    draft = ItemVersion.objects.create(
        item=item,
        number=number,
        status=VersionStatus.DRAFT,
        **({f: getattr(source, f) for f in VERSION_FIELDS} if source else {"name": item.code}),
    )
    if source is not None:
        for material in source.materials.prefetch_related("checkpoints"):
            copy = MaterialRequirement.objects.create(
                version=draft,
                name=material.name,
                required=material.required,
                deferrable=material.deferrable,
                copies=material.copies,
                note=material.note,
                form_template=material.form_template,
                sample=material.sample,
                sort_order=material.sort_order,
            )
            ReviewCheckpoint.objects.bulk_create(
                [
                    ReviewCheckpoint(material=copy, text=c.text, sort_order=c.sort_order)
                    for c in material.checkpoints.all()
                ]
            )
    audit_record(actor=actor, action="catalog.draft", obj=draft, summary=f"新建草稿：{draft}")
    return draft


@transaction.atomic
def version_publish(*, actor: Any, version_id: int) -> ItemVersion:
    """Publish a draft: it becomes the item's current version; the previous one is kept, superseded."""
    version = ItemVersion.objects.select_related("item").filter(pk=version_id).first()
    if version is None:
        raise NotFound()
    item = _item_for(actor, version.item_id)
    validate_version(version)
    version = VERSION_WORKFLOW.act(
        version,
        actor=actor,
        action="publish",
        data={"item": item.code, "number": version.number},
        updates={"published_at": timezone.now(), "published_by": actor},
    )
    if item.current is not None and item.current.pk != version.pk:
        VERSION_WORKFLOW.act(item.current, actor=actor, action="supersede", data={"by": version.pk})
    ServiceItem.objects.filter(pk=item.pk).update(current=version)
    return version


@transaction.atomic
def item_set_listed(*, actor: Any, item_id: int, listed: bool) -> ServiceItem:
    """Publish (list) or withdraw an item from the public catalogue; applications already filed go on."""
    item = _item_for(actor, item_id)
    if listed and item.current is None:
        raise Conflict("事项尚无已发布的版本，不能上线")
    ServiceItem.objects.filter(pk=item.pk).update(is_listed=listed)
    item.refresh_from_db()
    audit_record(
        actor=actor,
        action="catalog.list" if listed else "catalog.withdraw",
        obj=item,
        summary=f"{'上线' if listed else '下线'}事项：{item}",
    )
    return item


@transaction.atomic
def item_create(*, actor: Any, code: str, department_id: int, name: str) -> ItemVersion:
    """A new item of a department, with its first draft version (to be filled in and published)."""
    code = code.strip().upper()
    errors = []
    if not code or len(code) > 40:
        errors.append(FieldError("code", "事项编码不能为空，且不超过40个字符"))
    elif ServiceItem.objects.filter(code=code).exists():
        errors.append(FieldError("code", f"事项编码 {code} 已存在"))
    if not name.strip():
        errors.append(FieldError("name", "事项名称不能为空"))
    department = Department.objects.filter(pk=department_id, is_active=True).first()
    if department is None:
        errors.append(FieldError("department_id", "实施部门不存在"))
    if errors:
        raise ValidationFailed("事项信息有误：" + "；".join(e.message for e in errors), errors)
    item = ServiceItem(code=code, department=department)
    if not may_maintain(actor, item):
        raise PermissionDenied("只能为本部门新增事项")
    item.save()
    draft = ItemVersion.objects.create(item=item, number=1, name=name.strip()[:200])
    audit_record(actor=actor, action="catalog.create", obj=item, summary=f"新增事项：{code} {draft.name}")
    return draft


@transaction.atomic
def draft_update(
    *, actor: Any, version_id: int, fields: dict[str, Any], materials: list[dict[str, Any]]
) -> ItemVersion:
    """Replace a draft's guide fields and its materials (with their review checkpoints)."""
    version = ItemVersion.objects.select_related("item").filter(pk=version_id).first()
    if version is None:
        raise NotFound()
    _item_for(actor, version.item_id)
    if version.status != VersionStatus.DRAFT:
        raise Conflict("已发布的版本不能修改，请新建草稿")
    errors: list[FieldError] = []
    for name in VERSION_FIELDS:
        if name not in fields:
            continue
        value = fields[name]
        if name in ("legal_days", "promised_days"):
            try:
                value = int(value)
                if not 0 < value <= 365:
                    raise ValueError
            except (TypeError, ValueError):
                errors.append(FieldError(name, "时限应为1到365之间的工作日数"))
                continue
        setattr(version, name, value)
    cleaned = []
    for position, material in enumerate(materials):
        title = str(material.get("name") or "").strip()
        if not title:
            continue
        if len(title) > 200:
            errors.append(FieldError("materials", f"第{position + 1}项材料名称过长"))
        cleaned.append((position, title, material))
    if errors:
        raise ValidationFailed("事项信息有误：" + "；".join(e.message for e in errors), errors)
    version.save()
    version.materials.all().delete()
    for position, title, material in cleaned:
        row = MaterialRequirement.objects.create(
            version=version,
            name=title[:200],
            required=bool(material.get("required")),
            deferrable=bool(material.get("deferrable")),
            copies=str(material.get("copies") or "原件1份")[:100],
            note=str(material.get("note") or "")[:300],
            sort_order=position,
        )
        checkpoints = [c.strip() for c in str(material.get("checkpoints") or "").splitlines() if c.strip()]
        ReviewCheckpoint.objects.bulk_create(
            [ReviewCheckpoint(material=row, text=c[:300], sort_order=i) for i, c in enumerate(checkpoints)]
        )
    audit_record(
        actor=actor,
        action="catalog.edit_draft",
        obj=version,
        summary=f"修改草稿：{version}",
        data={"materials": [t for _, t, _ in cleaned]},
    )
    return version
