"""Enterprise pages: workbench counts, filters, create/edit forms with Chinese errors, ledger and stewardship."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from qifu.enterprises.models import Enterprise, LedgerEntry, Stewardship
from qifu.enterprises.services import enterprise_create
from tests.conftest import Cast, make_uscc

pytestmark = pytest.mark.django_db


def test_unassigned_filter_and_workbench_count(cast: Cast, page_client: Any) -> None:
    lonely = enterprise_create(
        actor=cast.admin,
        data={"uscc": make_uscc(50), "name": "揭阳市无人包联有限公司", "industry_code": "F5137", "scale": "micro"},
    )
    client = page_client(cast.dispatcher)
    html = client.get("/enterprises/", {"unassigned": 1}).content.decode()
    assert lonely.name in html and cast.ent.name not in html
    workbench = client.get("/").content.decode()
    start = workbench.index('data-todo="无包联干部的企业"')
    assert '<div class="n">1</div>' in workbench[start : start + 200]


def test_officer_workbench_counts_its_enterprises_and_stale_ledgers(cast: Cast, page_client: Any) -> None:
    html = page_client(cast.officer).get("/").content.decode()
    mine = html[html.index('data-todo="我包联的企业"') :]
    assert '<div class="n">1</div>' in mine[:200]
    stale = html[html.index('data-todo="超过30天未记台账的企业"') :]
    assert '<div class="n">1</div>' in stale[:200]


def test_list_filters_by_scale_and_htmx_returns_the_fragment(cast: Cast, page_client: Any) -> None:
    client = page_client(cast.admin)
    html = client.get("/enterprises/", {"scale": "medium"}).content.decode()
    assert cast.other_ent.name in html and cast.ent.name not in html
    fragment = client.get("/enterprises/", {"scale": "small"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results")
    text = fragment.content.decode()
    assert cast.ent.name in text and "<html" not in text
    bad = client.get("/enterprises/", {"scale": "huge"}).content.decode()
    assert "企业规模筛选值无效" in bad


def test_create_form_names_bad_fields_in_chinese_and_writes_nothing(cast: Cast, page_client: Any) -> None:
    client = page_client(cast.window)
    res = client.post(
        "/enterprises/new/",
        {"uscc": "91445203MA0000000X", "name": "揭阳市新开餐馆有限公司", "industry_code": "H62", "scale": "micro"},
    )
    html = res.content.decode()
    assert res.status_code == 200 and "统一社会信用代码校验位错误" in html
    assert not Enterprise.objects.filter(name="揭阳市新开餐馆有限公司").exists()
    good = client.post(
        "/enterprises/new/",
        {
            "uscc": make_uscc(60),
            "name": "揭阳市新开餐馆有限公司",
            "industry_code": "H62",
            "scale": "micro",
            "tags": ["外资"],
        },
    )
    created = Enterprise.objects.get(name="揭阳市新开餐馆有限公司")
    assert good["Location"] == f"/enterprises/{created.pk}/"
    assert [t.name for t in created.tags.all()] == ["外资"]


def test_edit_form_refuses_a_stale_version(cast: Cast, page_client: Any) -> None:
    client = page_client(cast.officer)
    form = {
        "uscc": cast.ent.uscc,
        "name": cast.ent.name,
        "industry_code": "C3311",
        "scale": "small",
        "employees": "90",
        "version": str(cast.ent.version),
    }
    assert client.post(f"/enterprises/{cast.ent.pk}/edit/", form).status_code == 302
    again = client.post(f"/enterprises/{cast.ent.pk}/edit/", {**form, "employees": "91"})
    assert "已被他人修改" in again.content.decode()
    assert Enterprise.objects.get(pk=cast.ent.pk).employees == 90


def test_enterprise_user_form_shows_registry_fields_read_only(cast: Cast, page_client: Any) -> None:
    client = page_client(cast.enterprise_user)
    html = client.get(f"/enterprises/{cast.ent.pk}/edit/").content.decode()
    assert 'name="uscc" type="text" value="' in html and "readonly" in html
    res = client.post(
        f"/enterprises/{cast.ent.pk}/edit/",
        {"name": "改名", "contact_phone": "13600001111", "version": str(cast.ent.version)},
    )
    assert res.status_code == 302
    ent = Enterprise.objects.get(pk=cast.ent.pk)
    assert ent.contact_phone == "13600001111" and ent.name == cast.ent.name


def test_ledger_and_stewardship_forms(cast: Cast, page_client: Any) -> None:
    officer = page_client(cast.officer)
    officer.post(
        f"/enterprises/{cast.ent.pk}/ledger/",
        {"entry_date": "2026-11-20", "category": "plans", "content": "计划扩建二期厂房"},
    )
    assert LedgerEntry.objects.filter(enterprise=cast.ent, content="计划扩建二期厂房").exists()
    detail = officer.get(f"/enterprises/{cast.ent.pk}/").content.decode()
    assert "计划扩建二期厂房" in detail and "陈建华" in detail
    assert (
        officer.post(
            f"/enterprises/{cast.other_ent.pk}/ledger/",
            {"entry_date": "2026-11-20", "category": "plans", "content": "x"},
        ).status_code
        == 404
    )
    masked = page_client(cast.handler).get(f"/enterprises/{cast.ent.pk}/").content.decode()
    assert "陈**" in masked and "陈建华" not in masked and "138****8000" in masked
    dispatcher = page_client(cast.dispatcher)
    too_early = dispatcher.post(
        f"/enterprises/{cast.ent.pk}/stewardship/",
        {"officer_id": cast.other_officer.pk, "started_on": "2020-01-01"},
        follow=True,
    )
    assert "开始日期不能早于当前包联的开始日期" in too_early.content.decode()
    today = timezone.localdate().isoformat()
    dispatcher.post(
        f"/enterprises/{cast.ent.pk}/stewardship/", {"officer_id": cast.other_officer.pk, "started_on": today}
    )
    assert Stewardship.objects.get(enterprise=cast.ent, ended_on__isnull=True).officer == cast.other_officer


def test_the_centre_sets_and_lifts_the_credit_restriction_on_the_page(cast: Cast, page_client: Any) -> None:
    url = f"/enterprises/{cast.ent.pk}/credit/"
    dispatcher = page_client(cast.dispatcher)
    assert "标记信用受限" in dispatcher.get(f"/enterprises/{cast.ent.pk}/").content.decode()
    for user in (cast.window, cast.officer):  # they edit enterprises but not their credit
        assert "标记信用受限" not in page_client(user).get(f"/enterprises/{cast.ent.pk}/").content.decode()
        res = page_client(user).post(url, {"credit_restricted": "1"}, follow=True)
        assert "只能由政务服务中心设置" in res.content.decode()
    assert page_client(cast.enterprise_user).post(url, {"credit_restricted": "1"}).status_code in (302, 403)
    cast.ent.refresh_from_db()
    assert not cast.ent.credit_restricted
    stale = cast.ent.version - 1
    res = dispatcher.post(url, {"credit_restricted": "1", "version": str(stale)}, follow=True)
    assert "已被他人修改" in res.content.decode()
    res = dispatcher.post(url, {"credit_restricted": "1", "version": str(cast.ent.version)}, follow=True)
    page = res.content.decode()
    assert "信用受限：不适用容缺受理" in page and "解除信用受限" in page
    cast.ent.refresh_from_db()
    assert cast.ent.credit_restricted
    dispatcher.post(url, {"credit_restricted": "0", "version": str(cast.ent.version)})
    cast.ent.refresh_from_db()
    assert not cast.ent.credit_restricted
