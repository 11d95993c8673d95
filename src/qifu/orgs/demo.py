"""The demo district's organisations for `manage.py seed_demo`: the centre and its member units (named after the
seeds, 揭东区), two parks, twelve towns, and grids with their grid officers."""

from __future__ import annotations

import random

from django.contrib.auth import get_user_model

from qifu.core.choices import Role
from qifu.orgs.choices import DepartmentKind
from qifu.orgs.models import Department, Grid, Park, Town

DEPARTMENTS = [
    ("ZSJ", "揭东区政务服务数据管理局", "区政数局", DepartmentKind.CENTER),
    ("SJJ", "揭东区市场监督管理局", "区市监局", DepartmentKind.DEPARTMENT),
    ("SWJ", "国家税务总局揭阳市揭东区税务局", "区税务局", DepartmentKind.DEPARTMENT),
    ("FGJ", "揭东区发展和改革局", "区发改局", DepartmentKind.DEPARTMENT),
    ("ZJJ", "揭东区住房和城乡建设局", "区住建局", DepartmentKind.DEPARTMENT),
    ("NYJ", "揭东区农业农村局", "区农业农村局", DepartmentKind.DEPARTMENT),
    ("HBJ", "揭阳市生态环境局揭东分局", "生态环境分局", DepartmentKind.DEPARTMENT),
    ("ZRJ", "揭阳市自然资源局揭东分局", "自然资源分局", DepartmentKind.DEPARTMENT),
    ("RSJ", "揭东区人力资源和社会保障局", "区人社局", DepartmentKind.DEPARTMENT),
    ("SFJ", "揭东区司法局", "区司法局", DepartmentKind.DEPARTMENT),
    ("KJJ", "揭东区科学技术局", "区科技局", DepartmentKind.DEPARTMENT),
    ("CZJ", "揭东区财政局", "区财政局", DepartmentKind.DEPARTMENT),
    ("ZZB", "中共揭阳市揭东区委组织部", "区委组织部", DepartmentKind.DEPARTMENT),
    ("JHJ", "揭东区经济合作局", "区经合局", DepartmentKind.DEPARTMENT),
    ("GXJ", "揭东区工业和信息化局", "区工信局", DepartmentKind.DEPARTMENT),
    ("GDJ", "揭东供电局", "揭东供电局", DepartmentKind.UTILITY),
    ("SW", "粤海水务揭东供水公司", "粤海水务", DepartmentKind.UTILITY),
    ("JKQ", "揭东经济开发区管理委员会", "经开区管委会", DepartmentKind.PARK_COMMITTEE),
    ("ZDY", "中德金属生态城（中德产业园）管理委员会", "中德产业园管委会", DepartmentKind.PARK_COMMITTEE),
]
PARKS = [("JKQ", "经开区", "JKQ", "揭东区经济开发区"), ("ZDY", "中德产业园", "ZDY", "揭东区中德金属生态城")]
TOWNS = [
    "曲溪街道",
    "磐东街道",
    "云路镇",
    "玉窖镇",
    "锡场镇",
    "新亨镇",
    "玉湖镇",
    "埔田镇",
    "霖磐镇",
    "月城镇",
    "白塔镇",
    "龙尾镇",
]


def seed_demo_units(rng: random.Random) -> str:
    departments = {}
    for order, (code, name, short, kind) in enumerate(DEPARTMENTS):
        departments[code] = Department.objects.create(
            code=code,
            name=name,
            short_name=short,
            kind=kind,
            sort_order=order,
            phone=f"0663-32{rng.randint(10000, 99999)}",
        )
    for code, name, committee, addr in PARKS:
        Park.objects.create(code=code, name=name, committee=departments[committee], address=addr)
    for i, name in enumerate(TOWNS):
        Town.objects.create(code=f"T{i + 1:02d}", name=name)
    return ""


def seed_demo_grids(rng: random.Random) -> str:
    """Two grids in each park and one in each of six towns, each with one of the demo officers."""
    officers = list(get_user_model().objects.filter(role=Role.SERVICE_OFFICER).order_by("pk"))
    for park in Park.objects.order_by("pk"):
        for n in (1, 2):
            Grid.objects.create(
                code=f"{park.code}-G{n}", name=f"{park.name}第{n}网格", park=park, officer=rng.choice(officers)
            )
    for town in Town.objects.order_by("pk")[:6]:
        Grid.objects.create(code=f"{town.code}-G1", name=f"{town.name}网格", town=town, officer=rng.choice(officers))
    return ""
