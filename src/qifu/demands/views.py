"""Demand pages: the list with its filters and the 台账 export, intake, the detail with its timeline and the
actions its viewer may take now, the printable file (卷宗), and the enterprise's one-click follow-up link."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import xlsxwriter
from django.contrib import messages
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from qifu.accounts.choices import Role
from qifu.accounts.models import User
from qifu.core import tracking
from qifu.core.access import can, role_of
from qifu.core.choices import Light
from qifu.core.errors import Conflict, DomainError, NotFound, ValidationFailed
from qifu.core.http import AuthedRequest, xlsx_download
from qifu.core.inputs import errors_by_field, parse, uploaded
from qifu.core.masking import mask_phone
from qifu.core.pagination import keyset_page, total
from qifu.core.tracking import qr_svg
from qifu.core.ui import flash_refusal, page
from qifu.demands import selectors, services
from qifu.demands.choices import (
    Channel,
    Complexity,
    DemandKind,
    DemandStatus,
    ExtensionStatus,
    Satisfaction,
    VisitMethod,
)
from qifu.demands.filters import DemandFilter
from qifu.demands.models import Demand, DemandCategory, FollowUpLink
from qifu.demands.permissions import may_download, may_upload, sees_internal
from qifu.demands.schemas import (
    ConsultationIn,
    DemandAcceptIn,
    DemandAddInfoIn,
    DemandAssignIn,
    DemandEditIn,
    DemandEscalateIn,
    DemandIn,
    DemandRemindIn,
    DemandReplyIn,
    DemandReturnIn,
    DemandSuperviseIn,
    DemandVisitIn,
    DemandWithdrawIn,
    ExtensionDecideIn,
    ExtensionIn,
)
from qifu.demands.transitions import WORKFLOW
from qifu.enterprises.picker import picker_context, read_picker
from qifu.orgs.models import Department, Park

PAGE_SIZE = 30

STATUS_BADGE = {
    DemandStatus.REGISTERED: "bg-secondary",
    DemandStatus.ASSIGNED: "bg-info text-dark",
    DemandStatus.IN_PROGRESS: "bg-primary",
    DemandStatus.REPLIED: "bg-warning text-dark",
    DemandStatus.CLOSED: "bg-success",
    DemandStatus.ARCHIVED: "bg-dark",
    DemandStatus.WITHDRAWN: "bg-light text-dark border",
    DemandStatus.MERGED: "bg-light text-dark border",
}
# The main road of a demand, drawn as a progress line on its page.
STEPS = [
    (DemandStatus.REGISTERED, "登记"),
    (DemandStatus.ASSIGNED, "交办"),
    (DemandStatus.IN_PROGRESS, "签收办理"),
    (DemandStatus.REPLIED, "答复"),
    (DemandStatus.CLOSED, "回访办结"),
    (DemandStatus.ARCHIVED, "归档"),
]
NEXT_STEP_STAFF = {
    DemandStatus.REGISTERED: "待调度员分拨：确定主办部门和办理时限；当场能答复的简单诉求可直接答复。",
    DemandStatus.ASSIGNED: "待主办部门签收并指定承办人；不属于本部门职责的，交办后1个工作日内可退回并说明理由。",
    DemandStatus.IN_PROGRESS: "承办人办理中，办结后答复企业；确需更多时间的，在期限内申请延期。",
    DemandStatus.REPLIED: "已答复，待回访：企业满意即销号办结，不满意将重新交办。",
    DemandStatus.CLOSED: "已办结，可归档。",
    DemandStatus.ARCHIVED: "已归档，全部办理过程已保存，可打印卷宗。",
    DemandStatus.WITHDRAWN: "企业已撤回该诉求，无需继续办理。",
    DemandStatus.MERGED: "该诉求与另一诉求重复，已合并办理。",
}
NEXT_STEP_ENTERPRISE = {
    DemandStatus.REGISTERED: "您的诉求已受理，正在分派给职能部门办理。",
    DemandStatus.ASSIGNED: "已交办职能部门，等待部门签收。",
    DemandStatus.IN_PROGRESS: "职能部门正在办理，请留意办理期限和进展。",
    DemandStatus.REPLIED: "部门已答复，请告诉我们问题是否解决、您是否满意。",
    DemandStatus.CLOSED: "诉求已办结，感谢您的评价。",
    DemandStatus.ARCHIVED: "诉求已办结归档。",
    DemandStatus.WITHDRAWN: "您已撤回该诉求。",
    DemandStatus.MERGED: "该诉求与您的另一条诉求重复，已合并办理。",
}
# Filters the workbench links set that have no control of their own on the list.
FLAG_LABELS = {
    "returned": "部门退回、待重新分拨",
    "escalated": "已上报区政府",
    "reopened": "重办过的诉求",
    "extension": "有待审批的延期申请",
}
INTAKE_FIELDS = (
    "enterprise_id",
    "kind",
    "channel",
    "category",
    "title",
    "content",
    "contact_name",
    "contact_phone",
)
# A select left empty: say what to choose rather than what the API would answer.
CHOOSE = {
    "enterprise_id": "请填写企业名称或统一社会信用代码，并在提示中选择",
    "channel": "请选择来源渠道",
    "category": "请选择诉求类别",
    "kind": "请选择诉求类型",
}
DEFAULT_CHANNEL: dict[str, str] = {
    Role.WINDOW_STAFF: Channel.WINDOW,
    Role.GUIDE: Channel.WINDOW,
    Role.SERVICE_OFFICER: Channel.VISIT,
    Role.PARK_LIAISON: Channel.VISIT,
}
LEDGER_COLUMNS = [
    ("编号", 18),
    ("登记时间", 17),
    ("企业名称", 30),
    ("统一社会信用代码", 21),
    ("类型", 9),
    ("渠道", 12),
    ("类别", 13),
    ("标题", 30),
    ("诉求内容", 50),
    ("主办部门", 22),
    ("承办人", 10),
    ("复杂程度", 9),
    ("办结期限", 12),
    ("状态", 12),
    ("答复时间", 17),
    ("答复内容", 50),
    ("满意度", 10),
    ("是否解决", 9),
    ("重办次数", 9),
]


def _local(value: dt.datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return timezone.localtime(value).strftime(fmt) if value else ""


def _light_badge(demand: Demand) -> dict[str, str] | None:
    value = WORKFLOW.light(demand)
    return {"value": value, "label": Light(value).label} if value else None


def _due_text(demand: Demand) -> str:
    """办结期限：2026-03-20（5个工作日） — empty when no deadline was set."""
    if demand.due_at is None:
        return ""
    days = "当日答复" if demand.days_total == 0 else f"{demand.days_total}个工作日"
    return f"{_local(demand.due_at, '%Y-%m-%d')}（{days}）"


def _short_complexity(demand: Demand) -> str:
    return demand.get_complexity_display().split("（")[0] if demand.complexity else ""


# ---------------------------------------------------------------- list and export


@page("demand.view")
def demand_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    error = ""
    try:
        filters = DemandFilter.parse(request.GET)
        qs = selectors.demand_list_for(user, filters)
        rows, next_cursor = keyset_page(
            qs, cursor=request.GET.get("cursor"), limit=PAGE_SIZE, ids_first=filters.needs_ids_first
        )
        count = total(qs)
    except DomainError as exc:
        error = exc.detail
        filters, rows, next_cursor, count = DemandFilter(), [], None, 0
    query = filters.as_query()
    flags = [
        {"label": label, "clear": urlencode({k: v for k, v in query.items() if k != name})}
        for name, label in FLAG_LABELS.items()
        if query.get(name)
    ]
    enterprise_filter = ""
    if filters.enterprise_id is not None:
        enterprise_filter = next((r.enterprise.name for r in rows), "指定企业")
    enterprise_user = role_of(user) == Role.ENTERPRISE
    context = {
        "total": count,
        "items": [
            {"d": d, "light": _light_badge(d), "badge": STATUS_BADGE.get(DemandStatus(d.status), "")} for d in rows
        ],
        "filters": filters,
        "error": error,
        "flags": flags,
        "enterprise_filter": enterprise_filter,
        "enterprise_clear": urlencode({k: v for k, v in query.items() if k != "enterprise_id"}),
        "query": urlencode(query),
        "next_url": "?" + urlencode({**query, "cursor": next_cursor}) if next_cursor else "",
        "first_page": not request.GET.get("cursor"),
        "enterprise_user": enterprise_user,
        "statuses": DemandStatus.choices,
        "kinds": DemandKind.choices,
        "channels": Channel.choices,
        "lights": Light.choices,
        "categories": selectors.categories(),
        "departments": [] if enterprise_user else Department.objects.filter(is_active=True),
        "parks": [] if enterprise_user else Park.objects.all(),
        "can_register": can(user, "demand.register"),
        "can_export": can(user, "demand.export"),
    }
    template = "demands/list.html#results" if request.htmx and request.htmx.target == "results" else "demands/list.html"
    return render(request, template, context)


def _ledger_row(d: Demand) -> list[Any]:
    return [
        d.number,
        _local(d.created_at),
        d.enterprise.name,
        d.enterprise.uscc,
        d.get_kind_display(),
        d.get_channel_display(),
        d.category.name,
        d.title,
        d.content,
        d.lead_department.name if d.lead_department else "",
        d.handler.label if d.handler else "",
        _short_complexity(d),
        _local(d.due_at, "%Y-%m-%d"),
        d.get_status_display(),
        _local(d.replied_at),
        d.reply,
        d.get_satisfaction_display() if d.satisfaction else "",
        "" if d.resolved is None else ("是" if d.resolved else "否"),
        d.reopen_count,
    ]


def ledger_xlsx(qs: QuerySet[Demand]) -> bytes:
    """The filtered demands as a 台账 workbook (read only; rows streamed in constant memory)."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    sheet = book.add_worksheet("企业诉求台账")
    head = book.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True, "valign": "vcenter"})
    cell = book.add_format({"text_wrap": True, "valign": "top"})
    for col, (label, width) in enumerate(LEDGER_COLUMNS):
        sheet.set_column(col, col, width)
        sheet.write_string(0, col, label, head)
    sheet.freeze_panes(1, 0)
    row = 0
    for row, demand in enumerate(qs.order_by("-id").iterator(chunk_size=2000), start=1):
        for col, value in enumerate(_ledger_row(demand)):
            if isinstance(value, int):
                sheet.write_number(row, col, value, cell)
            else:
                sheet.write_string(row, col, value, cell)
    sheet.autofilter(0, 0, max(row, 1), len(LEDGER_COLUMNS) - 1)
    book.close()
    return out.getvalue()


