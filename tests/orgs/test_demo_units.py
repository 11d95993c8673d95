"""The demo district has every unit of seed 001's attachment 1, plus the utilities, each with its duties."""

from __future__ import annotations

import random

import pytest

from qifu.orgs.choices import DepartmentKind
from qifu.orgs.demo import seed_demo_units
from qifu.orgs.models import Department

# Seed 001, attachment 1 (区级相关部门名单), and the demo unit that stands for each.
ATTACHMENT_1 = {
    "区纪委监委": "JWJ",
    "区委组织部": "ZZB",
    "区发改局(区数据局)": "FGJ",
    "区公安分局": "GAJ",
    "区交通运输局": "JTJ",
    "区税务局": "SWJ",
    "区农业农村局": "NYJ",
    "区工信局": "GXJ",
    "区政务审批局": "ZSJ",
    "区司法局": "SFJ",
    "区人社局": "RSJ",
    "区住建局": "ZJJ",
    "涪城生态环境局": "HBJ",
    "区自然资源局": "ZRJ",
    "区财政局": "CZJ",
    "区卫健局": "WJJ",
    "区科技局": "KJJ",
    "区市场监管局": "SJJ",
    "区商务局": "SHJ",
    "区教体局": "JTY",
    "区医保局": "YBJ",
    "区经合局": "JHJ",
    "区综合行政执法局": "ZFJ",
    "区应急管理局": "YJJ",
    "区文广旅局": "WGL",
    "区民政局": "MZJ",
}


@pytest.mark.django_db
def test_every_unit_of_attachment_1_and_the_utilities_exist_with_their_duties() -> None:
    seed_demo_units(random.Random(1))
    units = Department.objects.in_bulk(field_name="code")
    assert len(ATTACHMENT_1) == 26
    missing = [name for name, code in ATTACHMENT_1.items() if code not in units]
    assert missing == []
    utilities = {d.short_name for d in units.values() if d.kind == DepartmentKind.UTILITY}
    assert {"揭东供电局", "粤海水务", "燃气公司", "揭东电信", "揭东移动", "揭东联通"} <= utilities
    for unit in units.values():
        sentences = [s for s in unit.duties.replace("！", "。").split("。") if s.strip()]
        assert 2 <= len(sentences) <= 4, unit.name
        assert unit.phone.startswith("0663-32")
    assert len({d.name for d in units.values()}) == len(units)


@pytest.mark.django_db
def test_the_demo_staff_department_keeps_its_name() -> None:
    seed_demo_units(random.Random(1))
    assert Department.objects.get(name__contains="市场监督管理").code == "SJJ"
