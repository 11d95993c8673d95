"""Appending to the hash-chained audit log, and checking the chain."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from qifu.core.models import AuditEvent, AuditHead

GENESIS = "0" * 64

# Chinese labels of audit actions, for the audit log ("demand.visit_satisfied": "诉求 回访（满意，销号）"). Every
# core.workflow.Workflow registers its actions' labels when it is constructed, every audited admin its model's;
# apps register their other actions next to the services that write them. core imports no app to know them.
_ACTION_LABELS: dict[str, str] = {
    "calendar.set_year": "工作日历 设置年度节假日安排",
    "audit.export": "审计日志 导出",
}


def register_action_labels(labels: Mapping[str, str]) -> None:
    _ACTION_LABELS.update(labels)


def action_label(action: str) -> str:
    """The action's Chinese label, or its code when none is registered."""
    return _ACTION_LABELS.get(action, action)


def action_choices() -> list[tuple[str, str]]:
    """(code, label) of every registered action, by label: the audit log's filter."""
    return sorted(_ACTION_LABELS.items(), key=lambda item: item[1])


def _content(event: AuditEvent) -> str:
    at = event.at.astimezone(dt.UTC).isoformat(timespec="microseconds")
    fields = [
        at,
        event.actor_id,
        event.actor_label,
        event.action,
        event.object_type,
        event.object_id,
        event.summary,
        event.data,
    ]
    return json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def chain_hash(prev_hash: str, event: AuditEvent) -> str:
    return hashlib.sha256((prev_hash + _content(event)).encode()).hexdigest()


def _jsonable(data: dict[str, Any]) -> dict[str, Any]:
    # Stored as it will read back, so that the hash computed now matches the one recomputed later.
    loaded: dict[str, Any] = json.loads(json.dumps(data, ensure_ascii=False, default=str))
    return loaded


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: Any = None,
    object_type: str = "",
    object_id: str = "",
    summary: str = "",
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event; must run inside the transaction of the change it describes."""
    return audit_record_many(actor=actor, events=[(action, obj, object_type, object_id, summary, data or {})])[0]


def lock_chain() -> None:
    """Take the audit chain's head now, in the caller's transaction, where the database locks rows (PostgreSQL).

    Every audited write ends up holding the head until it commits; a row that such transactions also update in
    either order around their audit row (the dashboard's daily counters: an intake bumps them before its audit
    row, an assignment after) would deadlock two of them. Locking the head first, before those rows, gives every
    transaction the same order. SQLite needs nothing: its writers already run one at a time (BEGIN IMMEDIATE)."""
    conn = transaction.get_connection()
    if conn.features.has_select_for_update and conn.in_atomic_block:
        list(AuditHead.objects.select_for_update().filter(pk=1).values_list("pk", flat=True))


def audit_record_many(*, actor: Any, events: list[tuple[str, Any, str, str, str, dict[str, Any]]]) -> list[AuditEvent]:
    """Append several events at once (bulk imports): one lock, one bulk insert."""
    conn = transaction.get_connection()
    if not conn.in_atomic_block:
        raise RuntimeError("audit_record must run inside the transaction of the change it records")
    head = AuditHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        head = AuditHead.objects.create(pk=1, last_id=0, last_hash=GENESIS)
    now = timezone.now()
    actor_id = getattr(actor, "pk", None)
    label = str(getattr(actor, "username", "") or "系统")
    rows: list[AuditEvent] = []
    prev = head.last_hash
    for action, obj, object_type, object_id, summary, data in events:
        event = AuditEvent(
            at=now,
            actor_id=actor_id,
            actor_label=label,
            action=action,
            object_type=object_type or (obj._meta.label_lower if obj is not None else ""),
            object_id=object_id or (str(obj.pk) if obj is not None else ""),
            summary=summary[:500],
            data=_jsonable(data),
            prev_hash=prev,
        )
        event.hash = chain_hash(prev, event)
        prev = event.hash
        rows.append(event)
    created = AuditEvent.objects.bulk_create(rows, batch_size=2000)
    AuditHead.objects.filter(pk=1).update(last_id=created[-1].pk, last_hash=prev)
    return created


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_at: int | None
    reason: str

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify_chain() -> ChainReport:
    """Walk the chain in order; report the first row whose link does not hold."""
    prev = GENESIS
    last_id = 0
    checked = 0
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=5000):
        if event.prev_hash != prev:
            return ChainReport(checked, event.pk, "前一条记录被删除或修改（链接断开）")
        if chain_hash(prev, event) != event.hash:
            return ChainReport(checked, event.pk, "本条记录内容被修改（哈希不符）")
        prev = event.hash
        last_id = event.pk
        checked += 1
    head = AuditHead.objects.filter(pk=1).first()
    if head is not None and (head.last_hash != prev or head.last_id != last_id):
        return ChainReport(checked, head.last_id, "链尾记录被删除（链头与最后一条不符）")
    return ChainReport(checked, None, "")