@page("demand.export")
def demand_export(request: AuthedRequest) -> HttpResponse:
    filters = DemandFilter.parse(request.GET)
    content = ledger_xlsx(selectors.demand_list_for(request.user, filters))
    return xlsx_download(content, "企业诉求台账")


# ---------------------------------------------------------------- intake


def _category_options() -> list[dict[str, Any]]:
    options = []
    for c in selectors.categories():
        days = (
            "当日答复"
            if c.default_complexity == Complexity.SIMPLE
            else ("30个工作日" if c.default_complexity == Complexity.COMPLEX else f"{c.default_days}个工作日")
        )
        department = c.default_department.name if c.default_department else "由调度员确定"
        options.append({"code": c.code, "name": c.name, "hint": f"一般交由{department}办理，时限{days}"})
    return options


@page("demand.register")
def demand_create(request: AuthedRequest) -> HttpResponse:
    user = request.user
    enterprise_user = role_of(user) == Role.ENTERPRISE
    values: dict[str, str] = {
        "kind": DemandKind.NEED,
        "channel": DEFAULT_CHANNEL.get(role_of(user), ""),
        "enterprise_id": request.GET.get("enterprise_id", ""),
    }
    errors: dict[str, str] = {}
    pick_error = ""
    if request.method == "POST":
        values = {name: request.POST.get(name, "").strip() for name in INTAKE_FIELDS}
        if enterprise_user:
            for name in ("enterprise_id", "channel"):
                values.pop(name)
        else:
            values["enterprise_id"], pick_error = read_picker(user, request.POST, label="企业")
        try:
            demand = services.demand_register(
                actor=user, payload=parse(DemandIn, values), files=uploaded(request, "files")
            )
        except DomainError as exc:
            if exc.status == 404:
                raise
            errors = errors_by_field(exc)
            for name, message in CHOOSE.items():
                if name in errors and not values.get(name):
                    errors[name] = message
            if pick_error:
                errors["enterprise_id"] = pick_error
            messages.error(request, "请按提示修改标红的项目后再提交" if errors else exc.detail)
        else:
            if enterprise_user:
                messages.success(request, f"诉求已提交，编号 {demand.number}。我们将尽快交由职能部门办理。")
            else:
                messages.success(request, f"诉求已登记，编号 {demand.number}")
            similar = selectors.similar_open_numbers(user, demand)
            if similar:
                numbers = "、".join(similar)
                if enterprise_user:
                    messages.warning(request, f"您还有类似的未办结诉求：{numbers}。如为重复提交，可撤回本条诉求。")
                else:
                    messages.warning(request, f"该企业有类似的未办结诉求：{numbers}，如重复请并单")
            return redirect("demands:detail", demand_id=demand.pk)
    source = request.POST if request.method == "POST" else request.GET
    return render(
        request,
        "demands/form.html",
        {
            "values": values,
            "errors": errors,
            "enterprise_user": enterprise_user,
            "own_enterprise": user.enterprise if enterprise_user else None,
            "picker": None
            if enterprise_user
            else picker_context(user, source, label="企业", error=errors.get("enterprise_id", "")),
            "kinds": DemandKind.choices,
            "channels": Channel.choices,
            "categories": _category_options(),
        },
    )


