"""The dispatch catalogue's categories, from the service areas in the seeds (001: 政策, 金融, 人才, 法治,
科创 …). Their default departments are set per installation (seed_demo does it for the demo)."""

from __future__ import annotations

from typing import Any

# (code, name, default complexity, default working days)
CATEGORIES = [
    ("policy", "政策咨询与兑现", "general", 10),
    ("finance", "金融服务", "general", 10),
    ("talent", "人才服务", "general", 10),
    ("legal", "法律服务", "general", 10),
    ("innovation", "科技创新", "general", 10),
    ("project", "项目审批", "general", 10),
    ("land", "用地规划", "complex", 30),
    ("utilities", "水电气网", "general", 5),
    ("ip", "知识产权", "general", 10),
    ("environment", "环境保护", "general", 10),
    ("tax", "税费服务", "general", 5),
    ("market", "市场监管", "general", 5),
    ("labor", "用工社保", "general", 10),
    ("other", "其他", "general", 10),
]


def seed_categories(category: Any) -> None:
    for order, (code, name, complexity, days) in enumerate(CATEGORIES):
        category.objects.get_or_create(
            code=code,
            defaults={"name": name, "default_complexity": complexity, "default_days": days, "sort_order": order},
        )
