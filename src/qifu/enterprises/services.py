"""Every write to the enterprise register: create, update, ledger entries, stewardship.

Each function takes the actor explicitly, checks its right, writes the change and its audit
event in one transaction.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from qifu.accounts.choices import Role
from qifu.accounts.models import User
from qifu.core.access import require, role_of
from qifu.core.audit import audit_record, register_action_labels
from qifu.core.errors import Conflict, FieldError, ValidationFailed
from qifu.core.tasks import enqueue
from qifu.enterprises import hooks
from qifu.enterprises.choices import LedgerCategory
from qifu.enterprises.models import Enterprise, ImportJob, LedgerEntry, Stewardship
from qifu.enterprises.permissions import access_enterprise_for
from qifu.enterprises.spreadsheets import export_bytes, run_import
from qifu.enterprises.validation import FIELD_LABELS, clean_enterprise_data

register_action_labels(
    {
        "enterprise.create": "企业 新增",
        "enterprise.update": "企业 修改",
        "enterprise.export": "企业 导出",
        "enterprise.import_start": "企业 上传导入文件",
        "enterprise.import": "企业 导入台账",
        "ledger.add": "企业台账 新增记录",
        "stewardship.assign": "包联 指派助企干部",
    }
)

# What an enterprise user may change about itself; the rest is registry data kept by staff.
SELF_EDITABLE = frozenset({"contact_name", "contact_phone", "contact_email", "address", "employees", "annual_revenue"})


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal | dt.date):
        return str(value)
    return value


def enterprise_snapshot(enterprise: Enterprise) -> dict[str, Any]:
    values = {f: _plain(getattr(enterprise, f)) for f in FIELD_LABELS if f != "tags"}
    values["tags"] = sorted(enterprise.tags.values_list("name", flat=True))
    return values


CREDIT_ROLES = frozenset({Role.ADMIN, Role.DISPATCHER})


def _check_credit_right(actor: User, data: dict[str, Any]) -> None:
    """Only the centre sets an enterprise's credit restriction (it bars 容缺受理)."""
    if "credit_restricted" in data and role_of(actor) not in CREDIT_ROLES:
        raise ValidationFailed.field("credit_restricted", "信用受限标记只能由政务服务中心设置")


def _duplicate_uscc(uscc: str) -> Conflict:
    message = f"统一社会信用代码 {uscc} 已登记"
    return Conflict(message, [FieldError("uscc", message)])


@transaction.atomic
def enterprise_create(*, actor: User, data: dict[str, Any]) -> Enterprise:
    require(actor, "enterprise.create")
    _check_credit_right(actor, data)
    values = clean_enterprise_data(data, partial=False)
    if Enterprise.objects.filter(uscc=values["uscc"]).exists():
        raise _duplicate_uscc(values["uscc"])
    tag_ids = values.pop("tags", [])
    try:
        with transaction.atomic():
            enterprise = Enterprise.objects.create(**values)
    except IntegrityError:
        raise _duplicate_uscc(values["uscc"]) from None
    enterprise.tags.set(tag_ids)
    hooks.changed(enterprise.pk, hooks.captured(None))
    audit_record(
        actor=actor,
        action="enterprise.create",
        obj=enterprise,
        summary=f"登记企业 {enterprise.name}",
        data=enterprise_snapshot(enterprise),
    )
    return enterprise


@transaction.atomic
def enterprise_update(
    *, actor: User, enterprise_id: int, data: dict[str, Any], version: int | None = None
) -> Enterprise:
    enterprise = access_enterprise_for(actor, enterprise_id, write=True)
    require(actor, "enterprise.edit")
    if role_of(actor) == Role.ENTERPRISE:
        forbidden = sorted(set(data) - SELF_EDITABLE)
        if forbidden:
            raise ValidationFailed(
                "企业用户只能修改联系人、联系方式、地址、从业人数和营业收入",
                [FieldError(f, f"{FIELD_LABELS.get(f, f)}由登记部门维护，企业不能修改") for f in forbidden],
            )
    _check_credit_right(actor, data)
    if version is not None and version != enterprise.version:
        raise Conflict("该企业信息已被他人修改，请刷新后重试", [FieldError("version", "版本已过期")])
    values = clean_enterprise_data(data, partial=True)
    new_uscc = values.get("uscc", enterprise.uscc)
    if new_uscc != enterprise.uscc and Enterprise.objects.filter(uscc=new_uscc).exclude(pk=enterprise.pk).exists():
        raise _duplicate_uscc(new_uscc)
    before = enterprise_snapshot(enterprise)
    captured = hooks.captured(enterprise.pk)
    tag_ids = values.pop("tags", None)
    for field, value in values.items():
        setattr(enterprise, field, value)
    enterprise.version += 1
    enterprise.save(update_fields=[*values, "version", "updated_at"])
    if tag_ids is not None:
        enterprise.tags.set(tag_ids)
    after = enterprise_snapshot(enterprise)
    changes = {f: [before[f], after[f]] for f in after if before[f] != after[f]}
    if changes:
        hooks.changed(enterprise.pk, captured)
        labels = "、".join(FIELD_LABELS[f] for f in changes)
        audit_record(
            actor=actor,
            action="enterprise.update",
            obj=enterprise,
            summary=f"修改企业 {enterprise.name}：{labels}",
            data={"changes": changes},
        )
    return enterprise