# ---------------------------------------------------------------- detail


def _timeline(user: Any, demand: Demand) -> list[dict[str, Any]]:
    """The steps as this reader may read them: staff the note (and what the enterprise was told beside it), the
    enterprise the public line only."""
    staff = sees_internal(user)
    return [
        {
            "at": e.at,
            "actor": e.actor_label,
            "label": WORKFLOW.label(e.action),
            "action": e.action,
            "note": e.text_for(staff),
            "told": e.public if staff and e.note and e.public else "",
            "internal": e.internal,
        }
        for e in selectors.timeline_for(user, demand)
    ]


def _steps(demand: Demand) -> list[dict[str, str]]:
    order = [status for status, _ in STEPS]
    if demand.status not in order:
        return []
    current = order.index(DemandStatus(demand.status))
    return [
        {"label": label, "state": "done" if i < current else ("current" if i == current else "todo")}
        for i, (_, label) in enumerate(STEPS)
    ]


@page("demand.view")
def demand_detail(request: AuthedRequest, demand_id: int) -> HttpResponse:
    return _detail_page(request, demand_id)


def _detail_page(request: AuthedRequest, demand_id: int, failed: str = "") -> HttpResponse:
    """The demand's page; after a refused action (`failed`), its form shows again with what was typed."""
    user = request.user
    demand = selectors.demand_get_for(user, demand_id)
    progress_url = tracking.track_url(WORKFLOW.subject, demand.pk)
    enterprise_user = role_of(user) == Role.ENTERPRISE
    names = (
        "assign",
        "return",
        "accept",
        "reply",
        "withdraw",
        "merge",
        "archive",
        "remind",
        "supervise",
        "escalate",
        "extend",
        "decide_extension",
        "consult",
        "add_info",
        "edit",
    )
    allowed = {name: WORKFLOW.may(user, demand, name) for name in names}
    allowed["visit"] = WORKFLOW.may(user, demand, "visit_satisfied")
    departments = list(Department.objects.filter(is_active=True)) if (allowed["assign"] or allowed["consult"]) else []
    category = demand.category
    extensions = list(demand.extensions.select_related("requested_by", "decided_by"))
    context = {
        "d": demand,
        "badge": STATUS_BADGE.get(DemandStatus(demand.status), ""),
        "light": _light_badge(demand),
        "due": _due_text(demand),
        "steps": _steps(demand),
        "next_step": (NEXT_STEP_ENTERPRISE if enterprise_user else NEXT_STEP_STAFF).get(DemandStatus(demand.status)),
        "enterprise_user": enterprise_user,
        "contact_phone": demand.contact_phone
        if selectors.sees_contact(user, demand)
        else mask_phone(demand.contact_phone),
        "co_departments": list(demand.co_departments.all()),
        "merged": list(demand.merged.all()) if not enterprise_user else [],
        "timeline": _timeline(user, demand),
        "extensions": extensions,
        "pending_extensions": [e for e in extensions if e.status == ExtensionStatus.PENDING],
        "consultations": [] if enterprise_user else list(demand.consultations.prefetch_related("departments")),
        "can": allowed,
        "any_action": any(allowed.values()),
        "can_enterprise": can(user, "enterprise.view"),
        "can_print": not enterprise_user,
        "departments": departments,
        "complexities": Complexity.choices,
        "default_department_id": category.default_department_id,
        "default_complexity": category.default_complexity,
        "default_days": min(max(category.default_days, 5), 15),
        "handlers": list(selectors.department_handlers(demand)) if allowed["accept"] else [],
        "satisfactions": Satisfaction.choices,
        "visit_methods": VisitMethod.choices,
        "categories": selectors.categories() if allowed["edit"] else [],
        "today": timezone.localdate(),
        "attachments": list(demand.attachments.all()),
        "progress_url": progress_url,
        "progress_qr": qr_svg(progress_url) if progress_url else "",
        "may_upload": may_upload(user, demand),
        "may_download": may_download(user, demand),
        "failed": failed,
        "typed": request.POST if failed else {},
    }
    return render(request, "demands/detail.html", context)


