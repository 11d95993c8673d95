"""The rectification case (差评整改): its table written out by hand, who may take each action, the scope of the
ledger, per-field errors, the enterprise told of the result, the figures, and the supervision source."""

from __future__ import annotations

from typing import Any

import pytest

from qifu.core import hooks
from qifu.core.assessment import Measure
from qifu.core.models import Notification
from qifu.core.supervised import LateSource
from qifu.evaluations.models import Rectification
from qifu.evaluations.transitions import WORKFLOW
from tests.conftest import Cast
from tests.evaluations.helpers import application

pytestmark = pytest.mark.django_db

TABLE = {
    ("open", "callback"): "called_back",
    ("called_back", "rectify"): "rectified",
    ("rectified", "report"): "closed",
    ("called_back", "appeal"): "appealed",
    ("appealed", "exclude"): "excluded",
    ("appealed", "dismiss"): "called_back",
}
SIDE = {"open": ("open",)}


def test_the_table_is_the_documented_one() -> None:
    assert dict(WORKFLOW.transitions) == TABLE
    assert dict(WORKFLOW.side_actions) == SIDE
    assert WORKFLOW.timed == ("open", "called_back", "rectified")


def bad_case(cast: Cast, api: Any, level: int = 2) -> Rectification:
    decided = application(cast)
    res = api(cast.enterprise_user).post(
        "/ratings",
        {"subject_type": "application", "subject_id": decided.pk, "level": level, "comment": "材料要求前后不一"},
    )
    assert res.status_code == 201, res.content
    return Rectification.objects.get(rating_id=res.json()["id"])


def test_callback_rectify_report_closes_and_tells_the_enterprise(cast: Cast, api: Any) -> None:
    case = bad_case(cast, api)
    path = f"/rectifications/{case.pk}"
    # Roles that see the case but may not act: 403; roles that do not see it: 404.
    for user in (cast.supervisor, cast.enterprise_user):
        assert api(user).post(f"{path}/callback", {"note": "x"}).status_code == 403
    for user in (cast.window, cast.guide, cast.liaison, cast.outsider, cast.other_officer):
        got = api(user).post(f"{path}/callback", {"note": "x"})
        assert got.status_code in (401, 404), got.content.decode()
    blank = api(cast.handler).post(f"{path}/callback", {"note": "  "})
    assert blank.status_code == 422 and blank.json()["errors"][0]["field"] == "note"
    # Out of order: 409 in Chinese.
    early = api(cast.handler).post(f"{path}/report", {"result": "已整改"})
    assert early.status_code == 409 and "不能" in early.json()["detail"]

    res = api(cast.handler).post(f"{path}/callback", {"note": "电话回访，情况属实"})
    assert res.status_code == 200 and res.json()["status"] == "called_back"
    res = api(cast.head).post(f"{path}/rectify", {"measures": "统一材料清单口径并培训窗口人员"})
    assert res.status_code == 200 and res.json()["status"] == "rectified" and res.json()["light"] == "normal"
    assert api(cast.dispatcher).post(f"{path}/decide_appeal", {"exclude": True}).status_code == 409
    res = api(cast.handler).post(f"{path}/report", {"result": "已向企业说明并致歉，材料清单已统一"})
    body = res.json()
    assert res.status_code == 200 and body["status"] == "closed" and body["light"] is None
    assert [t["action"] for t in body["timeline"]] == ["open", "callback", "rectify", "report"]
    told = Notification.objects.get(recipient=cast.enterprise_user, title__contains="您的评价已整改并反馈")
    assert "材料清单已统一" in told.body

    # The enterprise reads its own rating's outcome, not the unit's callback note.
    mine = api(cast.enterprise_user).get(path).json()
    assert mine["result"].startswith("已向企业说明") and mine["callback_note"] == ""
    assert api(cast.handler).get(path).json()["callback_note"] == "电话回访，情况属实"
    summary = api(cast.dispatcher).get("/ratings/summary").json()
    assert summary["callback_rate"] == 1.0 and summary["rectified_on_time_rate"] == 1.0


def test_appeal_dismissed_returns_to_the_unit(cast: Cast, api: Any) -> None:
    case = bad_case(cast, api, level=1)
    path = f"/rectifications/{case.pk}"
    assert api(cast.handler).post(f"{path}/appeal", {"reason": "恶意差评"}).status_code == 409  # call back first
    api(cast.handler).post(f"{path}/callback", {"note": "企业称不满意审批时长"})
    assert api(cast.handler).post(f"{path}/appeal", {"reason": "审批在承诺时限内完成"}).json()["status"] == "appealed"
    for user in (cast.handler, cast.head, cast.supervisor):
        assert api(user).post(f"{path}/decide_appeal", {"exclude": False, "note": "x"}).status_code == 403
    missing = api(cast.dispatcher).post(f"{path}/decide_appeal", {"exclude": False})
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "note"
    res = api(cast.dispatcher).post(f"{path}/decide_appeal", {"exclude": False, "note": "企业反映属实，应整改"})
    assert res.status_code == 200 and res.json()["status"] == "called_back"
    case.refresh_from_db()
    assert case.rating.excluded is False


def test_ledger_scope_and_filters(cast: Cast, api: Any) -> None:
    case = bad_case(cast, api)
    for user in (cast.admin, cast.dispatcher, cast.supervisor, cast.handler, cast.head, cast.enterprise_user):
        items = api(user).get("/rectifications").json()["items"]
        assert [c["id"] for c in items] == [case.pk], user.role
    for user in (cast.window, cast.guide, cast.liaison, cast.other_officer):
        res = api(user).get("/rectifications")
        assert res.status_code == 200 and res.json()["items"] == []
        assert api(user).get(f"/rectifications/{case.pk}").status_code == 404
    assert api(cast.outsider).get("/rectifications").status_code in (401, 403, 200)
    assert api(cast.dispatcher).get("/rectifications", status="open").json()["items"][0]["id"] == case.pk
    assert api(cast.dispatcher).get("/rectifications", status="closed").json()["items"] == []
    assert api(cast.dispatcher).get("/rectifications", department_id=str(cast.tax.pk)).json()["items"] == []
    assert api(cast.dispatcher).get("/rectifications", status="bogus").status_code == 422
    assert api(cast.dispatcher).get("/rectifications/999999").status_code == 404


def test_supervision_and_assessment_see_the_cases(cast: Cast, api: Any) -> None:
    case = bad_case(cast, api)
    sources = [s for s in hooks.get_hooks(hooks.LATE_SOURCE) if isinstance(s, LateSource) and s.kind == "rectification"]
    assert len(sources) == 1 and sources[0].workflow is WORKFLOW
    assert list(sources[0].visible(cast.head).values_list("pk", flat=True)) == [case.pk]
    assert not sources[0].visible(cast.window).exists()
    measures = {m.code: m for m in hooks.get_hooks(hooks.ASSESSMENT_MEASURE) if isinstance(m, Measure)}
    import datetime as dt

    from django.utils import timezone

    today = timezone.localdate()
    fraction = measures["rating_satisfaction"].compute(cast.market.pk, today, today + dt.timedelta(days=1))
    assert (fraction.numerator, fraction.denominator) == (0, 1)
    on_time = measures["rectified_on_time"].compute(cast.market.pk, today, today + dt.timedelta(days=1))
    assert (on_time.numerator, on_time.denominator) == (0, 1)
    assert measures["rating_satisfaction"].compute(cast.tax.pk, today, today + dt.timedelta(days=1)).denominator == 0
