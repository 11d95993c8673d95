"""The audit chain: every change leaves an event in its transaction; tampering is caught."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from qifu.core.audit import audit_record, verify_chain
from qifu.core.models import AuditEvent
from qifu.enterprises.services import enterprise_update
from tests.conftest import Cast

pytestmark = pytest.mark.django_db


def test_chain_is_intact_after_real_changes(cast: Cast) -> None:
    enterprise_update(actor=cast.admin, enterprise_id=cast.ent.pk, data={"employees": 99})
    report = verify_chain()
    assert report.ok and report.checked == AuditEvent.objects.count() >= 5
    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert "审计链完好" in out.getvalue()


def test_editing_a_row_behind_the_applications_back_is_caught(cast: Cast) -> None:
    victim = AuditEvent.objects.order_by("id")[2]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET summary = %s WHERE id = %s", ["篡改", victim.pk])
    report = verify_chain()
    assert report.broken_at == victim.pk and "修改" in report.reason
    with pytest.raises(CommandError, match=f"第 {victim.pk} 条"):
        call_command("verify_audit")


def test_deleting_a_row_or_the_last_row_is_caught(cast: Cast) -> None:
    ids = list(AuditEvent.objects.order_by("id").values_list("id", flat=True))
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [ids[1]])
    assert verify_chain().broken_at == ids[2]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id >= %s", [ids[1]])
    report = verify_chain()
    assert not report.ok and "链尾" in report.reason


def test_rows_refuse_updates_and_deletes_through_the_orm(cast: Cast) -> None:
    event = AuditEvent.objects.first()
    assert event is not None
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.all().update(summary="x")
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()


def test_audit_must_run_inside_the_change_transaction(cast: Cast) -> None:
    # pytest-django wraps the test in a transaction; outside any atomic block the call is refused.
    with transaction.atomic():
        audit_record(actor=cast.admin, action="test.inside", summary="ok")
    assert AuditEvent.objects.filter(action="test.inside").exists()


def test_a_failed_change_leaves_no_audit_event(cast: Cast) -> None:
    before = AuditEvent.objects.count()
    with pytest.raises(Exception, match="校验位"):
        enterprise_update(actor=cast.admin, enterprise_id=cast.ent.pk, data={"uscc": cast.ent.uscc[:-1] + "0"})
    assert AuditEvent.objects.count() == before
