"""Who sees supervision's records: the centre and the supervisor every order and card; a department's staff
the orders and cards of their own department; nobody else (404). Sending orders and noting cards are the
centre's and the supervisor's (capabilities supervision.order and supervision.cards); answering an order is
the department's."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from qifu.core.access import DEPARTMENT_ROLES, SEE_ALL, can, role_of
from qifu.core.errors import NotFound, PermissionDenied
from qifu.supervision.models import Card, SupervisionOrder


def orders_visible_to(user: Any) -> QuerySet[SupervisionOrder]:
    qs = SupervisionOrder.objects.all()
    role = role_of(user)
    if role in SEE_ALL:
        return qs
    if role in DEPARTMENT_ROLES and user.department_id is not None:
        return qs.filter(department_id=user.department_id)
    return qs.none()


def cards_visible_to(user: Any) -> QuerySet[Card]:
    qs = Card.objects.all()
    role = role_of(user)
    if role in SEE_ALL:
        return qs
    if role in DEPARTMENT_ROLES and user.department_id is not None:
        return qs.filter(department_id=user.department_id)
    return qs.none()


def may_reply(user: Any, order: SupervisionOrder) -> bool:
    return role_of(user) in DEPARTMENT_ROLES and user.department_id == order.department_id


def access_order_for(user: Any, order_id: int, *, write: bool = False) -> SupervisionOrder:
    """The order if the user may see it (else 404); with `write`, 403 unless the user may answer it."""
    order = orders_visible_to(user).select_related("department", "sent_by").filter(pk=order_id).first()
    if order is None:
        raise NotFound()
    if write and not may_reply(user, order):
        raise PermissionDenied()
    return order


def access_card_for(user: Any, card_id: int, *, write: bool = False) -> Card:
    """The card if the user may see it (else 404); with `write`, 403 unless the user notes cards."""
    card = cards_visible_to(user).select_related("department", "person").filter(pk=card_id).first()
    if card is None:
        raise NotFound()
    if write and not can(user, "supervision.cards"):
        raise PermissionDenied()
    return card