# ---------------------------------------------------------------- actions

Handler = Callable[[User, Demand, QueryDict], str]


def _assign(user: User, demand: Demand, post: QueryDict) -> str:
    given = parse(DemandAssignIn, post)
    done = services.demand_assign(
        actor=user,
        demand_id=demand.pk,
        department_id=given.department_id,
        complexity=given.complexity,
        days=given.days,
        co_department_ids=given.co_department_ids,
        note=given.note,
    )
    department = done.lead_department.name if done.lead_department else ""
    return f"已交办{department}，办结期限 {_due_text(done)}"


def _return(user: User, demand: Demand, post: QueryDict) -> str:
    services.demand_return(actor=user, demand_id=demand.pk, reason=parse(DemandReturnIn, post).reason)
    return "已退回政务服务中心重新分拨"


def _accept(user: User, demand: Demand, post: QueryDict) -> str:
    handler_id = parse(DemandAcceptIn, post).handler_id
    done = services.demand_accept(actor=user, demand_id=demand.pk, handler_id=handler_id)
    return f"已签收，承办人：{done.handler.label if done.handler else user.label}"


def _reply(user: User, demand: Demand, post: QueryDict) -> str:
    services.demand_reply(actor=user, demand_id=demand.pk, content=parse(DemandReplyIn, post).content)
    return "已答复企业，并已向企业发送评价链接"


