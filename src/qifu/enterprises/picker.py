"""The enterprise picker of forms (application, appointment, demand intake, entrustment, policy claim).

One text box takes a name or a 统一社会信用代码; pages.js offers suggestions from `enterprises:pick` as one types
and puts the chosen one's id in the hidden `enterprise_id`. Without JavaScript the text alone is sent and the
server resolves it (selectors.enterprise_resolve), naming the field when it is unknown or ambiguous."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Q

from qifu.core.cleaning import clean_query
from qifu.core.errors import ValidationFailed
from qifu.enterprises.selectors import PICK_MAX_LENGTH, enterprise_resolve, pickable_enterprises

FIELD = "enterprise_id"
TEXT_FIELD = "enterprise_q"


def as_id(raw: str) -> int | None:
    """A submitted id as a number, or None when it is not one (what parse_id would refuse)."""
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 19 else None


def read_picker(user: Any, data: Mapping[str, Any], *, label: str) -> tuple[str, str]:
    """(the enterprise id to submit or "", the Chinese refusal to show on the field or "").

    A form without the text box (an old link, a script) submits the id alone and keeps it; with the box, the box
    decides: the chosen id stands while the box still shows that enterprise's name or code, else the text is
    resolved."""
    raw_id = str(data.get(FIELD) or "").strip()
    if TEXT_FIELD not in data:
        return raw_id, ""
    text = clean_query(data.get(TEXT_FIELD), PICK_MAX_LENGTH)
    if not text:
        return "", ""
    if raw_id:
        shown = pickable_enterprises(user).filter(Q(name=text) | Q(uscc=text.upper())).values_list("pk", flat=True)[:20]
        if raw_id in {str(pk) for pk in shown}:
            return raw_id, ""
    try:
        return str(enterprise_resolve(user, text, field=FIELD, label=label).pk), ""
    except ValidationFailed as exc:
        return "", exc.detail


def picker_context(
    user: Any, data: Mapping[str, Any], *, label: str, error: str = "", reload: bool = False
) -> dict[str, Any]:
    """What `enterprises/_picker.html` shows: the label, the chosen id and the text in the box (the chosen
    enterprise's name when only an id came, as from a link with ?enterprise_id=)."""
    raw_id = str(data.get(FIELD) or "").strip()
    text = clean_query(data.get(TEXT_FIELD), PICK_MAX_LENGTH)
    chosen = as_id(raw_id)
    if chosen is not None and not text:
        text = pickable_enterprises(user).filter(pk=chosen).values_list("name", flat=True).first() or ""
    return {"label": label, "id": raw_id if text else "", "text": text, "error": error, "reload": reload}
