"""Read-only lists of departments, parks, towns and grids."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from qifu.orgs.models import Department, Grid, Park, Town

router = Router(tags=["组织机构"])


class DepartmentOut(Schema):
    id: int
    code: str
    name: str
    kind: str


class PlaceOut(Schema):
    id: int
    code: str
    name: str


class GridOut(PlaceOut):
    town_id: int | None
    park_id: int | None


class DepartmentList(Schema):
    items: list[DepartmentOut]


class PlaceList(Schema):
    items: list[PlaceOut]


class GridList(Schema):
    items: list[GridOut]


@router.get("/departments", response=DepartmentList, tags=["组织机构"], summary="部门")
def departments(request: HttpRequest) -> dict[str, object]:
    return {"items": list(Department.objects.filter(is_active=True))}


@router.get("/parks", response=PlaceList, summary="园区")
def parks(request: HttpRequest) -> dict[str, object]:
    return {"items": list(Park.objects.all())}


@router.get("/towns", response=PlaceList, summary="镇街")
def towns(request: HttpRequest) -> dict[str, object]:
    return {"items": list(Town.objects.all())}


@router.get("/grids", response=GridList, summary="网格")
def grids(request: HttpRequest) -> dict[str, object]:
    return {"items": list(Grid.objects.all())}
