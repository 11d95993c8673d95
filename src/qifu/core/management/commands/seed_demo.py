"""manage.py seed_demo: the demo district of `make demo` (never run by a migration).

A centre and its member units named after the seeds (揭东区), two parks, towns and grids,
200 enterprises with valid codes, officers stewarding them, ledger entries, and the demo
accounts of API.md (password qifu-demo-2026). Writes go through the services, so the demo's
audit chain is the real one. Running it again changes nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from qifu.accounts.choices import Role
from qifu.accounts.models import User
from qifu.catalog.demo import seed_demo_catalog
from qifu.core.identifiers import USCC_ALPHABET, uscc_check_char
from qifu.core.models import AuditHead, CalendarDay, CalendarYear
from qifu.core.reference import seed_calendar
from qifu.core.services import notify
from qifu.demands.demo import seed_demo_demands
from qifu.demands.models import DemandCategory
from qifu.demands.reference import seed_categories
from qifu.enterprises.choices import LedgerCategory
from qifu.enterprises.models import Tag
from qifu.enterprises.reference import seed_tags
from qifu.enterprises.selectors import current_steward
from qifu.enterprises.services import enterprise_create, ledger_entry_add, stewardship_assign
from qifu.orgs.choices import DepartmentKind
from qifu.orgs.models import Department, Grid, Park, Town
from qifu.policies.demo import seed_demo_policies

DEMO_PASSWORD = "qifu-demo-2026"
REGION = "445203"  # 揭阳市揭东区

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

# (industry code, name suffix) spread over the district's real mix: metals, textiles, food, plastics, trade, services.
INDUSTRIES = [
    ("C3311", "五金制品"),
    ("C3399", "金属制品"),
    ("C3130", "钢铁"),
    ("C3240", "有色金属"),
    ("C1713", "纺织"),
    ("C1810", "服装"),
    ("C1951", "鞋业"),
    ("C1391", "食品"),
    ("C1461", "调味品"),
    ("C2927", "塑料制品"),
    ("C3822", "电器"),
    ("C3911", "电子科技"),
    ("C3562", "智能装备"),
    ("C2710", "医药"),
    ("C2438", "工艺品"),
    ("F5137", "商贸"),
    ("F5261", "汽车销售"),
    ("G5990", "物流"),
    ("I6513", "软件"),
    ("E4790", "建筑工程"),
    ("H6210", "餐饮"),
    ("A0190", "农业发展"),
    ("M7320", "检测技术"),
    ("L7212", "企业管理"),
    ("K7010", "房地产开发"),
]
BRANDS = [
    "宏达",
    "金泰",
    "粤东",
    "揭阳港",
    "榕江",
    "新亨",
    "德盛",
    "恒通",
    "华锐",
    "锦丰",
    "永兴",
    "信达",
    "联创",
    "鸿运",
    "嘉利",
    "顺昌",
    "东瑞",
    "汇丰源",
    "森茂",
    "海川",
    "泰和",
    "隆盛",
    "中粤",
    "明辉",
    "盈信",
    "佳美",
    "丰泽",
    "兴业",
    "瑞鑫",
    "广利",
    "晟源",
    "天成",
    "凯达",
    "宝丰",
    "益民",
    "锐思",
    "正邦",
    "协力",
    "东升",
    "百川",
]
SURNAMES = "陈林黄郑吴许蔡李张王杨刘谢方詹洪卢魏"
GIVEN = ["伟", "强", "丽", "敏", "建华", "晓东", "志明", "少芬", "泽鑫", "佳琪", "海涛", "锐", "俊杰", "雪梅", "嘉豪"]
TAG_WEIGHTS = [
    ("规上企业", 0.3),
    ("高新技术企业", 0.15),
    ("专精特新", 0.08),
    ("科技型中小企业", 0.15),
    ("外资", 0.04),
    ("台资", 0.03),
    ("重点项目", 0.06),
    ("招商引资项目", 0.08),
    ("上市企业", 0.01),
]
LEDGER_TEXTS = {
    LedgerCategory.OPERATIONS: [
        "订单饱满，生产线满负荷运转，1-10月产值同比增长约12%。",
        "新增一条自动化生产线，用工减少8人。",
        "出口订单有所回落，正开拓国内市场。",
    ],
    LedgerCategory.DIFFICULTIES: [
        "厂区用电容量不足，申请增容已三个月未落实。",
        "招工难，熟练技工缺口约20人。",
        "厂房扩建涉及用地规划调整，手续推进较慢。",
        "流动资金紧张，希望对接低息贷款。",
    ],
    LedgerCategory.PLANS: [
        "计划明年投资3000万元建设二期厂房。",
        "拟申报高新技术企业认定。",
        "计划与高校合作建立研发中心。",
    ],
}


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def _uscc(rng: random.Random, first: str = "9", kind: str = "1") -> str:
    body = first + kind + REGION + "MA" + "".join(rng.choice(USCC_ALPHABET) for _ in range(7))
    return body + uscc_check_char(body)


class Command(BaseCommand):
    help = "写入演示区县数据与演示账号（仅用于 make demo）"

    def handle(self, *args: Any, **options: Any) -> None:
        if User.objects.filter(username="demo-admin").exists():
            self.stdout.write("演示数据已存在，未做改动。")
            return
        with transaction.atomic():
            seed_calendar(CalendarYear, CalendarDay, AuditHead)
            seed_tags(Tag)
            seed_categories(DemandCategory)
            self._seed(random.Random(20261121))
        self.stdout.write(self.style.SUCCESS("演示数据已写入：200 家企业，演示账号密码 qifu-demo-2026"))

    def _user(self, username: str, name: str, role: str, **extra: Any) -> User:
        user = User.objects.create_user(
            username=username, password=DEMO_PASSWORD, display_name=name, role=role, **extra
        )
        return user

    def _seed(self, rng: random.Random) -> None:
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
        parks: list[Park] = [
            Park.objects.create(code=code, name=name, committee=departments[committee], address=addr)
            for code, name, committee, addr in PARKS
        ]
        towns = [Town.objects.create(code=f"T{i + 1:02d}", name=name) for i, name in enumerate(TOWNS)]

        center = departments["ZSJ"]
        admin = self._user("demo-admin", "系统管理员", Role.ADMIN, department=center, is_staff=True, is_superuser=True)
        self._user("demo-dispatcher", "林调度", Role.DISPATCHER, department=center)
        self._user("demo-window", "陈窗口", Role.WINDOW_STAFF, department=center)
        self._user("demo-guide", "吴导办", Role.GUIDE, department=center)
        self._user("demo-supervisor", "郑监督", Role.SUPERVISOR)
        self._user("demo-handler", "黄承办", Role.DEPARTMENT_HANDLER, department=departments["SJJ"])
        self._user("demo-head", "许科长", Role.DEPARTMENT_HEAD, department=departments["SJJ"])
        self._user("demo-liaison", "蔡联络", Role.PARK_LIAISON, department=departments["JKQ"], park=parks[0])
        officers = [self._user("demo-officer", "张助企", Role.SERVICE_OFFICER, department=departments["GXJ"])]
        for i, (dept, name) in enumerate([("FGJ", "李助企"), ("KJJ", "王助企"), ("JHJ", "杨助企"), ("SJJ", "刘助企")]):
            officers.append(self._user(f"officer-{i + 2}", name, Role.SERVICE_OFFICER, department=departments[dept]))

        grids = []
        for each_park in parks:
            for n in (1, 2):
                grids.append(
                    Grid.objects.create(
                        code=f"{each_park.code}-G{n}",
                        name=f"{each_park.name}第{n}网格",
                        park=each_park,
                        officer=rng.choice(officers),
                    )
                )
        for town in towns[:6]:
            grids.append(
                Grid.objects.create(
                    code=f"{town.code}-G1", name=f"{town.name}网格", town=town, officer=rng.choice(officers)
                )
            )

        today = timezone.localdate()
        enterprises = []
        used_names: set[str] = set()
        for i in range(200):
            code, suffix = INDUSTRIES[i % len(INDUSTRIES)]
            while True:
                name = f"揭阳市{rng.choice(BRANDS)}{suffix}有限公司"
                if name not in used_names:
                    break
                name = f"揭阳市{rng.choice(BRANDS)}{rng.choice(BRANDS)}{suffix}有限公司"
                if name not in used_names:
                    break
            used_names.add(name)
            if i < 3:  # cooperatives and collective organisations: codes starting with 9 3 and N
                uscc = _uscc(rng, "N" if i == 0 else "9", "2" if i == 0 else "3")
                name = name.replace("有限公司", "专业合作社") if i else f"揭东区{rng.choice(TOWNS)}股份经济合作社"
            else:
                uscc = _uscc(rng)
            scale = rng.choices(["large", "medium", "small", "micro"], weights=[4, 16, 45, 35])[0]
            employees = {
                "large": rng.randint(1000, 3000),
                "medium": rng.randint(300, 999),
                "small": rng.randint(20, 299),
                "micro": rng.randint(2, 19),
            }[scale]
            revenue = {
                "large": rng.randint(40000, 200000),
                "medium": rng.randint(2000, 39999),
                "small": rng.randint(300, 1999),
                "micro": rng.randint(10, 299),
            }[scale]
            in_park = rng.random() < 0.55
            park = rng.choice(parks) if in_park else None
            town = rng.choice(towns)
            park_grids = [g for g in grids if (g.park_id == park.pk if park else g.town_id == town.pk)]
            established = today - dt.timedelta(days=rng.randint(60, 365 * 25))
            stage = (
                "founding"
                if (today - established).days < 365
                else rng.choices(["construction", "operation", "upgrading", "deregistration"], weights=[12, 70, 15, 3])[
                    0
                ]
            )
            tags = [t for t, p in TAG_WEIGHTS if rng.random() < p * (2 if scale in ("large", "medium") else 0.7)]
            data = {
                "uscc": uscc,
                "name": name,
                "legal_representative": _person(rng),
                "registered_capital": rng.choice([50, 100, 200, 500, 1000, 3000, 5000, 10000]),
                "established_on": established,
                "industry_code": code,
                "scale": scale,
                "park_id": park.pk if park else None,
                "town_id": town.pk,
                "grid_id": park_grids[0].pk if park_grids else None,
                "lifecycle_stage": stage,
                "tags": tags,
                "employees": employees if rng.random() < 0.9 else None,
                "annual_revenue": revenue if rng.random() < 0.85 else None,
                "contact_name": _person(rng),
                "contact_phone": f"13{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}",
                "address": f"揭阳市揭东区{park.name if park else town.name}{rng.randint(1, 300)}号",
            }
            enterprises.append(enterprise_create(actor=admin, data=data))

        # demo-enterprise's company is stewarded by demo-officer, with some ledger history.
        own = enterprises[3]
        self._user("demo-enterprise", own.contact_name or "企业联系人", Role.ENTERPRISE, enterprise=own)
        for i, enterprise in enumerate(enterprises):
            if i % 10 == 9:
                continue  # some enterprises still wait for an officer (the workbench shows them)
            officer = officers[0] if i < 40 else officers[i % len(officers)]
            started = today - dt.timedelta(days=rng.randint(30, 700))
            stewardship_assign(
                actor=admin, enterprise_id=enterprise.pk, officer_id=officer.pk, started_on=started, note="按网格分配"
            )
        previous = officers[1]
        stewardship_assign(
            actor=admin,
            enterprise_id=own.pk,
            officer_id=previous.pk,
            started_on=today - dt.timedelta(days=20),
            note="临时代管",
        )
        stewardship_assign(
            actor=admin,
            enterprise_id=own.pk,
            officer_id=officers[0].pk,
            started_on=today - dt.timedelta(days=5),
            note="恢复原包联干部",
        )
        for i, enterprise in enumerate(enterprises[:60]):
            steward = current_steward(enterprise)
            if i % 3 == 2 or steward is None:
                continue  # and some have no recent ledger entry (the officer's workbench shows them)
            for _ in range(rng.randint(1, 3)):
                category = rng.choice(list(LEDGER_TEXTS))
                ledger_entry_add(
                    actor=steward.officer,
                    enterprise_id=enterprise.pk,
                    entry_date=today - dt.timedelta(days=rng.randint(0, 90)),
                    category=category,
                    content=rng.choice(LEDGER_TEXTS[category]),
                )
        seed_demo_demands(rng, departments, enterprises, own)
        seed_demo_catalog(departments, admin)
        seed_demo_policies(admin)
        for user in User.objects.filter(username__startswith="demo-"):
            notify(recipients=[user], title="欢迎使用企服通", body="这是演示环境，数据均为虚构。", link="/")