@transaction.atomic
def ledger_entry_add(
    *, actor: User, enterprise_id: int, entry_date: dt.date, category: str, content: str
) -> LedgerEntry:
    enterprise = access_enterprise_for(actor, enterprise_id)
    require(actor, "ledger.write")
    errors = []
    if category not in LedgerCategory.values:
        errors.append(FieldError("category", "台账类别无效"))
    if not content.strip():
        errors.append(FieldError("content", "台账内容不能为空"))
    elif len(content) > 5000:
        errors.append(FieldError("content", "台账内容不能超过5000字"))
    if entry_date > timezone.localdate():
        errors.append(FieldError("entry_date", "台账日期不能晚于今天"))
    if errors:
        raise ValidationFailed("台账信息有误：" + "；".join(e.message for e in errors), errors)
    entry = LedgerEntry.objects.create(
        enterprise=enterprise, entry_date=entry_date, category=category, content=content.strip(), author=actor
    )
    audit_record(
        actor=actor,
        action="ledger.add",
        obj=entry,
        summary=f"{enterprise.name} 台账 {entry_date}",
        data={"enterprise_id": enterprise.pk, "category": category, "content": entry.content},
    )
    return entry


@transaction.atomic
def stewardship_assign(
    *, actor: User, enterprise_id: int, officer_id: int, started_on: dt.date | None = None, note: str = ""
) -> Stewardship:
    """Put an officer in charge of an enterprise; the previous stewardship ends the same day."""
    enterprise = access_enterprise_for(actor, enterprise_id, write=True)
    require(actor, "stewardship.assign")
    officer = User.objects.filter(pk=officer_id, role=Role.SERVICE_OFFICER, is_active=True).first()
    if officer is None:
        raise ValidationFailed.field("officer_id", "助企干部不存在或已停用")
    started_on = started_on or timezone.localdate()
    current = Stewardship.objects.select_for_update().filter(enterprise=enterprise, ended_on__isnull=True).first()
    if current is not None:
        if current.officer_id == officer.pk:
            raise Conflict(f"{enterprise.name} 已由 {officer.label} 包联")
        if started_on < current.started_on:
            raise ValidationFailed.field("started_on", "开始日期不能早于当前包联的开始日期")
        current.ended_on = started_on
        current.save(update_fields=["ended_on"])
    stewardship = Stewardship.objects.create(
        enterprise=enterprise, officer=officer, started_on=started_on, note=note.strip()[:200], assigned_by=actor
    )
    audit_record(
        actor=actor,
        action="stewardship.assign",
        obj=stewardship,
        summary=f"{enterprise.name} 包联干部改为 {officer.label}",
        data={
            "enterprise_id": enterprise.pk,
            "officer_id": officer.pk,
            "started_on": str(started_on),
            "previous_officer_id": current.officer_id if current else None,
        },
    )
    return stewardship


@transaction.atomic
def enterprise_import_start(*, actor: User, filename: str, content: bytes) -> ImportJob:
    """Store the upload and queue the import; the job page shows its progress and row errors."""
    require(actor, "enterprise.import")
    if not filename.lower().endswith(".xlsx"):
        raise ValidationFailed.field("file", "请上传 .xlsx 格式的企业台账（可先下载导入模板）")
    if not content:
        raise ValidationFailed.field("file", "上传的文件为空")
    job = ImportJob(created_by=actor, filename=filename[:200])
    job.file.save(f"enterprises-{timezone.now():%Y%m%d%H%M%S}.xlsx", ContentFile(content), save=False)
    job.save()
    audit_record(actor=actor, action="enterprise.import_start", obj=job, summary=f"上传企业台账 {job.filename}")
    enqueue(run_import, job.pk)
    return job


@transaction.atomic
def enterprise_export(*, actor: User, qs: QuerySet[Enterprise], personal: bool, filters: dict[str, str]) -> bytes:
    """The filtered list as .xlsx; exporting is audited because it carries personal data."""
    require(actor, "enterprise.export")
    content = export_bytes(qs, personal=personal, user=actor)
    audit_record(
        actor=actor,
        action="enterprise.export",
        object_type="enterprises.enterprise",
        object_id="*",
        summary="导出企业名单",
        data={"filters": filters, "personal": personal},
    )
    return content