def _visit(user: User, demand: Demand, post: QueryDict) -> str:
    given = parse(DemandVisitIn, post)
    done = services.demand_visit(
        actor=user,
        demand_id=demand.pk,
        satisfaction=given.satisfaction,
        resolved=given.resolved,
        comment=given.comment,
        method=given.method,
        visited_on=given.visited_on,
    )
    closed = done.status == DemandStatus.CLOSED
    if role_of(user) == Role.ENTERPRISE and closed:
        return "感谢您的评价，诉求已办结"
    if role_of(user) == Role.ENTERPRISE:
        return f"感谢您的评价，诉求已重新交办职能部门办理（第{done.reopen_count}次重办）"
    if closed:
        return "回访已记录，诉求已办结"
    return f"回访已记录：企业不满意，已重新交办主办部门（第{done.reopen_count}次重办）"


def _withdraw(user: User, demand: Demand, post: QueryDict) -> str:
    services.demand_withdraw(actor=user, demand_id=demand.pk, reason=parse(DemandWithdrawIn, post).reason)
    return "诉求已撤回"


def _merge(user: User, demand: Demand, post: QueryDict) -> str:
    number = post.get("into_number", "").strip().upper()
    if not number:
        raise ValidationFailed.field("into_id", "请填写要合并到的诉求编号")
    target = selectors.demand_list_for(user).filter(number=number).first()
    if target is None:
        raise ValidationFailed.field("into_id", f"未找到编号为 {number} 的诉求")
    services.demand_merge(actor=user, demand_id=demand.pk, into_id=target.pk)
    return f"已合并至 {target.number}"


