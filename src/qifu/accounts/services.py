"""Issuing and revoking API tokens; unlocking logins locked by django-axes."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable

from axes.utils import reset as axes_reset
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from qifu.accounts.models import ApiToken, User
from qifu.core.audit import audit_record, register_action_labels

register_action_labels(
    {
        "token.issue": "接口令牌 签发",
        "token.revoke": "接口令牌 吊销",
        "login.unlock": "登录 解除锁定",
    }
)


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def token_issue(*, user: User) -> tuple[str, ApiToken]:
    """A new bearer token (shown once) valid for QIFU_API_TOKEN_DAYS days."""
    raw = "qf_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, digest=token_digest(raw), expires_at=timezone.now() + dt.timedelta(days=settings.QIFU_API_TOKEN_DAYS)
    )
    audit_record(
        actor=user,
        action="token.issue",
        obj=token,
        summary=f"{user.username} 签发 API 令牌",
        data={"expires_at": token.expires_at.isoformat()},
    )
    return raw, token


def token_user(raw: str) -> tuple[User, ApiToken] | None:
    """The user of a valid (unexpired, unrevoked, active) token."""
    token = ApiToken.objects.select_related("user").filter(digest=token_digest(raw)).first()
    if token is None or not token.is_valid():
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user, token


@transaction.atomic
def token_revoke(*, actor: User, token: ApiToken) -> None:
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    audit_record(actor=actor, action="token.revoke", obj=token, summary=f"{actor.username} 吊销 API 令牌")


@transaction.atomic
def login_unlock(*, actor: User, usernames: Iterable[str]) -> int:
    """Clear the failed logins of these usernames from every address, so that their lockouts end now."""
    removed = 0
    for username in sorted(set(usernames)):
        count = axes_reset(username=username)
        audit_record(
            actor=actor,
            action="login.unlock",
            object_type="user",
            object_id=username,
            summary=f"解除登录锁定：{username}",
            data={"attempts_removed": count},
        )
        removed += count
    return removed
