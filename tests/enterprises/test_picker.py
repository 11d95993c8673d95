"""The enterprise picker: suggestions by name or 统一社会信用代码 within the caller's scope, and the text box that
the server resolves when JavaScript is off."""

from __future__ import annotations

from typing import Any

import pytest

from qifu.applications.models import Entrustment
from qifu.demands.models import Demand
from qifu.enterprises.models import Enterprise
from qifu.enterprises.picker import read_picker
from qifu.enterprises.selectors import enterprise_pick
from tests.conftest import Cast, make_uscc

pytestmark = pytest.mark.django_db


def _names(html: bytes) -> str:
    return html.decode()


def test_suggestions_by_name_words_and_by_code(cast: Cast, page_client: Any) -> None:
    client = page_client(cast.window)
    by_word = _names(client.get("/enterprises/pick/", {"q": "五金"}).content)
    assert cast.ent.name in by_word and cast.other_ent.name not in by_word
    assert f'data-pick-id="{cast.ent.pk}"' in by_word
    by_code = _names(client.get("/enterprises/pick/", {"q": cast.other_ent.uscc[:12].lower()}).content)
    assert cast.other_ent.name in by_code and cast.ent.name in by_code  # both codes start 91445203MA00
    exact = _names(client.get("/enterprises/pick/", {"q": cast.other_ent.uscc}).content)
    assert cast.other_ent.name in exact and cast.ent.name not in exact
    assert "没有找到“不存在的企业”" in _names(client.get("/enterprises/pick/", {"q": "不存在的企业"}).content)


def test_suggestions_keep_to_the_callers_scope(cast: Cast, page_client: Any) -> None:
    for user, sees_other in (
        (cast.officer, False),
        (cast.liaison, False),
        (cast.enterprise_user, False),
        (cast.head, True),
    ):
        html = _names(page_client(user).get("/enterprises/pick/", {"q": "揭阳市"}).content)
        assert cast.ent.name in html
        assert (cast.other_ent.name in html) is sees_other, user.role
    assert page_client(cast.outsider).get("/enterprises/pick/", {"q": "揭阳市"}).status_code in (403, 404)


def test_twenty_at_most_prefixes_first_and_a_fixed_number_of_queries(
    cast: Cast, page_client: Any, django_assert_max_num_queries: Any
) -> None:
    Enterprise.objects.bulk_create(
        Enterprise(uscc=make_uscc(100 + i), name=f"揭阳市新材料{i:02d}有限公司", industry_code="C3311", scale="micro")
        for i in range(30)
    )
    Enterprise.objects.create(uscc=make_uscc(200), name="新材料研究院有限公司", industry_code="C3311", scale="micro")
    found = enterprise_pick(cast.admin, "新材料")
    assert len(found) == 20 and found[0].name == "新材料研究院有限公司"  # the name that starts with it first
    client = page_client(cast.window)
    with django_assert_max_num_queries(6):  # session, user, and the picker's two steps
        res = client.get("/enterprises/pick/", {"q": "新材料"})
    assert res.content.decode().count("data-pick-id") == 20


@pytest.mark.parametrize("q", ["", " ", "%", "_", "\\", "'; drop table x;--", "x" * 5000, "𠮷\u0000"])
def test_odd_input_answers_an_empty_list(cast: Cast, page_client: Any, q: str) -> None:
    res = page_client(cast.window).get("/enterprises/pick/", {"q": q})
    assert res.status_code == 200 and res.content.decode().count("data-pick-id") == 0
    raw = page_client(cast.window).get("/enterprises/pick/?q=%ED%A0%80%FF")  # a lone surrogate, a stray byte
    assert raw.status_code == 200 and raw.content.decode().count("data-pick-id") == 0


def test_text_without_javascript_is_resolved_or_refused_naming_the_field(cast: Cast, page_client: Any) -> None:
    demand = {"kind": "need", "channel": "window", "category": "market", "title": "用电报装", "content": "新厂房用电"}
    client = page_client(cast.window)
    ambiguous = client.post("/demands/new/", {**demand, "enterprise_q": "揭阳市"}).content.decode()
    assert "企业：“揭阳市”对应多家企业，请填写完整的企业名称或统一社会信用代码" in ambiguous
    unknown = client.post("/demands/new/", {**demand, "enterprise_q": "不存在的公司"}).content.decode()
    assert "企业：没有找到名称或统一社会信用代码为“不存在的公司”的企业" in unknown
    assert 'value="不存在的公司"' in unknown and Demand.objects.count() == 0  # what was typed stays
    client.post("/demands/new/", {**demand, "enterprise_q": "德盛电子"})
    client.post("/demands/new/", {**demand, "title": "第二条", "enterprise_q": cast.ent.uscc.lower()})
    assert list(Demand.objects.order_by("id").values_list("enterprise_id", flat=True)) == [
        cast.other_ent.pk,
        cast.ent.pk,
    ]
    # An officer cannot reach an enterprise it does not steward by typing its name.
    refused = page_client(cast.officer).post("/demands/new/", {**demand, "enterprise_q": cast.other_ent.name})
    assert "没有找到" in refused.content.decode() and Demand.objects.count() == 2


def test_the_chosen_id_stands_while_the_box_shows_it(cast: Cast) -> None:
    twin = Enterprise.objects.create(uscc=make_uscc(300), name=cast.ent.name, industry_code="C3311", scale="micro")
    assert read_picker(cast.window, {"enterprise_id": str(twin.pk), "enterprise_q": twin.name}, label="企业") == (
        str(twin.pk),
        "",
    )
    _, error = read_picker(cast.window, {"enterprise_id": "", "enterprise_q": twin.name}, label="委托企业")
    assert error.startswith("委托企业：") and "对应多家企业" in error
    # The box changed after a choice (no JavaScript to empty the id): the text decides.
    moved = read_picker(cast.window, {"enterprise_id": str(twin.pk), "enterprise_q": cast.other_ent.uscc}, label="企业")
    assert moved == (str(cast.other_ent.pk), "")
    assert read_picker(cast.window, {"enterprise_id": str(twin.pk)}, label="企业") == (str(twin.pk), "")


def test_entrustment_form_takes_the_typed_code(cast: Cast, page_client: Any) -> None:
    res = page_client(cast.window).post(
        "/applications/entrustments/new/",
        {
            "enterprise_id": "",
            "enterprise_q": cast.other_ent.uscc,
            "agent_name": "王代办",
            "agent_phone": "13600000000",
            "agent_id_number": "11010519491231002X",
            "scope": "食品经营许可",
            "valid_until": "2099-12-31",
        },
    )
    assert res.status_code == 302, res.content.decode()[-2000:]
    assert Entrustment.objects.get().enterprise == cast.other_ent
