"""The client's address behind reverse proxies, for the login lockout (django-axes' AXES_CLIENT_IP_CALLABLE).

With QIFU_PROXY_COUNT=n, the n-th address from the right of X-Forwarded-For is the client: each trusted proxy
appends the address it saw, so what a client writes into the header itself sits further left and is ignored.
Without it (no proxy), REMOTE_ADDR.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    count = settings.QIFU_PROXY_COUNT
    if count:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= count:
            return forwarded[-count]
    address: str | None = request.META.get("REMOTE_ADDR")
    return address
