"""Key projects in the header search: by name words, within each role's scope."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Cast
from tests.projects.helpers import make_project

pytestmark = pytest.mark.django_db


def _projects(client: Any, q: str) -> list[int]:
    res = client.get("/search", q=q)
    assert res.status_code == 200
    return [i["id"] for i in res.json()["items"] if i["type"] == "project"]


def test_projects_are_found_by_name_within_scope(cast: Cast, api: Any) -> None:
    own, other = make_project(cast), make_project(cast, other=True)
    assert _projects(api(cast.admin), "不锈钢") == [own.pk]
    assert set(_projects(api(cast.dispatcher), "项目")) == {own.pk, other.pk}
    assert _projects(api(cast.officer), "项目") == [own.pk]  # its own specialist's project only
    assert _projects(api(cast.other_officer), "不锈钢") == []
    assert _projects(api(cast.enterprise_user), "项目") == [own.pk]
    hit = api(cast.admin).get("/search", q="不锈钢").json()["items"][0]
    assert hit["url"] == f"/projects/{own.pk}/" and cast.ent.name in hit["subtitle"]
