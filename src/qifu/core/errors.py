"""The one family of business-rule errors, mapped once to the API body and once to page messages."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str


class DomainError(Exception):
    """A rule of the domain refused the action; `detail` is Chinese and shown to the user."""

    status = 400

    def __init__(self, detail: str, errors: list[FieldError] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors or []

    def as_body(self) -> dict[str, object]:
        return {"detail": self.detail, "errors": [{"field": e.field, "message": e.message} for e in self.errors]}


class ValidationFailed(DomainError):
    """Bad input: each problem names its field."""

    status = 422

    @classmethod
    def field(cls, field: str, message: str) -> ValidationFailed:
        return cls(message, [FieldError(field, message)])


class Conflict(DomainError):
    """The record's state (or a concurrent change) does not allow the action."""

    status = 409


class NotFound(DomainError):
    """Missing or outside the caller's scope: the same answer for both."""

    status = 404

    def __init__(self, detail: str = "记录不存在或无权查看") -> None:
        super().__init__(detail)


class PermissionDenied(DomainError):
    """The caller sees the record but its role may not take this action."""

    status = 403

    def __init__(self, detail: str = "当前角色无权执行此操作") -> None:
        super().__init__(detail)
