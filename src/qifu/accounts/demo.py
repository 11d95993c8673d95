"""The demo accounts of `manage.py seed_demo` (API.md; one per role, password qifu-demo-2026) and their
welcome message."""

from __future__ import annotations

import random
from typing import Any

from qifu.accounts.models import User
from qifu.core.choices import Role
from qifu.core.services import notify
from qifu.orgs.models import Department, Park

DEMO_PASSWORD = "qifu-demo-2026"


def demo_user(username: str, name: str, role: str, **extra: Any) -> User:
    return User.objects.create_user(username=username, password=DEMO_PASSWORD, display_name=name, role=role, **extra)


def seed_demo_accounts(rng: random.Random) -> str:
    """The staff accounts (demo-enterprise comes with its enterprise, in the enterprises' seed)."""
    departments = Department.objects.in_bulk(field_name="code")
    center = departments["ZSJ"]
    demo_user("demo-admin", "系统管理员", Role.ADMIN, department=center, is_staff=True, is_superuser=True)
    demo_user("demo-dispatcher", "林调度", Role.DISPATCHER, department=center)
    demo_user("demo-window", "陈窗口", Role.WINDOW_STAFF, department=center)
    demo_user("demo-guide", "吴导办", Role.GUIDE, department=center)
    demo_user("demo-supervisor", "郑监督", Role.SUPERVISOR)
    demo_user("demo-handler", "黄承办", Role.DEPARTMENT_HANDLER, department=departments["SJJ"])
    demo_user("demo-head", "许科长", Role.DEPARTMENT_HEAD, department=departments["SJJ"])
    park = Park.objects.get(code="JKQ")
    demo_user("demo-liaison", "蔡联络", Role.PARK_LIAISON, department=departments["JKQ"], park=park)
    demo_user("demo-officer", "张助企", Role.SERVICE_OFFICER, department=departments["GXJ"])
    for i, (dept, name) in enumerate([("FGJ", "李助企"), ("KJJ", "王助企"), ("JHJ", "杨助企"), ("SJJ", "刘助企")]):
        demo_user(f"officer-{i + 2}", name, Role.SERVICE_OFFICER, department=departments[dept])
    return ""


def seed_demo_welcome(rng: random.Random) -> str:
    """The last seed: a welcome in every demo account's inbox, above what the other seeds sent."""
    for user in User.objects.filter(username__startswith="demo-"):
        notify(recipients=[user], title="欢迎使用企服通", body="这是演示环境，数据均为虚构。", link="/")
    return f"演示账号密码 {DEMO_PASSWORD}"