def _archive(user: User, demand: Demand, post: QueryDict) -> str:
    services.demand_archive(actor=user, demand_id=demand.pk)
    return "已归档"


def _remind(user: User, demand: Demand, post: QueryDict) -> str:
    services.demand_remind(actor=user, demand_id=demand.pk, note=parse(DemandRemindIn, post).note)
    return "已催办，承办人将收到通知"


def _supervise(user: User, demand: Demand, post: QueryDict) -> str:
    services.demand_supervise(actor=user, demand_id=demand.pk, note=parse(DemandSuperviseIn, post).note)
    return "督办单已发给主办部门负责人"


def _escalate(user: User, demand: Demand, post: QueryDict) -> str:
    services.demand_escalate(actor=user, demand_id=demand.pk, reason=parse(DemandEscalateIn, post).reason)
    return "已上报区政府协调"


def _extend(user: User, demand: Demand, post: QueryDict) -> str:
    given = parse(ExtensionIn, post)
    services.extension_request(
        actor=user, demand_id=demand.pk, days=given.days, reason=given.reason, progress=given.progress
    )
    return "延期申请已提交，等待审批"


def _decide_extension(user: User, demand: Demand, post: QueryDict) -> str:
    raw = post.get("extension_id", "")
    if not raw.isdigit():
        raise NotFound("延期申请不存在")
    given = parse(ExtensionDecideIn, {"approve": post.get("approve") == "1", "note": post.get("note", "")})
    approve = given.approve
    services.extension_decide(actor=user, demand_id=demand.pk, extension_id=int(raw), approve=approve, note=given.note)
    return "已同意延期，办结期限已顺延" if approve else "已不同意延期，请按原期限办结"


def _consult(user: User, demand: Demand, post: QueryDict) -> str:
    given = parse(ConsultationIn, post)
    services.consultation_record(
        actor=user,
        demand_id=demand.pk,
        held_on=given.held_on,
        department_ids=given.department_ids,
        participants=given.participants,
        minutes=given.minutes,
        conclusion=given.conclusion,
    )
    return "会商记录已保存"


def _add_info(user: User, demand: Demand, post: QueryDict) -> str:
    services.demand_add_info(actor=user, demand_id=demand.pk, content=parse(DemandAddInfoIn, post).content)
    return "补充信息已提交，承办人员将收到通知"


def _edit(user: User, demand: Demand, post: QueryDict) -> str:
    current = {"title": demand.title, "content": demand.content, "category": demand.category.code}
    changes = {
        field: post.get(field, "").strip()
        for field, old in current.items()
        if field in post and post.get(field, "").strip() != old.strip()
    }
    if not changes:
        raise ValidationFailed("没有需要更正的内容")
    services.demand_edit(
        actor=user, demand_id=demand.pk, payload=parse(DemandEditIn, {**changes, "reason": post.get("reason", "")})
    )
    return "已更正，原内容已保留在修改记录中"


ACTIONS: dict[str, Handler] = {
    "assign": _assign,
    "return": _return,
    "accept": _accept,
    "reply": _reply,
    "visit": _visit,
    "withdraw": _withdraw,
    "merge": _merge,
    "archive": _archive,
    "remind": _remind,
    "supervise": _supervise,
    "escalate": _escalate,
    "extend": _extend,
    "decide_extension": _decide_extension,
    "consult": _consult,
    "add_info": _add_info,
    "edit": _edit,
}


@page("demand.view")
@require_POST
def demand_action(request: AuthedRequest, demand_id: int, action: str) -> HttpResponse:
    handler = ACTIONS.get(action)
    if handler is None:
        raise Http404
    demand = selectors.demand_get_for(request.user, demand_id)
    try:
        done = handler(request.user, demand, request.POST)
    except DomainError as exc:
        if exc.status == 404:
            raise
        messages.error(request, exc.detail)
        return _detail_page(request, demand_id, failed=action)  # not redirected: the form keeps what was typed
    messages.success(request, done)
    # A department that returned a demand no longer sees it: back to its list then.
    if not selectors.demand_list_for(request.user).filter(pk=demand_id).exists():
        return redirect("demands:list")
    return redirect("demands:detail", demand_id=demand_id)


