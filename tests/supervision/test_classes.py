"""Classes of problems (一类问题): the monthly analysis groups demands by category and similar text (3 or more),
the centre records the root cause and systemic measure with the demands, follows new demands of the class per
month, and offers a class to its department as a 容缺 catalogue candidate; who may see and do what."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from qifu.core.errors import Conflict, PermissionDenied, ValidationFailed
from qifu.core.models import AuditEvent, Notification
from qifu.demands import services as demands
from qifu.demands.models import Demand
from qifu.supervision import problem_classes as classes
from qifu.supervision.models import ProblemClass
from tests.conftest import Cast
from tests.demands.helpers import register

pytestmark = pytest.mark.django_db

ALIKE = [
    "食品经营许可证办理时要求重复提交营业执照复印件",
    "申请食品经营许可证需要重复提供营业执照材料",
    "办理食品经营许可，窗口又让我们交一遍执照复印件",
    "食品经营许可证申请还要再交营业执照复印件",
]
OTHER = "园区道路破损严重，货车进出困难"


def month_of_demands(cast: Cast, when: dt.datetime, *, assign: bool = True) -> list[Demand]:
    with time_machine.travel(when):
        made = [register(cast, category="market", title=t, content=t) for t in ALIKE]
        made.append(register(cast, category="market", title=OTHER, content=OTHER))
        made.append(register(cast, category="tax", title=ALIKE[0], content=ALIKE[0]))  # another category
        if assign:
            for d in made[:4]:
                demands.demand_assign(actor=cast.dispatcher, demand_id=d.pk, department_id=cast.market.pk)
    return made


def test_the_analysis_groups_similar_demands_of_a_category(cast: Cast) -> None:
    made = month_of_demands(cast, dt.datetime(2024, 5, 10, 2, tzinfo=dt.UTC))
    groups = classes.analyse(dt.date(2024, 5, 1))
    assert len(groups) == 1
    group = groups[0]
    assert group.category.code == "market" and group.ids == [d.pk for d in made[:4]]
    assert group.department_id == cast.market.pk
    assert classes.analyse(dt.date(2024, 6, 1)) == []


def test_two_alike_demands_are_no_class(cast: Cast) -> None:
    with time_machine.travel(dt.datetime(2024, 5, 10, 2, tzinfo=dt.UTC)):
        for t in ALIKE[:2]:
            register(cast, category="market", title=t, content=t)
    assert classes.analyse(dt.date(2024, 5, 1)) == []


def record(cast: Cast, ids: list[int], **over: Any) -> ProblemClass:
    values: dict[str, Any] = {
        "month": dt.date(2024, 5, 1),
        "category": "market",
        "demand_ids": ids,
        "title": "食品经营许可重复提交营业执照",
        "root_cause": "窗口未对接电子证照库，要求企业重复提交",
        "measure_kind": "deferrable",
        "measure": "营业执照纳入容缺受理目录，并调用电子证照",
        "measure_on": dt.date(2024, 6, 1),
    }
    values.update(over)
    return classes.problem_class_create(actor=cast.dispatcher, **values)


def test_the_centre_records_a_class_and_follows_its_effect(cast: Cast) -> None:
    may = month_of_demands(cast, dt.datetime(2024, 5, 10, 2, tzinfo=dt.UTC))
    found = record(cast, [d.pk for d in may[:4]])
    assert found.department_id == cast.market.pk and found.demands.count() == 4
    assert AuditEvent.objects.filter(action="problem_class.create").count() == 1
    # After the measure: one alike demand in June, none in July (and unrelated ones do not count).
    with time_machine.travel(dt.datetime(2024, 6, 12, 2, tzinfo=dt.UTC)):
        register(cast, category="market", title=ALIKE[1], content=ALIKE[1])
        register(cast, category="market", title=OTHER, content=OTHER)
    with time_machine.travel(dt.datetime(2024, 7, 12, 2, tzinfo=dt.UTC)):
        register(cast, category="market", title=OTHER, content=OTHER)
    months = classes.effect(found, months_before=1, today=dt.date(2024, 7, 20))
    assert [(m.month, m.count, m.after) for m in months] == [
        (dt.date(2024, 5, 1), 4, False),
        (dt.date(2024, 6, 1), 1, False),
        (dt.date(2024, 7, 1), 0, True),
    ]


@pytest.mark.parametrize(
    ("ids", "over", "field"),
    [
        ("two", {}, "demand_ids"),
        ("mixed", {}, "demand_ids"),
        ("four", {"category": "nothing"}, "category"),
        ("missing", {}, "demand_ids"),
    ],
)
def test_a_class_is_checked(cast: Cast, ids: str, over: dict[str, Any], field: str) -> None:
    made = month_of_demands(cast, dt.datetime(2024, 5, 10, 2, tzinfo=dt.UTC))
    chosen = {
        "two": [d.pk for d in made[:2]],
        "mixed": [made[0].pk, made[1].pk, made[5].pk],
        "four": [d.pk for d in made[:4]],
        "missing": [made[0].pk, made[1].pk, 999999],
    }[ids]
    with pytest.raises(ValidationFailed) as exc:
        record(cast, chosen, **over)
    assert field in [e.field for e in exc.value.errors]
    assert not ProblemClass.objects.exists()


def test_offering_a_candidate_tells_the_department(cast: Cast) -> None:
    made = month_of_demands(cast, dt.datetime(2024, 5, 10, 2, tzinfo=dt.UTC))
    found = record(cast, [d.pk for d in made[:4]])
    with pytest.raises(PermissionDenied):
        classes.problem_class_offer(actor=cast.head, class_id=found.pk)
    classes.problem_class_offer(actor=cast.dispatcher, class_id=found.pk)
    assert ProblemClass.objects.get().candidate
    assert Notification.objects.filter(recipient=cast.head, title__contains="容缺受理目录候选").count() == 1
    with pytest.raises(Conflict):
        classes.problem_class_offer(actor=cast.dispatcher, class_id=found.pk)


def test_pages_and_scope(cast: Cast, page_client: Any) -> None:
    made = month_of_demands(cast, dt.datetime(2024, 5, 10, 2, tzinfo=dt.UTC))
    centre = page_client(cast.dispatcher)
    html = centre.get("/supervision/classes/", {"month": "2024-05"}).content.decode()
    assert 'id="group-1"' in html and "4 件" in html and 'id="group-2"' not in html
    res = centre.post(
        "/supervision/classes/?month=2024-05",
        {"month": "2024-05-01", "category": "market", "demand_ids": [str(d.pk) for d in made[:4]], "title": ""},
    )
    html = res.content.decode()
    for field in ("title", "root_cause", "measure", "measure_on"):
        assert f'data-error="{field}"' in html, field
    res = centre.post(
        "/supervision/classes/?month=2024-05",
        {
            "month": "2024-05-01",
            "category": "market",
            "demand_ids": [str(d.pk) for d in made[:4]],
            "title": "食品经营许可重复提交营业执照",
            "root_cause": "未对接电子证照",
            "measure_kind": "deferrable",
            "measure": "纳入容缺受理目录",
            "measure_on": "2024-06-01",
        },
    )
    assert res.status_code == 302
    found = ProblemClass.objects.get()
    detail = centre.get(f"/supervision/classes/{found.pk}/").content.decode()
    assert "措施效果" in detail and 'id="offer-candidate"' in detail
    # The department sees its own class and no analysis; the supervisor sees it; others nothing.
    head = page_client(cast.head)
    assert head.get(f"/supervision/classes/{found.pk}/").status_code == 200
    assert 'id="group-1"' not in head.get("/supervision/classes/", {"month": "2024-05"}).content.decode()
    assert head.post(f"/supervision/classes/{found.pk}/").status_code == 302
    assert not ProblemClass.objects.get().candidate
    found.department = cast.tax
    found.save(update_fields=["department"])
    assert head.get(f"/supervision/classes/{found.pk}/").status_code == 404
    assert page_client(cast.supervisor).get(f"/supervision/classes/{found.pk}/").status_code == 200
    assert page_client(cast.enterprise_user).get("/supervision/classes/").status_code == 403
