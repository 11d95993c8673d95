"""The JSON API at /api/v1: one NinjaAPI, one router per app, errors mapped once."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.parser import Parser
from ninja.types import DictStrAny

from qifu.accounts.api import BearerAuth
from qifu.accounts.api import router as auth_router
from qifu.applications.api import router as applications_router
from qifu.catalog.api import router as catalog_router
from qifu.core.api import router as calendar_router
from qifu.core.api import track_router
from qifu.core.api_support import refuse_unstorable
from qifu.core.errors import DomainError, ValidationFailed
from qifu.core.files import MAX_NAME_LENGTH
from qifu.core.inputs import field_error
from qifu.core.search import router as search_router
from qifu.dashboard.api import router as dashboard_router
from qifu.demands.api import router as demands_router
from qifu.enterprises.api import router as enterprises_router
from qifu.evaluations.api import router as evaluations_router
from qifu.evaluations.complaints_api import router as complaints_router
from qifu.knowledge.api import router as knowledge_router
from qifu.lifecycle.api import router as lifecycle_router
from qifu.orgs.api import router as orgs_router
from qifu.policies.api import router as policies_router
from qifu.projects.api import router as projects_router
from qifu.servicedays.api import router as servicedays_router
from qifu.supervision.api import router as supervision_router
from qifu.supervision.reform_api import router as reform_router

logger = logging.getLogger("qifu.api")

_ERROR_REF = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}}


class JsonParser(Parser):
    def parse_body(self, request: HttpRequest) -> DictStrAny:
        """Ninja turns any error here into a 400; `http_error` answers with this one's Chinese body instead."""
        try:
            return super().parse_body(request)
        except ValueError:  # JSONDecodeError and UnicodeDecodeError
            raise ValidationFailed.field("body", "请求体不是有效的 JSON（UTF-8 编码）") from None


class QifuAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None) -> OpenAPISchema:
        """The document as ninja builds it, plus the answers every operation can give: 401 where a token is
        required, 422 where there is input to refuse (refuse_unstorable and the schemas)."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for methods in schema["paths"].values():
            for operation in methods.values():
                responses = operation["responses"]
                if operation.get("security"):
                    responses.setdefault(401, {"description": "未登录或令牌无效、已过期", **_ERROR_REF})
                if operation.get("parameters") or operation.get("requestBody"):
                    responses.setdefault(422, {"description": "请求参数有误（字段及原因见 errors）", **_ERROR_REF})
        return schema


api = QifuAPI(
    title="企服通 qifu API",
    version="1",
    description=(
        "企服通（qifu）对接接口：认证、工作日历、组织机构、企业库。错误统一为 {detail, errors[{field, message}]}。"
    ),
    auth=BearerAuth(),
    parser=JsonParser(),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
api.add_decorator(refuse_unstorable)
api.add_router("/auth", auth_router)
api.add_router("/calendar", calendar_router)
api.add_router("/track", track_router)
api.add_router("", orgs_router)
api.add_router("/enterprises", enterprises_router)
api.add_router("", knowledge_router)  # before demands: /demands/suggest is not /demands/{demand_id}
api.add_router("", demands_router)
api.add_router("", catalog_router)
api.add_router("", applications_router)
api.add_router("", policies_router)
api.add_router("/search", search_router)
api.add_router("/dashboard", dashboard_router)
api.add_router("", lifecycle_router)
api.add_router("", projects_router)
api.add_router("", servicedays_router)
api.add_router("", supervision_router)
api.add_router("", reform_router)
api.add_router("", evaluations_router)
api.add_router("", complaints_router)


def _field_error(error: dict[str, Any]) -> dict[str, str]:
    found = field_error(error)
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


@api.exception_handler(MultiPartParserError)
def multipart_error(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
    """Django refuses a part whose headers exceed 1 KB: in practice an upload's file name of hundreds of characters."""
    message = f"上传的表单无法读取：文件名不能超过{MAX_NAME_LENGTH}个字"
    return api.create_response(
        request, {"detail": message, "errors": [{"field": "file", "message": message}]}, status=400
    )


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc.__cause__, DomainError):  # raised by JsonParser
        return domain_error(request, exc.__cause__)
    return api.create_response(request, {"detail": str(exc), "errors": []}, status=exc.status_code)


@api.exception_handler(SuspiciousOperation)
def suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
    """What Django answers 400 to outside the API (too many form fields, a malformed multipart body, ...)."""
    return api.create_response(request, {"detail": "请求格式无效", "errors": []}, status=400)


@api.exception_handler(Exception)
def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    """Anything unexpected: logged with its traceback, answered with the error body, never a page or a traceback."""
    logger.error("Internal Server Error: %s %s", request.method, request.path, exc_info=exc)
    return api.create_response(request, {"detail": "服务器内部错误", "errors": []}, status=500)
