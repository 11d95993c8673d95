"""The knowledge base (知识库): articles that answer enterprises' common questions, their versions, and the
maintained synonym list that search relies on."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from qifu.knowledge.choices import ArticleStatus


class Article(models.Model):
    """A question and its answer, owned by a department: drafted, reviewed by that department, published (then
    anyone finds it, without logging in) and withdrawn. `search_text` is the segmented text (jieba words and
    character bigrams, synonyms folded) that the full-text index holds: SQLite FTS5 table `knowledge_article_fts`
    (rowid = id), on PostgreSQL the `search_tsv` column (both made by migration 0002, kept by `services.index`)."""

    title = models.CharField("标题", max_length=200)
    question = models.TextField("问题")
    answer = models.TextField("答复")
    category = models.CharField("类别", max_length=50, blank=True)
    keywords = models.CharField("关键词", max_length=200, blank=True, help_text="以空格或逗号分隔")
    department = models.ForeignKey(
        "orgs.Department",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="knowledge_articles",
        verbose_name="责任部门",
    )
    valid_until = models.DateField("有效期至", null=True, blank=True)
    status = models.CharField("状态", max_length=12, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT)
    version = models.PositiveIntegerField("版本", default=1)
    source_demand = models.ForeignKey(
        "demands.Demand",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="来源诉求",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    search_text = models.TextField("检索文本", blank=True, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    content_changed_at = models.DateTimeField("内容更新时间", auto_now_add=True)
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "知识条目"
        verbose_name_plural = "知识条目"
        ordering = ["-id"]
        indexes = [
            # The department's to-do of articles to review (past validity or unchanged for a year).
            models.Index(fields=["department", "status", "content_changed_at"], name="knowledge_dept_status"),
        ]

    def __str__(self) -> str:
        return self.title


class ArticleVersion(models.Model):
    """The text of an article as it was at one version (kept on each edit, so that what was published can be
    told later)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="versions", verbose_name="知识条目")
    version = models.PositiveIntegerField("版本")
    title = models.CharField("标题", max_length=200)
    question = models.TextField("问题")
    answer = models.TextField("答复")
    keywords = models.CharField("关键词", max_length=200, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "知识条目版本"
        verbose_name_plural = "知识条目版本"
        ordering = ["article", "-version"]
        constraints = [models.UniqueConstraint(fields=["article", "version"], name="knowledge_version_unique")]

    def __str__(self) -> str:
        return f"{self.article_id} v{self.version}"


class Synonym(models.Model):
    """One line of the maintained synonym list (同义词): the variants people say, folded into one word before
    search (五险 → 社保, 执照 → 营业执照). Edited in the admin."""

    word = models.CharField("规范词", max_length=30, unique=True)
    variants = models.CharField("同义说法", max_length=300, help_text="以空格、逗号或顿号分隔")
    is_active = models.BooleanField("启用", default=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "同义词"
        verbose_name_plural = "同义词"
        ordering = ["word"]

    def __str__(self) -> str:
        return f"{self.word}：{self.variants}"

    def variant_list(self) -> list[str]:
        return [v for v in self.variants.replace("，", " ").replace(",", " ").replace("、", " ").split() if v]
