"""The common enterprise tags (reference data that policies match on); see core/reference.py for why
this lives outside the migration that writes it."""

from __future__ import annotations

from typing import Any

TAGS = [
    "高新技术企业",
    "专精特新",
    "规上企业",
    "外资",
    "台资",
    "重点项目",
    "招商引资项目",
    "科技型中小企业",
    "上市企业",
]


def seed_tags(tag: Any) -> None:
    for order, name in enumerate(TAGS):
        tag.objects.get_or_create(name=name, defaults={"sort_order": order})
