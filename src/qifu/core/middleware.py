"""Security headers, the request body limit, and DomainErrors that escape a page view turned into the matching page."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from qifu.core.errors import DomainError


class ContentSecurityPolicyMiddleware:
    """Every answer, pages, API and error pages alike, carries settings.QIFU_CONTENT_SECURITY_POLICY."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", settings.QIFU_CONTENT_SECURITY_POLICY)
        return response


class BodySizeLimitMiddleware:
    """A body over DATA_UPLOAD_MAX_MEMORY_SIZE (uploads included) is refused with 413 before anything reads it:
    the JSON error body under /api/, a Chinese page elsewhere."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if limit is None or length <= limit:
            return self.get_response(request)
        detail = f"提交的内容不能超过{limit / (1024 * 1024):g}MB"
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": detail, "errors": []}, status=413)
        return HttpResponse(render_to_string("413.html", {"detail": detail}), status=413)


class DomainErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DomainError) or request.path.startswith("/api/"):
            return None
        return render(
            request, "error.html", {"status": exception.status, "detail": exception.detail}, status=exception.status
        )
