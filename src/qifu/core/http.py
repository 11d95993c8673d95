"""The request type of pages and API handlers behind login (its user is the project's user model), and the
answer that hands over a spreadsheet."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

if TYPE_CHECKING:
    # django-stubs' placeholder for settings.AUTH_USER_MODEL (accounts.User): core names no app.
    from django.contrib.auth.models import _User
    from django_htmx.middleware import HtmxDetails


class AuthedRequest(HttpRequest):
    user: _User
    htmx: HtmxDetails


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_download(content: bytes, title: str, *, dated: bool = True) -> HttpResponse:
    """An .xlsx file to save, named in Chinese and by default with the day: 企业名录-20261129.xlsx (the name as
    RFC 5987 filename*, which every browser reads)."""
    name = f"{title}-{timezone.localdate():%Y%m%d}.xlsx" if dated else f"{title}.xlsx"
    return HttpResponse(
        content, content_type=XLSX, headers={"Content-Disposition": content_disposition_header(True, name)}
    )
