"""An article's workflow on the core mechanism: the table written out, who may take each move, versions, and the
to-do of articles due for review."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from qifu.core.errors import Conflict, PermissionDenied
from qifu.core.ui import todos_for
from qifu.knowledge import services
from qifu.knowledge.models import ArticleVersion
from qifu.knowledge.transitions import WORKFLOW
from tests.conftest import Cast
from tests.knowledge.helpers import draft

pytestmark = pytest.mark.django_db


def test_the_table_written_out() -> None:
    assert dict(WORKFLOW.transitions) == {
        ("draft", "review"): "reviewed",
        ("reviewed", "return"): "draft",
        ("reviewed", "publish"): "published",
        ("published", "withdraw"): "withdrawn",
        ("published", "revise"): "draft",
        ("withdrawn", "revise"): "draft",
    }
    assert dict(WORKFLOW.side_actions) == {"create": ("draft",), "edit": ("draft",), "confirm": ("published",)}


def test_review_by_own_department_publish_by_its_head(cast: Cast) -> None:
    article = draft(cast)
    with pytest.raises(PermissionDenied):
        services.article_act(actor=cast.dispatcher, article_id=article.pk, action="review")  # not its department
    with pytest.raises(Conflict):
        services.article_act(actor=cast.head, article_id=article.pk, action="publish")  # not reviewed yet
    services.article_act(actor=cast.handler, article_id=article.pk, action="review")
    with pytest.raises(PermissionDenied):
        services.article_act(actor=cast.handler, article_id=article.pk, action="publish")
    article = services.article_act(actor=cast.head, article_id=article.pk, action="publish")
    assert article.status == "published"
    article = services.article_act(actor=cast.dispatcher, article_id=article.pk, action="withdraw")
    assert article.status == "withdrawn"


def test_editing_a_draft_keeps_versions_and_published_text_is_revised_first(cast: Cast) -> None:
    article = draft(cast)
    edited = services.article_edit(
        actor=cast.handler, article_id=article.pk, title="厂房消防验收材料清单", question="问", answer="答"
    )
    assert edited.version == 2
    assert list(ArticleVersion.objects.filter(article=article).values_list("version", "title")) == [
        (2, "厂房消防验收材料清单"),
        (1, "厂房消防验收需要什么材料"),
    ]
    services.article_act(actor=cast.handler, article_id=article.pk, action="review")
    with pytest.raises(Conflict):
        services.article_edit(actor=cast.handler, article_id=article.pk, title="x", question="q", answer="a")


def test_articles_past_validity_or_unchanged_for_a_year_go_to_the_department_todo(cast: Cast) -> None:
    fresh = draft(cast)
    services.article_act(actor=cast.handler, article_id=fresh.pk, action="review")
    services.article_act(actor=cast.head, article_id=fresh.pk, action="publish")
    assert "待复核的知识条目" not in str(todos_for(cast.head))
    with time_machine.travel(timezone.now() + dt.timedelta(days=366)):
        labels = [todo.label for _, todos in todos_for(cast.head) for todo in todos]
        assert "待复核的知识条目" in labels
        services.article_act(actor=cast.head, article_id=fresh.pk, action="confirm", note="政策未变")
        labels = [todo.label for _, todos in todos_for(cast.head) for todo in todos]
        assert "待复核的知识条目" not in labels
    expiring = draft(cast, valid_until=timezone.localdate() + dt.timedelta(days=3))
    services.article_act(actor=cast.handler, article_id=expiring.pk, action="review")
    services.article_act(actor=cast.head, article_id=expiring.pk, action="publish")
    with time_machine.travel(timezone.now() + dt.timedelta(days=5)):
        labels = [todo.label for _, todos in todos_for(cast.handler) for todo in todos]
        assert "待复核的知识条目" in labels
    assert [todo.label for _, todos in todos_for(cast.enterprise_user) for todo in todos if "知识" in todo.label] == []
