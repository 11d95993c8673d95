"""The pages: the sidebar entries, the staff's figures, the enterprise's own ratings and waiting services, the
ledger's scope, the appeal decision's per-field errors, the prints' QR code and the public results."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from qifu.accounts.choices import Role
from qifu.accounts.models import User
from qifu.evaluations.models import Rating, Rectification
from tests.conftest import Cast
from tests.evaluations.helpers import application

pytestmark = pytest.mark.django_db


def bad_review(cast: Cast, api: Any) -> Rectification:
    decided = application(cast)
    res = api(cast.enterprise_user).post(
        "/ratings", {"subject_type": "application", "subject_id": decided.pk, "level": 1, "comment": "态度差"}
    )
    assert res.status_code == 201
    return Rectification.objects.get(rating_id=res.json()["id"])


def test_sidebar_entries_by_role(cast: Cast, page_client: Any) -> None:
    for user, ratings, ledger in (
        (cast.dispatcher, True, True),
        (cast.handler, True, True),
        (cast.supervisor, True, True),
        (cast.enterprise_user, True, False),
        (cast.window, False, False),
        (cast.officer, False, False),
    ):
        html = page_client(user).get("/").content.decode()
        assert ('href="/evaluations/"' in html) is ratings, user.role
        assert ('href="/evaluations/rectifications/"' in html) is ledger, user.role
    assert page_client(cast.window).get("/evaluations/").status_code == 403
    assert page_client(cast.enterprise_user).get("/evaluations/rectifications/").status_code == 403


def test_enterprise_sees_its_waiting_services_and_its_outcomes(cast: Cast, api: Any, page_client: Any) -> None:
    decided = application(cast)
    html = page_client(cast.enterprise_user).get("/evaluations/").content.decode()
    assert decided.number in html and "去评价" in html
    case = bad_review(cast, api)
    html = page_client(cast.enterprise_user).get("/evaluations/").content.decode()
    assert f'id="outcome-{case.rating_id}"' in html and "待回访" in html
    # Its own case page shows no staff note; another enterprise's user cannot open it.
    api(cast.handler).post(f"/rectifications/{case.pk}/callback", {"note": "内部核实记录"})
    page = page_client(cast.enterprise_user).get(f"/evaluations/rectifications/{case.pk}/")
    assert page.status_code == 200 and "内部核实记录" not in page.content.decode()
    stranger = User.objects.create_user(
        username="stranger", password="x-pass-2026", role=Role.ENTERPRISE, enterprise=cast.other_ent
    )
    assert page_client(stranger).get(f"/evaluations/rectifications/{case.pk}/").status_code == 404


def test_staff_figures_and_ledger(cast: Cast, api: Any, page_client: Any) -> None:
    case = bad_review(cast, api)
    html = page_client(cast.dispatcher).get("/evaluations/").content.decode()
    assert re.search(r'id="sum-bad">1<', html) and re.search(r'id="sum-count">1<', html)
    html = page_client(cast.head).get("/evaluations/rectifications/").content.decode()
    assert case.number in html
    tax_handler = User.objects.create_user(
        username="tax-handler", password="x-pass-2026", role=Role.DEPARTMENT_HANDLER, department=cast.tax
    )
    assert case.number not in page_client(tax_handler).get("/evaluations/rectifications/").content.decode()
    assert page_client(tax_handler).get(f"/evaluations/rectifications/{case.pk}/").status_code == 404
    assert (
        page_client(tax_handler).post(f"/evaluations/rectifications/{case.pk}/callback/", {"note": "x"}).status_code
        == 404
    )


def test_unit_actions_and_the_appeal_decision_show_field_errors(cast: Cast, api: Any, page_client: Any) -> None:
    case = bad_review(cast, api)
    url = f"/evaluations/rectifications/{case.pk}/"
    handler = page_client(cast.handler)
    blank = handler.post(url + "callback/", {"note": ""})
    assert blank.status_code == 422 and 'id="error-note"' in blank.content.decode()
    assert handler.post(url + "callback/", {"note": "已回访"}).status_code == 302
    assert handler.post(url + "appeal/", {"reason": "企业误评"}).status_code == 302
    # The unit cannot decide its own appeal; the centre's form is on the page for the dispatcher only.
    assert "form-decide" not in handler.get(url).content.decode()
    centre = page_client(cast.dispatcher)
    assert 'id="form-decide"' in centre.get(url).content.decode()
    missing = centre.post(url + "decide_appeal/", {"note": "x"})
    assert missing.status_code == 422 and 'id="error-exclude"' in missing.content.decode()
    assert centre.post(url + "decide_appeal/", {"exclude": "true", "note": "误评属实"}).status_code == 302
    case.refresh_from_db()
    assert case.status == "excluded" and Rating.objects.get(pk=case.rating_id).excluded
    assert page_client(cast.dispatcher).post(url + "nonsense/", {}).status_code == 404


def test_prints_carry_the_rating_qr_code(cast: Cast, page_client: Any) -> None:
    decided = application(cast)
    html = page_client(cast.window).get(f"/applications/{decided.pk}/print/acceptance/").content.decode()
    assert 'id="rating-qr"' in html and "<svg" in html[html.index('id="rating-qr"') :]


def test_public_results_need_no_login(cast: Cast, api: Any) -> None:
    bad_review(cast, api)
    html = Client().get("/ratings/public/").content.decode()
    row = html[html.index(f'id="dept-{cast.market.pk}"') :]
    assert cast.market.name in row and re.search(r'class="text-end bad">1<', row)
    assert Client().get("/ratings/public/?month=garbage").status_code == 200
    assert "本月暂无评价" in Client().get("/ratings/public/?month=2001-01").content.decode()
