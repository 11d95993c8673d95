"""Bearer auth of the whole API, and POST /auth/token (username + password → bearer token), GET /auth/me,
POST /auth/revoke."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import authenticate
from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.security import HttpBearer

from qifu.accounts.lockout import lockout_message
from qifu.accounts.models import ApiToken, User
from qifu.accounts.services import token_issue, token_revoke, token_user
from qifu.core.access import role_of
from qifu.core.api_support import ErrorOut
from qifu.core.errors import DomainError
from qifu.core.http import AuthedRequest

router = Router(tags=["认证"])


class BearerAuth(HttpBearer):
    """`Authorization: Bearer <token>`; only users with a role get through (the outsider does not)."""

    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = token_user(token)
        if found is None or not role_of(found[0]):
            return None
        request.user, request.api_token = found  # type: ignore[attr-defined]
        return found[0]


class TokenRequest(AuthedRequest):
    api_token: ApiToken


class TokenIn(Schema):
    username: str
    password: str


class UserOut(Schema):
    username: str
    name: str
    roles: list[str]
    department_id: int | None
    park_id: int | None
    enterprise_id: int | None


class TokenOut(Schema):
    token: str
    expires_at: dt.datetime
    user: UserOut


class Unauthorized(DomainError):
    status = 401


class Locked(DomainError):
    status = 429


def user_out(user: User) -> UserOut:
    role = role_of(user)
    return UserOut(
        username=user.username,
        name=user.label,
        roles=[role] if role else [],
        department_id=user.department_id,
        park_id=user.park_id,
        enterprise_id=user.enterprise_id,
    )


@router.post("/token", auth=None, response={200: TokenOut, 401: ErrorOut, 429: ErrorOut}, summary="用户名密码换取令牌")
def issue_token(request: HttpRequest, payload: TokenIn) -> TokenOut:
    user = authenticate(request, username=payload.username, password=payload.password)
    if getattr(request, "axes_locked_out", False):
        raise Locked(lockout_message())
    if user is None or not isinstance(user, User):
        raise Unauthorized("用户名或密码错误")
    if not role_of(user):
        raise Unauthorized("账号未分配角色，请联系管理员")
    raw, token = token_issue(user=user)
    return TokenOut(token=raw, expires_at=token.expires_at, user=user_out(user))


@router.get("/me", response=UserOut, summary="当前用户")
def me(request: AuthedRequest) -> UserOut:
    return user_out(request.user)


@router.post("/revoke", response={204: None}, summary="吊销当前令牌")
def revoke(request: TokenRequest) -> Status[None]:
    token_revoke(actor=request.user, token=request.api_token)
    return Status(204, None)
