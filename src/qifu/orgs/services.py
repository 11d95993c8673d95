"""Writes on organisations outside Django's admin: the district service group roster (区级政务服务小组)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from qifu.core.access import require
from qifu.core.audit import audit_record, register_action_labels
from qifu.core.errors import ValidationFailed
from qifu.orgs.models import Department, ServiceGroupMember
from qifu.orgs.schemas import ServiceGroupMemberIn

register_action_labels(
    {
        "orgs.service_group_member_save": "区级政务服务小组 保存成员单位",
    }
)


@transaction.atomic
def service_group_member_save(*, actor: Any, payload: ServiceGroupMemberIn) -> ServiceGroupMember:
    """Name (or rename) a member unit's liaison and key staff member; the centre keeps the roster."""
    require(actor, "serviceday.manage")
    department = Department.objects.filter(pk=payload.department_id, is_active=True).first()
    if department is None:
        raise ValidationFailed.field("department_id", "成员单位不存在或已停用")
    values = {
        "liaison_name": payload.liaison_name,
        "liaison_phone": payload.liaison_phone,
        "key_staff_name": payload.key_staff_name,
        "key_staff_phone": payload.key_staff_phone,
    }
    member = ServiceGroupMember.objects.select_for_update().filter(department=department).first()
    before = {k: getattr(member, k) for k in values} if member else {}
    if member is None:
        member = ServiceGroupMember.objects.create(department=department, **values)
    else:
        for name, value in values.items():
            setattr(member, name, value)
        member.save(update_fields=[*values, "updated_at"])
    audit_record(
        actor=actor,
        action="orgs.service_group_member_save",
        obj=member,
        summary=f"区级政务服务小组：{department.name} 联络员{member.liaison_name}、业务骨干{member.key_staff_name}",
        data={"before": before, "after": values},
    )
    return member
