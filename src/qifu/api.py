"""The JSON API at /api/v1: one NinjaAPI, one router per app, errors mapped once."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from qifu.accounts.api import BearerAuth
from qifu.accounts.api import router as auth_router
from qifu.applications.api import router as applications_router
from qifu.catalog.api import router as catalog_router
from qifu.core.api import router as calendar_router
from qifu.core.errors import DomainError
from qifu.core.inputs import field_error
from qifu.demands.api import router as demands_router
from qifu.enterprises.api import router as enterprises_router
from qifu.enterprises.validation import FIELD_LABELS
from qifu.orgs.api import router as orgs_router
from qifu.policies.api import router as policies_router

api = NinjaAPI(
    title="企服通 qifu API",
    version="1",
    description=(
        "企服通（qifu）对接接口：认证、工作日历、组织机构、企业库。错误统一为 {detail, errors[{field, message}]}。"
    ),
    auth=BearerAuth(),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
api.add_router("/auth", auth_router)
api.add_router("/calendar", calendar_router)
api.add_router("", orgs_router)
api.add_router("/enterprises", enterprises_router)
api.add_router("", demands_router)
api.add_router("", catalog_router)
api.add_router("", applications_router)
api.add_router("", policies_router)


def _field_error(error: dict[str, Any]) -> dict[str, str]:
    found = field_error(error, FIELD_LABELS)
    return {"field": found.field, "message": found.message}


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return api.create_response(request, exc.as_body(), status=exc.status)


@api.exception_handler(NinjaValidationError)
def validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = [_field_error(e) for e in exc.errors]
    detail = "请求参数有误：" + "；".join(e["message"] for e in errors)
    return api.create_response(request, {"detail": detail, "errors": errors}, status=422)


@api.exception_handler(AuthenticationError)
def auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(request, {"detail": "未登录或令牌无效、已过期", "errors": []}, status=401)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": "记录不存在或无权查看", "errors": []}, status=404)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc), "errors": []}, status=exc.status_code)
