"""An article's workflow on the core mechanism: drafted → reviewed by its department → published → withdrawn;
a withdrawn or published article is revised back to a draft (a new version). Editing a draft and confirming a
published article still holds (its periodic review) record without moving."""

from __future__ import annotations

from qifu.core.workflow import Workflow, anyone_of
from qifu.knowledge.choices import ArticleStatus as S
from qifu.knowledge.models import Article
from qifu.knowledge.permissions import may_edit, may_publish, may_review

ACTION_LABELS = {
    "create": "起草知识条目",
    "edit": "修改草稿",
    "review": "部门审核通过",
    "return": "退回修改",
    "publish": "发布",
    "withdraw": "撤回",
    "revise": "修订（转为草稿）",
    "confirm": "复核确认仍有效",
}

WORKFLOW: Workflow[Article] = Workflow(
    subject="knowledge_article",
    noun="知识条目",
    model=Article,
    transitions={
        (S.DRAFT, "review"): S.REVIEWED,
        (S.REVIEWED, "return"): S.DRAFT,
        (S.REVIEWED, "publish"): S.PUBLISHED,
        (S.PUBLISHED, "withdraw"): S.WITHDRAWN,
        (S.PUBLISHED, "revise"): S.DRAFT,
        (S.WITHDRAWN, "revise"): S.DRAFT,
    },
    side_actions={"create": (S.DRAFT,), "edit": (S.DRAFT,), "confirm": (S.PUBLISHED,)},
    who={
        "create": may_edit,
        "edit": may_edit,
        "review": may_review,
        "return": may_review,
        "publish": may_publish,
        "withdraw": may_publish,
        "revise": may_edit,
        "confirm": anyone_of(may_review, may_publish),
    },
    labels=ACTION_LABELS,
    heading=lambda a: a.title,
    link=lambda a: f"/knowledge/{a.pk}/",
)
