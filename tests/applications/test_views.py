"""Application pages through HTTP as the role that uses each: the list and its filters, filing in three modes
(with the window's entrustment register), the detail with its pre-review checklist and action forms, the printed
documents with their QR code, and the workbench to-dos."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from qifu.accounts.choices import Role
from qifu.accounts.models import User
from qifu.applications import services
from qifu.applications.models import Application, Entrustment
from qifu.catalog.models import Bundle, ServiceItem
from qifu.core.services import timeline_add
from qifu.core.workcalendar import SHANGHAI
from tests.applications.helpers import food_licence, requirement_ids, restaurant_bundle
from tests.conftest import Cast

pytestmark = pytest.mark.django_db
AGENT_ID = "11010519491231002X"


def at(day: str, hour: int = 10) -> Any:
    return time_machine.travel(dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=SHANGHAI), tick=False)


def submit(cast: Cast, made: ServiceItem, provided: list[str]) -> Application:
    ids = requirement_ids(made)
    return services.application_submit(
        actor=cast.enterprise_user,
        item_id=made.pk,
        mode="self",
        provided=[i for name, i in ids.items() if name in provided],
    )


def user(username: str, role: str, **extra: Any) -> User:
    return User.objects.create_user(username=username, password="x", role=role, display_name=username, **extra)


def html_of(res: Any) -> str:
    assert res.status_code == 200, res.status_code
    return str(res.content.decode())


def test_list_and_detail_for_the_right_roles(cast: Cast, page_client: Any, django_assert_max_num_queries: Any) -> None:
    made = food_licence(cast)
    application = submit(cast, made, ["营业执照", "食品安全管理制度", "经营场所平面图"])
    for _ in range(3):
        submit(cast, made, ["营业执照"])
    window = page_client(cast.window)
    with django_assert_max_num_queries(14):
        html = html_of(window.get("/applications/"))
    assert application.number in html and "食品经营许可" in html and "自办" in html and "qf-light-normal" in html
    assert "新办件" in html and "告知期限" in html
    seen_by = [cast.admin, cast.dispatcher, cast.window, cast.guide, cast.officer, cast.handler, cast.head]
    for who in [*seen_by, cast.supervisor, cast.liaison, cast.enterprise_user]:
        client = page_client(who)
        assert application.number in html_of(client.get("/applications/")), who.username
        assert application.number in html_of(client.get(f"/applications/{application.pk}/")), who.username
    tax_handler = user("tax-handler", Role.DEPARTMENT_HANDLER, department=cast.tax)
    other_ent_user = user("other-ent", Role.ENTERPRISE, enterprise=cast.other_ent)
    for who in (cast.other_officer, tax_handler, other_ent_user):
        client = page_client(who)
        assert application.number not in html_of(client.get("/applications/"))
        assert client.get(f"/applications/{application.pk}/").status_code == 404
        assert client.post(f"/applications/{application.pk}/pre_review/", {"result": "accept"}).status_code == 404
        assert client.get(f"/applications/{application.pk}/print/acceptance/").status_code == 404
    assert page_client(cast.outsider).get("/applications/").status_code == 403
    assert "新办件" not in html_of(page_client(cast.handler).get("/applications/"))
    assert Application.objects.get(pk=application.pk).status == "submitted"


def test_list_filters_and_bad_filters(cast: Cast, page_client: Any) -> None:
    made = food_licence(cast)
    first = submit(cast, made, ["营业执照", "食品安全管理制度", "经营场所平面图"])
    second = submit(cast, made, ["营业执照"])
    services.application_request_correction(
        actor=cast.window,
        application_id=second.pk,
        problems=[(requirement_ids(made)["食品安全管理制度"], "缺少制度文本")],
    )
    window = page_client(cast.window)
    html = html_of(window.get("/applications/", {"status": "correction_requested"}))
    assert second.number in html and first.number not in html
    html = html_of(window.get("/applications/", {"q": first.number[-5:]}))
    assert first.number in html and second.number not in html
    fragment = window.get("/applications/", {"mode": "proxy"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results")
    text = html_of(fragment)
    assert "<html" not in text and "没有符合条件的办件" in text
    assert "筛选条件无效" in html_of(window.get("/applications/", {"status": "nonsense"}))
    flagged = html_of(window.get("/applications/", {"deferred": "1"}))
    assert "有容缺材料待补交" in flagged and "没有符合条件的办件" in flagged


def test_pre_review_accepts_with_a_deferred_material_and_shows_the_commitment(cast: Cast, page_client: Any) -> None:
    made = food_licence(cast)
    ids = requirement_ids(made)
    with at("2026-11-02"):
        application = submit(cast, made, ["营业执照", "食品安全管理制度"])
        window = page_client(cast.window)
        form = html_of(window.get(f"/applications/{application.pk}/"))
        assert 'id="act-pre-review"' in form and f'id="defer-{ids["经营场所平面图"]}"' in form
        assert f'id="defer-{ids["营业执照"]}"' not in form  # a main material cannot be deferred
        assert 'value="2026-11-12"' in form  # the latest due date: 2 working days before the promised 11-16
        url = f"/applications/{application.pk}/pre_review/"
        base = {f"check_{ids['营业执照']}": "ok", f"check_{ids['食品安全管理制度']}": "ok"}
        res = window.post(url, {**base, f"check_{ids['经营场所平面图']}": "problem", "result": "accept"}, follow=True)
        assert "以下材料标记为“需补正”，不能直接受理：经营场所平面图" in html_of(res)
        res = window.post(
            url,
            {
                **base,
                f"check_{ids['经营场所平面图']}": "defer",
                "commitment_due": "2026-12-30",
                "signed_by": "陈建华",
                "result": "accept",
            },
            follow=True,
        )
        assert "承诺补交期限最长为20个工作日" in html_of(res)
        assert Application.objects.get(pk=application.pk).status == "submitted"
        res = window.post(
            url,
            {
                **base,
                f"check_{ids['经营场所平面图']}": "defer",
                "commitment_due": "2026-11-10",
                "signed_by": "陈建华",
                "result": "accept",
            },
            follow=True,
        )
        html = html_of(res)
    assert "已容缺受理" in html and 'id="commitment"' in html and "2026-11-10" in html and "陈建华" in html
    assert "容缺后补" in html and 'id="print-commitment"' in html and 'id="print-acceptance"' in html
    assert 'id="act-pre-review"' not in html and 'id="act-handover"' in html and 'id="act-supply"' in html
    assert Application.objects.get(pk=application.pk).status == "accepted"


def test_notice_correction_and_the_printed_documents(cast: Cast, page_client: Any) -> None:
    made = food_licence(cast)
    ids = requirement_ids(made)
    application = submit(cast, made, ["营业执照"])
    window, mine = page_client(cast.window), page_client(cast.enterprise_user)
    assert window.get(f"/applications/{application.pk}/print/notice/").status_code == 404
    res = window.post(
        f"/applications/{application.pk}/pre_review/",
        {
            f"check_{ids['营业执照']}": "ok",
            f"check_{ids['食品安全管理制度']}": "problem",
            f"problem_{ids['食品安全管理制度']}": "缺少食品安全管理制度文本",
            f"check_{ids['经营场所平面图']}": "problem",
            f"problem_{ids['经营场所平面图']}": "平面图未标注操作间",
            "result": "correct",
        },
        follow=True,
    )
    assert "已出具一次性告知单" in html_of(res)
    for client in (window, mine):
        html = html_of(client.get(f"/applications/{application.pk}/print/notice/"))
        assert "一次性告知单" in html and application.number in html and "<svg" in html
        assert "缺少食品安全管理制度文本" in html and "平面图未标注操作间" in html
        assert f"/applications/{application.pk}/" in html and "扫码查看办理进度" in html
    detail = html_of(mine.get(f"/applications/{application.pk}/"))
    assert 'id="act-correct"' in detail and "请按一次性告知单" in detail
    res = mine.post(
        f"/applications/{application.pk}/correct/",
        {f"corrected_{ids['食品安全管理制度']}": "1", f"corrected_{ids['经营场所平面图']}": "1"},
        follow=True,
    )
    assert "补正材料已提交" in html_of(res)
    accepted = window.post(
        f"/applications/{application.pk}/pre_review/",
        {**{f"check_{i}": "ok" for i in ids.values()}, "result": "accept"},
        follow=True,
    )
    assert "已受理，受理编号" in html_of(accepted)
    acceptance = html_of(mine.get(f"/applications/{application.pk}/print/acceptance/"))
    assert "受理通知书" in acceptance and application.number in acceptance and "<svg" in acceptance
    assert "食品安全管理制度" in acceptance and "10个工作日" in acceptance and "免费邮寄" in acceptance
    assert window.get(f"/applications/{application.pk}/print/commitment/").status_code == 404


def test_the_commitment_letter_names_each_deferred_material_and_the_consequence(cast: Cast, page_client: Any) -> None:
    made = food_licence(cast)
    ids = requirement_ids(made)
    with at("2026-11-02"):
        application = submit(cast, made, ["营业执照", "食品安全管理制度"])
        services.application_accept(
            actor=cast.window,
            application_id=application.pk,
            deferred=[ids["经营场所平面图"]],
            commitment_due=dt.date(2026, 11, 10),
            signed_by="陈建华",
        )
    html = html_of(page_client(cast.enterprise_user).get(f"/applications/{application.pk}/print/commitment/"))
    assert "告知承诺书" in html and application.number in html and "<svg" in html
    assert "经营场所平面图" in html and "2026年11月10日" in html and "陈建华" in html
    assert (
        "同意按“e) 其他需要终止的情形”（DB4106/T 98—2023 第6章）终止办理" in html
        and "承诺人：陈建华" in html
        and "申请人（盖章）" in html
    )


def test_enterprise_sees_its_application_but_not_internal_notes(cast: Cast, page_client: Any) -> None:
    made = food_licence(cast)
    application = submit(cast, made, ["营业执照", "食品安全管理制度", "经营场所平面图"])
    timeline_add(
        subject_type="application",
        subject_id=application.pk,
        actor=cast.window,
        action="note",
        note="内部：法定代表人电话打不通，明早再联系",
        internal=True,
    )
    mine = page_client(cast.enterprise_user)
    assert application.number in html_of(mine.get("/applications/"))
    html = html_of(mine.get(f"/applications/{application.pk}/"))
    assert "提交申请" in html and "综合窗口将在5个工作日内完成材料预审" in html
    assert "法定代表人电话打不通" not in html and 'id="act-pre-review"' not in html
    staff = html_of(page_client(cast.window).get(f"/applications/{application.pk}/"))
    assert "法定代表人电话打不通" in staff and 'id="act-pre-review"' in staff


def test_new_application_in_each_mode(cast: Cast, page_client: Any) -> None:
    made = food_licence(cast)
    ids = requirement_ids(made)
    mine = page_client(cast.enterprise_user)
    choose = html_of(mine.get("/applications/new/"))
    assert "食品经营许可" in choose and f"?item={made.pk}" in choose
    form = html_of(mine.get("/applications/new/", {"item": made.pk}))
    assert 'name="enterprise_id"' not in form and cast.ent.name in form and "营业执照" in form
    assert 'name="green_channel"' not in form and 'value="self"' in form
    res = mine.post(
        "/applications/new/",
        {"item": made.pk, "enterprise_id": cast.other_ent.pk, "mode": "proxy", f"provided_{ids['营业执照']}": "1"},
        follow=True,
    )
    own = Application.objects.get(mode="self")
    assert "申请已提交，受理编号" in html_of(res) and own.enterprise == cast.ent
    assert [m.state for m in own.materials.order_by("requirement__sort_order")] == ["provided", "missing", "missing"]

    window = page_client(cast.window)
    staff_form = html_of(window.get("/applications/new/", {"item": made.pk}))
    assert 'name="enterprise_id"' in staff_form and 'name="green_channel"' in staff_form
    assert 'id="mode-assisted"' in staff_form and 'id="mode-proxy"' in staff_form and 'id="mode-self"' not in staff_form
    res = window.post(
        "/applications/new/",
        {"item": made.pk, "enterprise_id": cast.ent.pk, "mode": "assisted", "green_channel": "1"},
        follow=True,
    )
    assisted = Application.objects.get(mode="assisted")
    assert "办件已登记" in html_of(res) and assisted.helper == cast.window and assisted.green_channel

    proxy = {
        "item": made.pk,
        "enterprise_id": cast.ent.pk,
        "mode": "proxy",
        "agent_name": "王代办",
        "agent_phone": "13600000000",
        "agent_id_number": AGENT_ID,
    }
    refused = html_of(window.post("/applications/new/", proxy))
    assert "代办人没有该企业在有效期内的委托书，请先登记委托书" in refused and 'id="agent-error"' in refused
    assert not Application.objects.filter(mode="proxy").exists()
    entrust = html_of(window.get("/applications/entrustments/new/", {"enterprise_id": cast.ent.pk}))
    assert "登记委托书" in entrust and f'value="{cast.ent.name}"' in entrust  # the picker shows the one chosen
    bad = html_of(
        window.post(
            "/applications/entrustments/new/",
            {"enterprise_id": cast.ent.pk, "agent_name": "", "agent_id_number": "123", "valid_until": "2020-01-01"},
        )
    )
    assert "代办人姓名不能为空" in bad and "委托有效期应为今天或以后的日期" in bad and not Entrustment.objects.exists()
    res = window.post(
        "/applications/entrustments/new/",
        {
            "enterprise_id": cast.ent.pk,
            "agent_name": "王代办",
            "agent_phone": "13600000000",
            "agent_id_number": AGENT_ID,
            "scope": "食品经营许可的申请、补正和领取",
            "valid_until": (timezone.localdate() + dt.timedelta(days=90)).isoformat(),
            "next": f"/applications/new/?item={made.pk}",
        },
    )
    assert res.status_code == 302 and res["Location"] == f"/applications/new/?item={made.pk}"
    res = window.post("/applications/new/", proxy, follow=True)
    created = Application.objects.get(mode="proxy")
    html = html_of(res)
    assert created.entrustment is not None and created.entrustment.agent_name == "王代办"
    assert "王代办" in html and "1101**********002X" in html
    # The agent's phone is personal data: the hall and the enterprise see it; supervisor and department masked.
    detail = f"/applications/{created.pk}/"
    assert "（13600000000）" in html and "（136****0000）" not in html
    assert "（13600000000）" in html_of(page_client(cast.enterprise_user).get(detail))
    for user in (cast.supervisor, cast.handler):
        seen = page_client(user).get(detail)
        assert seen.status_code == 200
        assert "（136****0000）" in html_of(seen) and "13600000000" not in html_of(seen)
    assert page_client(cast.handler).get("/applications/new/").status_code == 403
    assert page_client(cast.officer).get("/applications/entrustments/new/").status_code == 403


def test_bundle_through_the_pages_with_one_merged_material_list(cast: Cast, page_client: Any) -> None:
    bundle = restaurant_bundle(cast)
    window, mine = page_client(cast.window), page_client(cast.enterprise_user)
    form = html_of(window.get("/applications/new/", {"bundle": bundle.pk}))
    assert form.count("营业执照</label>") == 1 and "企业设立登记、食品经营许可 共用" in form
    keys = dict(re.findall(r'name="provided_(\d+)"[^>]*aria-label="([^"]+)"', form))
    by_name = {name: key for key, name in keys.items()}
    assert set(by_name) == {"营业执照", "法定代表人身份证明", "发票专用章", "食品安全管理制度", "经营场所平面图"}
    posted = {f"provided_{by_name[n]}": "1" for n in ("营业执照", "法定代表人身份证明", "发票专用章")}
    res = window.post(
        "/applications/new/",
        {"bundle": bundle.pk, "enterprise_id": cast.ent.pk, "mode": "assisted", **posted},
        follow=True,
    )
    application = Application.objects.get(bundle=bundle)
    assert "办件已登记" in html_of(res)
    assert application.materials.filter(state="provided").count() == 5  # each merged line marks every item's row
    url = f"/applications/{application.pk}"
    review = {
        f"check_{by_name['营业执照']}": "ok",
        f"check_{by_name['法定代表人身份证明']}": "ok",
        f"check_{by_name['发票专用章']}": "ok",
        f"check_{by_name['食品安全管理制度']}": "problem",
        f"problem_{by_name['食品安全管理制度']}": "缺少制度文本",
        f"check_{by_name['经营场所平面图']}": "defer",
    }
    window.post(f"{url}/pre_review/", {**review, "result": "correct"})
    assert Application.objects.get(pk=application.pk).status == "correction_requested"
    notice = html_of(window.get(f"{url}/print/notice/"))
    assert notice.count("缺少制度文本") == 1 and "开餐馆一件事" in notice
    mine.post(f"{url}/correct/", {f"corrected_{by_name['食品安全管理制度']}": "1"})
    today = timezone.localdate()
    form = html_of(window.get(f"{url}/"))
    latest = re.search(r'id="commitment-due" name="commitment_due" value="([0-9-]+)"', form)
    assert latest is not None, "a 10-day bundle leaves room for a commitment"
    review[f"check_{by_name['食品安全管理制度']}"] = "ok"
    res = window.post(
        f"{url}/pre_review/",
        {**review, "result": "accept", "commitment_due": latest.group(1), "signed_by": "陈建华"},
        follow=True,
    )
    html = html_of(res)
    assert "已容缺受理" in html and 'id="children"' in html and "税务局" in html
    window.post(f"{url}/supply/", {"line": by_name["经营场所平面图"]})
    assert "容缺材料已全部补齐" in html_of(window.get(f"{url}/"))
    window.post(f"{url}/handover/", {"note": "纸质材料随件移交"})
    assert Application.objects.get(pk=application.pk).status == "in_review"
    tax_handler = user("tax-handler", Role.DEPARTMENT_HANDLER, department=cast.tax)
    for reviewer in (cast.handler, tax_handler):
        client = page_client(reviewer)
        listed = html_of(client.get("/applications/"))
        for child in application.children.filter(department=reviewer.department):
            assert child.number in listed
            page = html_of(client.get(f"/applications/{child.pk}/"))
            assert 'id="act-decide"' in page and "随一件事一并提交" in page
            client.post(f"/applications/{child.pk}/decide/", {"approve": "1", "note": "符合条件"})
        assert client.get(f"{url}/").status_code == 404  # the bundle itself belongs to the hall
    assert Application.objects.get(pk=application.pk).status == "approved"
    res = window.post(f"{url}/deliver/", {"method": "express", "tracking_number": "SF1234567890"}, follow=True)
    html = html_of(res)
    assert "已登记免费邮寄出件" in html and "SF1234567890" in html
    assert set(application.children.values_list("status", flat=True)) == {"delivered"}
    timeline = html_of(mine.get(f"{url}/"))
    assert "准予许可" in timeline and "发票领用" in timeline and today.isoformat() in timeline


def test_department_pauses_resumes_and_the_head_extends(cast: Cast, page_client: Any) -> None:
    made = food_licence(cast)
    application = submit(cast, made, ["营业执照", "食品安全管理制度", "经营场所平面图"])
    services.application_accept(actor=cast.window, application_id=application.pk)
    services.application_handover(actor=cast.window, application_id=application.pk)
    handler, head = page_client(cast.handler), page_client(cast.head)
    url = f"/applications/{application.pk}"
    page = html_of(handler.get(f"{url}/"))
    assert 'id="act-pause"' in page and 'id="act-decide"' in page and 'id="act-extend"' not in page
    res = handler.post(f"{url}/pause/", {"reason": "组织专家现场核查"}, follow=True)
    html = html_of(res)
    assert "已暂停计时" in html and 'id="paused-badge"' in html and 'id="act-resume"' in html
    assert "计时暂停中，恢复计时后方可作出决定" in html
    assert "计时暂停中" in html_of(handler.get("/", follow=True))
    html = html_of(handler.post(f"{url}/resume/", follow=True))
    assert "已恢复计时" in html
    assert "延长时限最多10个工作日" in html_of(head.post(f"{url}/extend/", {"days": "11", "reason": "x"}, follow=True))
    html = html_of(head.post(f"{url}/extend/", {"days": "5", "reason": "需补充现场核查"}, follow=True))
    assert "已延长5个工作日" in html and Application.objects.get(pk=application.pk).days_total == 15
    html = html_of(handler.post(f"{url}/decide/", {"approve": "0", "note": ""}, follow=True))
    assert "审批意见不能为空" in html
    html = html_of(head.post(f"{url}/terminate/", {"reason_code": "a", "note": "企业申请撤回"}, follow=True))
    assert "已终止办理" in html and "a) 服务对象主动要求终止" in html


def test_workbench_shows_the_window_and_enterprise_to_dos(cast: Cast, page_client: Any) -> None:
    made = food_licence(cast)
    application = submit(cast, made, ["营业执照"])
    html = html_of(page_client(cast.window).get("/"))
    section = html[html.index('data-todo="待预审"') :]
    assert re.search(r'href="/applications/\?status=submitted"', html)
    assert re.match(r'data-todo="待预审">\s*<div>待预审</div><div class="n">1</div>', section)
    assert 'data-todo="容缺待补"' in html and 'data-todo="逾期未告知视为受理"' in html
    services.application_request_correction(
        actor=cast.window,
        application_id=application.pk,
        problems=[(requirement_ids(made)["食品安全管理制度"], "缺少")],
    )
    mine = html_of(page_client(cast.enterprise_user).get("/"))
    assert re.search(r'data-todo="待我补正">\s*<div>待我补正</div><div class="n">1</div>', mine)
    department = html_of(page_client(cast.handler).get("/"))
    assert 'data-todo="待审批"' in department and 'data-todo="即将超期"' in department


def test_a_window_sees_the_deemed_acceptance_warning(cast: Cast, page_client: Any) -> None:
    made = food_licence(cast)
    with at("2026-11-02"):
        application = submit(cast, made, ["营业执照"])
    with at("2026-11-10"):
        services.watch_applications()
        html = html_of(page_client(cast.window).get(f"/applications/{application.pk}/"))
        assert 'id="deemed-warning"' in html and 'id="btn-notice"' not in html
        listed = html_of(page_client(cast.window).get("/applications/", {"deemed": "1"}))
        assert application.number in listed and "逾期未告知、视为受理" in listed
        assert application.number in html_of(page_client(cast.window).get("/applications/", {"light": "overdue"}))


def test_unknown_bundle_or_item_goes_back_to_the_choice(cast: Cast, page_client: Any) -> None:
    assert not Bundle.objects.filter(pk=999).exists()
    html = html_of(page_client(cast.window).get("/applications/new/", {"bundle": 999}))
    assert "该一件事不存在或已下线" in html


def test_material_files_upload_and_download_on_the_page(cast: Cast, page_client: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from qifu.applications import services as application_services
    from qifu.core.models import AuditEvent

    made = food_licence(cast)
    ids = requirement_ids(made)
    application = application_services.application_submit(
        actor=cast.enterprise_user, item_id=made.pk, mode="self", provided=list(ids.values())
    )
    owner = page_client(cast.enterprise_user)
    url = f"/applications/{application.pk}/materials/{ids['营业执照']}/"
    owner.post(url + "upload/", {"file": SimpleUploadedFile("营业执照.pdf", b"%PDF-1.7 licence")})
    bad = owner.post(url + "upload/", {"file": SimpleUploadedFile("营业执照.pdf", b"MZ exe")}, follow=True)
    assert "扩展名与内容一致" in bad.content.decode()
    html = page_client(cast.window).get(f"/applications/{application.pk}/").content.decode()
    assert url + "file/" in html
    got = page_client(cast.window).get(url + "file/")
    assert got.status_code == 200 and b"".join(got.streaming_content) == b"%PDF-1.7 licence"
    assert AuditEvent.objects.filter(action="application.material_download").count() == 1
    assert page_client(cast.supervisor).get(url + "file/").status_code == 404


def test_the_department_uploads_the_decision_and_the_enterprise_downloads_it(cast: Cast, page_client: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from qifu.applications import services as application_services
    from qifu.core.models import AuditEvent

    made = food_licence(cast)
    ids = requirement_ids(made)
    application = application_services.application_submit(
        actor=cast.enterprise_user, item_id=made.pk, mode="self", provided=list(ids.values())
    )
    application_services.application_accept(actor=cast.window, application_id=application.pk)
    application_services.application_handover(actor=cast.window, application_id=application.pk)
    early = page_client(cast.handler).post(
        f"/applications/{application.pk}/result/upload/",
        {"file": SimpleUploadedFile("许可证.pdf", b"%PDF-1.7")},
        follow=True,
    )
    assert "只有已作出审批决定" in early.content.decode()
    application_services.application_approve(actor=cast.handler, application_id=application.pk, note="准予许可")
    page_client(cast.handler).post(
        f"/applications/{application.pk}/result/upload/",
        {"file": SimpleUploadedFile("食品经营许可证.pdf", b"%PDF-1.7 licence")},
    )
    html = page_client(cast.enterprise_user).get(f"/applications/{application.pk}/").content.decode()
    assert f"/applications/{application.pk}/result/" in html
    got = page_client(cast.enterprise_user).get(f"/applications/{application.pk}/result/")
    assert got.status_code == 200 and b"".join(got.streaming_content) == b"%PDF-1.7 licence"
    assert AuditEvent.objects.filter(action="application.result_download").count() == 1
    assert page_client(cast.other_officer).get(f"/applications/{application.pk}/result/").status_code == 404
