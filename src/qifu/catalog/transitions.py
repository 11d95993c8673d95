"""The life of an item's version: a draft is published and becomes current; the next publication supersedes it."""

from __future__ import annotations

from qifu.catalog.choices import VersionStatus as S
from qifu.catalog.models import ItemVersion
from qifu.catalog.permissions import may_maintain
from qifu.core.workflow import Workflow

VERSION_WORKFLOW: Workflow[ItemVersion] = Workflow(
    subject="item_version",
    noun="事项版本",
    model=ItemVersion,
    transitions={
        (S.DRAFT, "publish"): S.PUBLISHED,
        (S.PUBLISHED, "supersede"): S.SUPERSEDED,
    },
    who={
        "publish": lambda user, version: may_maintain(user, version.item),
        "supersede": lambda user, version: may_maintain(user, version.item),
    },
    labels={"draft": "新建草稿", "publish": "发布", "supersede": "被新版本替代"},
    heading=str,
    link=lambda version: f"/catalog/manage/versions/{version.pk}/",
)
