"""A case's public progress (API.md "Finding things"): `/t/<token>/` and `GET /api/v1/track/{token}`, opened without
login by the QR code on the case's printed documents. It shows the number, the status, the due date and the steps
by their labels only: no names, phones or notes (a step's public line may quote the enterprise's own words).

Each app registers the workflows of its tracked kinds under `hooks.TRACKER`; the workflow makes the token with the
case's first step (`Workflow.record`).
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any

import segno
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

from qifu.core import hooks
from qifu.core.models import TimelineEvent, TrackingToken


@dataclass(frozen=True)
class Step:
    at: dt.datetime
    label: str


@dataclass(frozen=True)
class Progress:
    number: str
    kind: str
    noun: str
    status: str
    status_label: str
    due_at: dt.datetime | None
    steps: list[Step]


def new_token() -> str:
    return secrets.token_urlsafe(18)


def ensure_token(subject_type: str, subject_id: int) -> None:
    """Give the case its token unless it has one (in the caller's transaction): one INSERT … ON CONFLICT DO
    NOTHING, so a case that has one (or gets one at the same moment from another step) keeps it."""
    TrackingToken.objects.bulk_create(
        [TrackingToken(subject_type=subject_type, subject_id=subject_id, token=new_token())], ignore_conflicts=True
    )


def track_url(subject_type: str, subject_id: int) -> str | None:
    """The full address of the case's public progress page, `…/t/<token>/` (None for a case that has none)."""
    token = (
        TrackingToken.objects.filter(subject_type=subject_type, subject_id=subject_id)
        .values_list("token", flat=True)
        .first()
    )
    return f"{settings.QIFU_SITE_URL}/t/{token}/" if token else None


def progress(token: str) -> Progress | None:
    """What the public may read of the case behind `token`; None when there is no such case."""
    row = TrackingToken.objects.filter(token=token).first()
    workflow: Any = next((w for w in hooks.get_hooks(hooks.TRACKER) if row and w.subject == row.subject_type), None)
    if row is None or workflow is None:
        return None
    case = workflow.model._default_manager.filter(pk=row.subject_id).first()
    if case is None:
        return None
    events = TimelineEvent.objects.filter(
        subject_type=row.subject_type, subject_id=row.subject_id, internal=False
    ).order_by("at", "id")
    return Progress(
        number=case.number,
        kind=workflow.subject,
        noun=workflow.noun,
        status=str(case.status),
        status_label=case.get_status_display(),
        due_at=case.due_at if case.status in workflow.timed else None,
        steps=[Step(at=e.at, label=workflow.label(e.action)) for e in events.only("at", "action")],
    )


def qr_svg(url: str, *, title: str = "扫码查看办理进度", side_px: int | None = None) -> SafeString:
    """An inline SVG QR code of one of our own addresses (no outside requests), for prints and case pages: 3 px
    a module, or drawn into a square of `side_px` whatever the address's length (a long signed link as well)."""
    code = segno.make(url, micro=False)
    if side_px is None:
        return mark_safe(code.svg_inline(scale=3, title=title))
    svg = code.svg_inline(title=title, omitsize=True)  # a viewBox, no size: the width below scales it
    return mark_safe(svg.replace("<svg ", f'<svg width="{side_px}" height="{side_px}" ', 1))
