"""qifu.wsgi with one path made to fail outside any view, so that the serve test sees the production server's own
500 answers (DEBUG off): GET …/fail-for-the-test raises before a view runs."""

from typing import Any

from qifu.core import middleware

_original = middleware.BodySizeLimitMiddleware.__call__


def _fail_on_request(self: Any, request: Any) -> Any:
    if request.path.rstrip("/").endswith("fail-for-the-test"):
        raise RuntimeError("forced by the serve test")
    return _original(self, request)


middleware.BodySizeLimitMiddleware.__call__ = _fail_on_request  # type: ignore[method-assign]

from qifu.wsgi import application  # noqa: E402

__all__ = ["application"]