# ---------------------------------------------------------------- attachments


@page("demand.view")
@require_POST
def attachment_upload(request: AuthedRequest, demand_id: int) -> HttpResponse:
    upload = request.FILES.get("file")
    with flash_refusal(request):
        services.attachment_add(
            actor=request.user,
            demand_id=demand_id,
            name=upload.name or "" if upload else "",
            content=upload.read() if upload else b"",
        )
        messages.success(request, "附件已上传")
    return redirect("demands:detail", demand_id=demand_id)


@page("demand.view")
def attachment_download(request: AuthedRequest, demand_id: int, attachment_id: int) -> FileResponse:
    attachment = services.attachment_download(actor=request.user, demand_id=demand_id, attachment_id=attachment_id)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)


# ---------------------------------------------------------------- print


@page("demand.view")
def demand_print(request: AuthedRequest, demand_id: int) -> HttpResponse:
    """The whole file (卷宗) for the archive, internal steps included: staff only."""
    if role_of(request.user) == Role.ENTERPRISE:
        raise NotFound()
    demand = selectors.demand_get_for(request.user, demand_id)
    names = {c.code: c.name for c in DemandCategory.objects.all()}
    return render(
        request,
        "demands/print.html",
        {
            "d": demand,
            "due": _due_text(demand),
            "complexity": _short_complexity(demand),
            "co_departments": list(demand.co_departments.all()),
            "timeline": _timeline(request.user, demand),
            "extensions": list(demand.extensions.select_related("requested_by", "decided_by")),
            "consultations": list(demand.consultations.prefetch_related("departments").select_related("convened_by")),
            "follow_ups": list(demand.follow_ups.select_related("by").order_by("id")),
            "revisions": [
                {
                    "created_at": r.created_at,
                    "by": r.by,
                    "field_label": services.EDITABLE.get(r.field, r.field),
                    "old_value": names.get(r.old_value, r.old_value) if r.field == "category" else r.old_value,
                    "new_value": names.get(r.new_value, r.new_value) if r.field == "category" else r.new_value,
                    "reason": r.reason,
                }
                for r in demand.revisions.select_related("by").order_by("id")
            ],
            "contact_phone": (
                demand.contact_phone
                if selectors.sees_contact(request.user, demand)
                else mask_phone(demand.contact_phone)
            ),
            "merged": list(demand.merged.all()),
            "printed_at": timezone.localtime(),
            "printed_by": request.user.label,
        },
    )


# ---------------------------------------------------------------- follow-up link (public)


def follow_up_link(request: HttpRequest, token: str) -> HttpResponse:
    """The enterprise rates the reply without logging in, through the one-time link it was sent."""
    digest = hashlib.sha256(token.encode()).hexdigest()
    link = FollowUpLink.objects.select_related("demand").filter(digest=digest).first()

    def show(state: str, status: int = 200, **extra: Any) -> HttpResponse:
        context = {
            "state": state,
            "d": link.demand if link else None,
            "satisfactions": Satisfaction.choices,
            "link_days": services.FOLLOW_UP_LINK_DAYS,
            **extra,
        }
        return render(request, "demands/follow_up.html", context, status=status)

    if link is None or link.expires_at < timezone.now():
        return show("invalid", 404)
    if link.used_at is not None:
        return show("used")
    if link.demand.status != DemandStatus.REPLIED:  # visited by phone meanwhile, or reopened, or withdrawn
        return show("done")
    if request.method == "POST":
        try:
            given = parse(DemandVisitIn, request.POST)
            demand = services.demand_visit_by_link(
                token=token, satisfaction=given.satisfaction, resolved=given.resolved, comment=given.comment
            )
        except NotFound:
            return show("invalid", 404)
        except Conflict:
            link.refresh_from_db()
            return show("used" if link.used_at is not None else "done")
        except ValidationFailed as exc:
            error = "请点击一个满意程度按钮提交评价" if "satisfaction" in errors_by_field(exc) else exc.detail
            return show("form", 422, error=error, comment=request.POST.get("comment", ""))
        return show("thanks", satisfied=demand.status == DemandStatus.CLOSED)
    return show("form")
