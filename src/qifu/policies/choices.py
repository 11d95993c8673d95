"""Benefit types, policy and claim statuses."""

from django.db import models


class BenefitType(models.TextChoices):
    SUBSIDY = "subsidy", "资金补贴"
    TAX = "tax", "税费减免"
    LOAN_INTEREST = "loan_interest", "贷款贴息"
    RENT = "rent", "租金减免"
    TALENT = "talent", "人才支持"
    AWARD = "award", "奖励"
    QUALIFICATION = "qualification", "资质认定"
    OTHER = "other", "其他"


class PolicyStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"
    WITHDRAWN = "withdrawn", "已撤回"


class ClaimStatus(models.TextChoices):
    SUBMITTED = "submitted", "待受理"
    ACCEPTED = "accepted", "已受理待流转"
    IN_REVIEW = "in_review", "部门审核中"
    APPROVED = "approved", "审核通过待兑付"
    DENIED = "denied", "审核未通过"
    DISBURSED = "disbursed", "已兑付"
    WITHDRAWN = "withdrawn", "已撤回"


OPEN_CLAIM_STATUSES = (ClaimStatus.SUBMITTED, ClaimStatus.ACCEPTED, ClaimStatus.IN_REVIEW, ClaimStatus.APPROVED)
