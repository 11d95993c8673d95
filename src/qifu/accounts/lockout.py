"""The answer to a locked-out login (django-axes calls it): JSON under /api/, the Chinese page elsewhere."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render


def lockout_message() -> str:
    minutes = round(float(settings.AXES_COOLOFF_TIME) * 60)
    return f"登录失败次数过多，请{minutes}分钟后再试"


def lockout_response(request: HttpRequest, original_response: HttpResponse | None, credentials: Any) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": lockout_message(), "errors": []}, status=429)
    return render(request, "accounts/locked.html", {"message": lockout_message()}, status=429)
