"""The request type of pages and API handlers behind login: its user is the project's user model."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    # django-stubs' placeholder for settings.AUTH_USER_MODEL (accounts.User): core names no app.
    from django.contrib.auth.models import _User
    from django_htmx.middleware import HtmxDetails


class AuthedRequest(HttpRequest):
    user: _User
    htmx: HtmxDetails
