"""The request type of pages and API handlers behind login: its user is a qifu User."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from qifu.accounts.models import ApiToken, User


class AuthedRequest(HttpRequest):
    user: User
    htmx: HtmxDetails
    api_token: ApiToken
