"""The demo district's 200 enterprises for `manage.py seed_demo`, with valid codes and the district's real
mix of industries, the demo-enterprise account, officers stewarding them, and ledger entries."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from qifu.accounts.demo import demo_user
from qifu.accounts.models import User
from qifu.core.choices import Role
from qifu.core.identifiers import USCC_ALPHABET, uscc_check_char
from qifu.enterprises.choices import LedgerCategory
from qifu.enterprises.models import Tag
from qifu.enterprises.reference import seed_tags
from qifu.enterprises.selectors import current_steward
from qifu.enterprises.services import enterprise_create, ledger_entry_add, stewardship_assign
from qifu.orgs.models import Grid, Park, Town

REGION = "445203"  # 揭阳市揭东区
ENTERPRISES = 200

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


def seed_demo_enterprises(rng: random.Random) -> str:
    seed_tags(Tag)
    admin = User.objects.get(username="demo-admin")
    officers = list(User.objects.filter(role=Role.SERVICE_OFFICER).order_by("pk"))
    parks = list(Park.objects.order_by("pk"))
    towns = list(Town.objects.order_by("pk"))
    grids = list(Grid.objects.order_by("pk"))
    town_names = [town.name for town in towns]
    today = timezone.localdate()
    enterprises = []
    used_names: set[str] = set()
    for i in range(ENTERPRISES):
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
            name = name.replace("有限公司", "专业合作社") if i else f"揭东区{rng.choice(town_names)}股份经济合作社"
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
            else rng.choices(["construction", "operation", "upgrading", "deregistration"], weights=[12, 70, 15, 3])[0]
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
    demo_user("demo-enterprise", own.contact_name or "企业联系人", Role.ENTERPRISE, enterprise=own)
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
    return f"{ENTERPRISES} 家企业"
