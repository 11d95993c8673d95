"""Input of the one write on organisations that is not done in Django's admin: the service group roster."""

from __future__ import annotations

from pydantic import Field

from qifu.core.schema_types import Id, WriteIn


class ServiceGroupMemberIn(WriteIn):
    department_id: Id = Field(title="成员单位")
    liaison_name: str = Field(title="联络员（分管负责同志）", min_length=1, max_length=50)
    liaison_phone: str = Field("", title="联络员电话", max_length=30)
    key_staff_name: str = Field(title="业务骨干", min_length=1, max_length=50)
    key_staff_phone: str = Field("", title="业务骨干电话", max_length=30)
