"""Application pages (办件): the list with its filters, filing an application in one of three modes (and the
window's register of agents' entrustments), the detail with the material checklist, the clock that runs, the
timeline and the actions its viewer may take now, and the three printed documents (一次性告知单, 受理通知书,
告知承诺书) with a QR code to the case's progress page. Rules live in the services; these views parse, call and
render."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from qifu.accounts.choices import Role
from qifu.accounts.models import User
from qifu.applications import clock, selectors, services
from qifu.applications.choices import (
    APPOINTMENT_SLOTS,
    COMMITMENT_BROKEN_REASON,
    OPEN_STATUSES,
    ApplicationStatus,
    DeliveryMethod,
    MaterialState,
    Mode,
    TerminationReason,
    Window,
)
from qifu.applications.models import Application, Commitment, Delivery, Entrustment, Handover, SubmittedMaterial
from qifu.applications.permissions import (
    may_download,
    may_set_green_channel,
    may_upload,
    may_upload_result,
    sees_internal,
)
from qifu.applications.schemas import (
    ApplicationDecideIn,
    ApplicationIn,
    AppointmentIn,
    DeliverIn,
    EntrustmentIn,
    ExtendIn,
    HandoverIn,
    PauseIn,
    PreReviewIn,
    TerminateIn,
)
from qifu.applications.transitions import HALL, WORKFLOW
from qifu.catalog import selectors as catalog
from qifu.catalog.models import Bundle, MaterialRequirement, ServiceItem
from qifu.core import tracking
from qifu.core.access import DEPARTMENT_ROLES, can, role_of
from qifu.core.cleaning import parse_id
from qifu.core.errors import DomainError, NotFound, ValidationFailed
from qifu.core.http import AuthedRequest
from qifu.core.inputs import errors_by_field, parse, uploaded
from qifu.core.masking import mask_phone
from qifu.core.pagination import keyset_page, total
from qifu.core.tracking import qr_svg
from qifu.core.ui import flash_refusal, page
from qifu.core.workcalendar import get_calendar
from qifu.enterprises.permissions import sees_personal_data
from qifu.enterprises.picker import as_id, picker_context, read_picker
from qifu.orgs.models import Department

S = ApplicationStatus
PAGE_SIZE = 30

STATUS_BADGE = {
    S.SUBMITTED: "bg-warning text-dark",
    S.CORRECTION_REQUESTED: "bg-info text-dark",
    S.REFUSED: "bg-secondary",
    S.ACCEPTED: "bg-primary",
    S.IN_REVIEW: "bg-primary",
    S.APPROVED: "bg-success",
    S.DENIED: "bg-danger",
    S.DELIVERED: "bg-dark",
    S.TERMINATED: "bg-light text-dark border",
}
MODE_SHORT = {Mode.SELF: "自办", Mode.ASSISTED: "帮办", Mode.PROXY: "代办"}
LIGHT_LABELS = {"normal": "正常", "warning": "即将超期", "overdue": "已超期"}
MATERIAL_BADGE = {
    MaterialState.PROVIDED: "bg-success-subtle text-success",
    MaterialState.ACCEPTED: "bg-success-subtle text-success",
    MaterialState.MISSING: "bg-secondary-subtle text-dark",
    MaterialState.PROBLEM: "bg-danger-subtle text-danger",
    MaterialState.DEFERRED: "bg-warning-subtle text-dark",
}
# The name of the clock that runs in each status (its deadline is the application's `due_at`).
CLOCKS = {
    S.SUBMITTED: "告知期限",
    S.ACCEPTED: "审批期限",
    S.IN_REVIEW: "审批期限",
    S.APPROVED: "出件期限",
    S.DENIED: "出件期限",
}
# The main road of an application, drawn as a progress line on its page.
STEPS = [
    ((S.SUBMITTED, S.CORRECTION_REQUESTED), "提交申请"),
    ((S.ACCEPTED,), "窗口受理"),
    ((S.IN_REVIEW,), "部门审批"),
    ((S.APPROVED, S.DENIED), "统一出件"),
    ((S.DELIVERED,), "办结"),
]
NEXT_STEP_STAFF = {
    S.SUBMITTED: "待综合窗口预审：对照审查要点逐项核对材料，齐全的予以受理；有问题的一次性告知全部补正内容。",
    S.CORRECTION_REQUESTED: "已出具一次性告知单，等待申请人补正；补正期间不计时，补正后重新预审。",
    S.REFUSED: "已不予受理，理由已告知申请人。",
    S.ACCEPTED: "已受理，请即时将申请材料流转至审批部门。",
    S.IN_REVIEW: "审批部门审查中，须在审批期限内作出决定；听证、检验检测、专家评审等所需时间可暂停计时。",
    S.APPROVED: "审批已完成，结果已回到统一出件窗口：请联系申请人领取，或免费邮寄。",
    S.DENIED: "审批决定为不予许可，请在出件窗口将决定书交付申请人，并告知申请复议或提起诉讼的权利。",
    S.DELIVERED: "已出件，办理结束。",
    S.TERMINATED: "已终止办理。",
}
NEXT_STEP_ENTERPRISE = {
    S.SUBMITTED: "申请已提交，综合窗口将在5个工作日内完成材料预审。",
    S.CORRECTION_REQUESTED: "材料需要补正：请按一次性告知单的要求一次补齐后提交，补正期间不计入办理时限。",
    S.REFUSED: "申请不予受理，理由见办理过程。如有疑问请咨询综合窗口。",
    S.ACCEPTED: "申请已受理，正在移交审批部门。",
    S.IN_REVIEW: "审批部门正在审查，请留意审批期限；如有容缺材料，请在承诺期限前补交。",
    S.APPROVED: "审批已通过，请到统一出件窗口领取办理结果，也可申请免费邮寄。",
    S.DENIED: "审批决定为不予许可，请到统一出件窗口领取决定书；对决定不服的，可依法申请行政复议或提起行政诉讼。",
    S.DELIVERED: "办理结果已出件，办理结束。",
    S.TERMINATED: "该办件已终止办理。",
}
# List filters the workbench links set that have no control of their own on the list.
FLAG_LABELS = {
    "open": "办理中",
    "deferred": "有容缺材料待补交",
    "deemed": "逾期未告知、视为受理",
    "paused": "计时暂停中",
    "output": "待出件",
    "broken": "近一年承诺未履行",
}
SUBMIT_FIELDS = ("enterprise_id", "mode", "agent_name", "agent_phone", "agent_id_number", "green_channel")
ENTRUSTMENT_FIELDS = ("enterprise_id", "agent_name", "agent_phone", "agent_id_number", "scope", "valid_until")


def _int(raw: Any) -> int | None:
    text = str(raw or "").strip()
    return int(text) if text.isdigit() else None


def mask_id_number(value: str) -> str:
    return value[:4] + "*" * max(0, len(value) - 8) + value[-4:] if len(value) > 8 else value


def agent_phone(user: User, entrustment: Entrustment | None) -> str:
    """The proxy agent's phone: personal data, unmasked only for the roles that need it (as contact phones)."""
    if entrustment is None:
        return ""
    return entrustment.agent_phone if sees_personal_data(user) else mask_phone(entrustment.agent_phone)


# ---------------------------------------------------------------- clocks and lights


def running_clock(a: Application) -> tuple[str, dt.datetime | None]:
    """The name and deadline of the clock that runs in the application's status ("" when none runs)."""
    label = CLOCKS.get(S(a.status), "")
    return label, a.due_at if label else None


def light_badge(a: Application) -> dict[str, str] | None:
    value = WORKFLOW.light(a)
    return {"value": value, "label": LIGHT_LABELS[value]} if value else None


# ---------------------------------------------------------------- list


@dataclass(frozen=True)
class ApplicationFilter:
    status: str = ""
    department_id: int | None = None
    mode: str = ""
    q: str = ""
    light: str = ""  # normal | warning | overdue
    enterprise_id: int | None = None  # one enterprise's (its page links here)
    flags: frozenset[str] = frozenset()

    @classmethod
    def parse(cls, params: Mapping[str, Any]) -> ApplicationFilter:
        def text(name: str) -> str:
            return str(params.get(name) or "").strip()

        status, mode, lit = text("status"), text("mode"), text("light")
        if status and status not in S.values:
            raise ValidationFailed.field("status", "筛选条件无效：没有这个办件状态")
        if mode and mode not in Mode.values:
            raise ValidationFailed.field("mode", "筛选条件无效：没有这种办理方式")
        if lit and lit not in LIGHT_LABELS:
            raise ValidationFailed.field("light", "筛选条件无效：期限应为正常、即将超期或已超期")
        raw_department = text("department_id")
        if raw_department and not raw_department.isdigit():
            raise ValidationFailed.field("department_id", "筛选条件无效：审批部门应为编号")
        return cls(
            status=status,
            department_id=int(raw_department) if raw_department else None,
            mode=mode,
            q=text("q")[:50],
            light=lit,
            enterprise_id=parse_id("enterprise_id", "企业", text("enterprise_id")),
            flags=frozenset(name for name in FLAG_LABELS if text(name) in ("1", "true")),
        )

    def as_query(self) -> dict[str, str]:
        query = {
            "status": self.status,
            "department_id": str(self.department_id or ""),
            "mode": self.mode,
            "q": self.q,
            "light": self.light,
            "enterprise_id": str(self.enterprise_id or ""),
        }
        query.update(dict.fromkeys(sorted(self.flags), "1"))
        return {k: v for k, v in query.items() if v}

    def apply(self, qs: QuerySet[Application], user: Any) -> QuerySet[Application]:
        """Narrow a user's visible applications. A bundle's children show inside the bundle, except to the
        departments that review them and when the list is filtered by department."""
        if self.department_id is not None:
            qs = qs.filter(department_id=self.department_id)
        elif role_of(user) not in DEPARTMENT_ROLES:
            qs = qs.filter(parent__isnull=True)
        if self.status:
            qs = qs.filter(status=self.status)
        if self.mode:
            qs = qs.filter(mode=self.mode)
        if self.enterprise_id is not None:
            qs = qs.filter(enterprise_id=self.enterprise_id)
        if self.q:
            qs = qs.filter(Q(number__icontains=self.q.upper()) | Q(enterprise__name__contains=self.q))
        if "open" in self.flags:
            qs = qs.filter(status__in=OPEN_STATUSES)
        if "deferred" in self.flags:
            deferred = SubmittedMaterial.objects.filter(state=MaterialState.DEFERRED).values("application_id")
            qs = qs.filter(status__in=(S.ACCEPTED, S.IN_REVIEW), pk__in=deferred)
        if "deemed" in self.flags:
            qs = qs.filter(status=S.SUBMITTED, deemed_accepted=True)
        if "paused" in self.flags:
            qs = qs.filter(status=S.IN_REVIEW, paused_since__isnull=False)
        if "output" in self.flags:
            qs = qs.filter(status__in=(S.APPROVED, S.DENIED))
        if "broken" in self.flags:
            qs = qs.filter(commitment__broken_at__gte=timezone.now() - dt.timedelta(days=365))
        if self.light:
            qs = qs.filter(WORKFLOW.light_q(self.light))
        return qs


def filtered(user: Any, params: Mapping[str, Any]) -> QuerySet[Application]:
    """The applications a user sees under the list's filters (the workbench counts with it too)."""
    filters = ApplicationFilter.parse(params)
    return filters.apply(selectors.application_list_for(user, filters.status), user)


def _row(a: Application) -> dict[str, Any]:
    label, due = running_clock(a)
    departments: list[str] = []
    if a.bundle_id:
        departments = sorted({c.department.name for c in a.children.all() if c.department})
    return {
        "a": a,
        "badge": STATUS_BADGE.get(S(a.status), ""),
        "mode": MODE_SHORT.get(Mode(a.mode), a.mode),
        "clock": label,
        "due": due,
        "light": light_badge(a),
        "departments": departments,
    }


@page("application.view")
def application_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    error = ""
    try:
        filters = ApplicationFilter.parse(request.GET)
        qs = filters.apply(selectors.application_list_for(user, filters.status), user)
        rows, next_cursor = keyset_page(
            qs.prefetch_related("children__department"), cursor=request.GET.get("cursor"), limit=PAGE_SIZE
        )
        count = total(qs)
    except DomainError as exc:
        error = exc.detail
        filters, rows, next_cursor, count = ApplicationFilter(), [], None, 0
    query = filters.as_query()
    enterprise_user = role_of(user) == Role.ENTERPRISE
    flags = [
        {"label": label, "clear": urlencode({k: v for k, v in query.items() if k != name})}
        for name, label in FLAG_LABELS.items()
        if name in filters.flags
    ]
    if filters.enterprise_id is not None:
        name = next((a.enterprise.name for a in rows), "指定企业")
        flags.append({"label": name, "clear": urlencode({k: v for k, v in query.items() if k != "enterprise_id"})})
    context = {
        "items": [_row(a) for a in rows],
        "total": count,
        "filters": filters,
        "error": error,
        "flags": flags,
        "query": urlencode(query),
        "next_url": "?" + urlencode({**query, "cursor": next_cursor}) if next_cursor else "",
        "first_page": not request.GET.get("cursor"),
        "enterprise_user": enterprise_user,
        "statuses": S.choices,
        "modes": Mode.choices,
        "departments": [] if enterprise_user else Department.objects.filter(is_active=True),
        "can_submit": can(user, "application.submit"),
        "can_entrust": can(user, "application.window"),
    }
    htmx = getattr(request, "htmx", None)
    partial = bool(htmx) and getattr(htmx, "target", None) == "results"
    return render(request, "applications/list.html#results" if partial else "applications/list.html", context)


# ---------------------------------------------------------------- new application


@dataclass(frozen=True)
class ChecklistLine:
    """One line of the form's material list; a bundle asks each material once for all its items."""

    key: int
    name: str
    required: bool
    deferrable: bool
    requirement_ids: tuple[int, ...]
    items: tuple[str, ...]
    checkpoints: tuple[str, ...]
    copies: str
    note: str


def _item_checklist(item: ServiceItem) -> list[ChecklistLine]:
    version = item.current
    assert version is not None
    return [
        ChecklistLine(
            key=m.pk,
            name=m.name,
            required=m.required,
            deferrable=m.deferrable and version.deferral_allowed,
            requirement_ids=(m.pk,),
            items=(),
            checkpoints=tuple(c.text for c in m.checkpoints.all()),
            copies=m.copies,
            note=m.note,
        )
        for m in version.materials.all()
    ]


def _bundle_checklist(bundle: Bundle) -> list[ChecklistLine]:
    known: dict[int, tuple[MaterialRequirement, bool]] = {}
    for item in bundle.items.all():
        if item.current is not None:
            for m in item.current.materials.all():
                known[m.pk] = (m, item.current.deferral_allowed)
    lines = []
    for merged in catalog.bundle_materials(bundle):
        first, _ = known[merged.requirement_ids[0]]
        lines.append(
            ChecklistLine(
                key=merged.requirement_ids[0],
                name=merged.name,
                required=merged.required,
                deferrable=merged.deferrable and all(known[i][1] for i in merged.requirement_ids),
                requirement_ids=merged.requirement_ids,
                items=merged.items,
                checkpoints=merged.checkpoints,
                copies=first.copies,
                note=first.note,
            )
        )
    return lines


def _choose(request: AuthedRequest, error: str = "") -> HttpResponse:
    q = request.GET.get("q", "").strip()[:50]
    groups: dict[str, list[ServiceItem]] = {}
    for item in catalog.public_items(q):
        groups.setdefault(item.department.name, []).append(item)
    bundles = [
        {"b": b, "items": [i.current.name for i in b.items.all() if i.current]} for b in catalog.public_bundles()
    ]
    return render(
        request,
        "applications/choose.html",
        # From the enterprise page's 办事: the chosen item's form comes with the enterprise already chosen.
        {
            "groups": groups,
            "bundles": bundles,
            "q": q,
            "error": error,
            "enterprise_id": as_id(request.GET.get("enterprise_id", "")),
        },
    )


@page("application.submit")
def application_create(request: AuthedRequest) -> HttpResponse:
    user = request.user
    enterprise_user = role_of(user) == Role.ENTERPRISE
    source = request.POST if request.method == "POST" else request.GET
    item_id, bundle_id = _int(source.get("item")), _int(source.get("bundle"))
    item: ServiceItem | None = None
    bundle: Bundle | None = None
    if item_id is not None:
        item = catalog.public_item(item_id)
        if item is None:
            return _choose(request, "该事项不存在或已下线，请重新选择")
        lines = _item_checklist(item)
    elif bundle_id is not None:
        bundle = catalog.public_bundles().filter(pk=bundle_id).first()
        if bundle is None:
            return _choose(request, "该一件事不存在或已下线，请重新选择")
        lines = _bundle_checklist(bundle)
    else:
        return _choose(request)
    values: dict[str, str] = {
        "enterprise_id": request.GET.get("enterprise_id", ""),
        "mode": Mode.SELF if enterprise_user else Mode.ASSISTED,
    }
    provided: set[int] = set()
    errors: dict[str, str] = {}
    pick_error = ""
    if request.method == "POST":
        values = {name: request.POST.get(name, "").strip() for name in SUBMIT_FIELDS}
        if enterprise_user:
            values["mode"] = Mode.SELF
        else:
            values["enterprise_id"], pick_error = read_picker(user, request.POST, label="申请企业")
        provided = {line.key for line in lines if request.POST.get(f"provided_{line.key}")}
        data: dict[str, Any] = {
            "enterprise_id": values["enterprise_id"],
            "item_id": item.pk if item else None,
            "bundle_id": bundle.pk if bundle else None,
            "mode": values["mode"],
            "green_channel": may_set_green_channel(user) and values["green_channel"] == "1",
            "materials": [
                {"requirement_id": rid, "provided": True}
                for line in lines
                if line.key in provided
                for rid in line.requirement_ids
            ],
        }
        if values["mode"] == Mode.PROXY:
            data["agent"] = {
                "name": values["agent_name"],
                "phone": values["agent_phone"],
                "id_number": values["agent_id_number"],
            }
        try:
            if values["mode"] == Mode.PROXY and not values["agent_name"]:
                raise ValidationFailed.field("agent", "代办须填写代办人姓名和身份证号")
            filed = parse(ApplicationIn, data)
            application = services.application_submit(
                actor=user,
                enterprise_id=filed.enterprise_id,
                item_id=filed.item_id,
                bundle_id=filed.bundle_id,
                mode=filed.mode,
                agent_id_number=filed.agent.id_number if filed.agent else "",
                green_channel=filed.green_channel,
                provided=[m.requirement_id for m in filed.materials],
                files={line.key: file for line in lines for file in uploaded(request, f"file_{line.key}")[:1]},
            )
        except DomainError as exc:
            if exc.status == 404:
                raise
            errors = errors_by_field(exc)
            if "enterprise_id" in errors and not values["enterprise_id"]:
                errors["enterprise_id"] = "请填写申请企业的名称或统一社会信用代码"
            if pick_error:
                errors["enterprise_id"] = pick_error
            messages.error(request, exc.detail)
        else:
            if enterprise_user:
                messages.success(
                    request,
                    f"申请已提交，受理编号 {application.number}。综合窗口将在{clock.NOTICE_DAYS}个工作日内完成预审，"
                    "材料有问题的会一次性告知需要补正的全部内容。",
                )
            else:
                messages.success(request, f"办件已登记，受理编号 {application.number}，请对照审查要点预审。")
            return redirect("applications:detail", application_id=application.pk)
    return render(
        request,
        "applications/new.html",
        {
            "item": item,
            "bundle": bundle,
            "version": item.current if item else None,
            "lines": lines,
            "provided": provided,
            "values": values,
            "errors": errors,
            "enterprise_user": enterprise_user,
            "own_enterprise": user.enterprise if enterprise_user else None,
            "picker": None
            if enterprise_user
            else picker_context(
                user, request.POST or request.GET, label="申请企业", error=errors.get("enterprise_id", "")
            ),
            "modes": [
                (Mode.ASSISTED, "帮办（窗口或助企干部协助企业填报）"),
                (Mode.PROXY, "代办（代办人持委托书办理）"),
            ],
            "can_entrust": can(user, "application.window"),
            "here": reverse("applications:create") + (f"?item={item.pk}" if item else f"?bundle={bundle_id}"),
        },
    )


@page("application.window")
def entrustment_create(request: AuthedRequest) -> HttpResponse:
    """The window records an enterprise's signed authorisation of an agent (委托书) before a proxy files."""
    user = request.user
    back = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    values: dict[str, str] = {"enterprise_id": request.GET.get("enterprise_id", "")}
    errors: dict[str, str] = {}
    if request.method == "POST":
        values = {name: request.POST.get(name, "").strip() for name in ENTRUSTMENT_FIELDS}
        values["enterprise_id"], pick_error = read_picker(user, request.POST, label="委托企业")
        try:
            entrustment = services.entrustment_register(actor=user, **parse(EntrustmentIn, values).model_dump())
        except DomainError as exc:
            if exc.status == 404:
                raise
            errors = errors_by_field(exc)
            if pick_error:
                errors["enterprise_id"] = pick_error
            messages.error(request, "请按提示修改标红的项目后再提交" if errors else exc.detail)
        else:
            messages.success(
                request,
                f"委托书已登记：{entrustment.enterprise.name} 委托 {entrustment.agent_name} 办理“{entrustment.scope}”，"
                f"有效期至 {entrustment.valid_until:%Y-%m-%d}。代办时请填写该代办人的身份证号。",
            )
            return redirect(back or reverse("applications:create"))
    recent = [
        {
            "e": e,
            "id_number": mask_id_number(e.agent_id_number),
            "valid": e.revoked_at is None and e.valid_until >= timezone.localdate(),
        }
        for e in Entrustment.objects.select_related("enterprise").order_by("-id")[:10]
    ]
    return render(
        request,
        "applications/entrustment.html",
        {
            "values": values,
            "errors": errors,
            "picker": picker_context(
                user, request.POST or request.GET, label="委托企业", error=errors.get("enterprise_id", "")
            ),
            "recent": recent,
            "back": back,
            "today": timezone.localdate(),
        },
    )


# ---------------------------------------------------------------- the material list of a case

STATE_ORDER = [
    MaterialState.PROBLEM,
    MaterialState.MISSING,
    MaterialState.DEFERRED,
    MaterialState.PROVIDED,
    MaterialState.ACCEPTED,
]


@dataclass
class MaterialLine:
    """The submitted materials of one name (a bundle files each once for all its items)."""

    rows: list[SubmittedMaterial]
    key: int = 0
    name: str = ""
    state: str = ""
    items: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        first = self.rows[0]
        self.key = first.requirement_id
        self.name = first.requirement.name
        self.state = min((r.state for r in self.rows), key=lambda s: STATE_ORDER.index(MaterialState(s)))
        self.items = sorted({r.requirement.version.name for r in self.rows})

    @property
    def required(self) -> bool:
        return any(r.requirement.required for r in self.rows)

    @property
    def file_key(self) -> int | None:
        """The requirement whose row holds the uploaded file (a bundle line shares one file)."""
        return next((r.requirement_id for r in self.rows if r.file), None)

    @property
    def deferrable(self) -> bool:
        return all(r.requirement.deferrable and r.requirement.version.deferral_allowed for r in self.rows)

    @property
    def state_label(self) -> str:
        return MaterialState(self.state).label

    @property
    def badge(self) -> str:
        return MATERIAL_BADGE.get(MaterialState(self.state), "")

    @property
    def problem(self) -> str:
        return next((r.problem for r in self.rows if r.problem), "")

    @property
    def deferred_due(self) -> dt.date | None:
        return next((r.deferred_due for r in self.rows if r.deferred_due), None)

    @property
    def copies(self) -> str:
        return self.rows[0].requirement.copies

    @property
    def note(self) -> str:
        return self.rows[0].requirement.note

    @property
    def checkpoints(self) -> list[str]:
        seen: list[str] = []
        for r in self.rows:
            seen += [c.text for c in r.requirement.checkpoints.all() if c.text not in seen]
        return seen

    @property
    def provided(self) -> bool:
        return self.state in (MaterialState.PROVIDED, MaterialState.ACCEPTED)

    @property
    def outstanding_ids(self) -> list[int]:
        return [r.requirement_id for r in self.rows if r.state not in (MaterialState.PROVIDED, MaterialState.ACCEPTED)]

    @property
    def default_check(self) -> str:
        """What the pre-review form proposes: problems for what is missing and required, else 符合."""
        if self.state in (MaterialState.PROBLEM,) or (self.state == MaterialState.MISSING and self.required):
            return "problem"
        return "ok"

    @property
    def default_problem(self) -> str:
        if self.problem:
            return self.problem
        return "未提交该材料，请按要求补交" if self.state == MaterialState.MISSING and self.required else ""


def material_lines(a: Application) -> list[MaterialLine]:
    """The case's materials by name; a bundle child shows the bundle's materials of its own item."""
    owner = a.parent_id or a.pk
    qs = (
        SubmittedMaterial.objects.filter(application_id=owner)
        .select_related("requirement__version")
        .prefetch_related("requirement__checkpoints")
        .order_by("requirement__version__item_id", "requirement__sort_order", "id")
    )
    if a.parent_id:
        qs = qs.filter(requirement__version_id=a.item_version_id)
    groups: dict[str, list[SubmittedMaterial]] = {}
    for row in qs:
        groups.setdefault("".join(row.requirement.name.split()), []).append(row)
    return [MaterialLine(rows) for rows in groups.values()]


# ---------------------------------------------------------------- detail


def _results(user: Any, a: Application, children: list[Application]) -> list[dict[str, Any]]:
    """The decision documents of the case (a bundle: one per item) with who may upload or download them."""
    rows = []
    for target in children or [a]:
        uploads = target.status in services.RESULT_STATUSES and may_upload_result(user, target)
        if target.result_file or uploads:
            rows.append(
                {
                    "a": target,
                    "may_upload": uploads,
                    "may_download": bool(target.result_file) and may_download(user, target),
                }
            )
    return rows


def _timeline(user: Any, a: Application, children: list[Application]) -> list[dict[str, Any]]:
    """The case's steps; a bundle's include its items' own steps (handover, pauses, decisions), named."""
    events = [(e, "") for e in selectors.timeline_for(user, a)]
    for child in children:
        # A child's own acceptance only repeats the bundle's; its handover, pauses and decision are its own.
        events += [(e, child.title) for e in selectors.timeline_for(user, child).exclude(action="accept")]
    events.sort(key=lambda pair: (pair[0].at, pair[0].pk))
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
            "scope": scope,
        }
        for e, scope in events
    ]


def _steps(a: Application) -> list[dict[str, str]]:
    index = next((i for i, (statuses, _) in enumerate(STEPS) if a.status in statuses), None)
    if index is None:
        return []
    done_all = a.status == S.DELIVERED
    return [
        {"label": label, "state": "done" if i < index or done_all else ("current" if i == index else "todo")}
        for i, (_, label) in enumerate(STEPS)
    ]


def _one(a: Application, relation: str) -> Any:
    try:
        return getattr(a, relation)
    except (Commitment.DoesNotExist, Delivery.DoesNotExist):
        return None


def _commitment_hint(a: Application) -> dict[str, Any]:
    """The latest due date the window may accept for a commitment, and the decision day it must precede."""
    if a.status != S.SUBMITTED or a.parent_id:
        return {}
    calendar = get_calendar()
    today = timezone.localdate()
    start = timezone.localdate(a.submitted_at) if a.deemed_accepted else today
    promised = services.promised_days(a)
    decision_day = calendar.add_workdays(start, promised)
    span = min(clock.COMMITMENT_MAX_DAYS, calendar.workdays_between(today, decision_day) - clock.COMMITMENT_MARGIN_DAYS)
    latest = calendar.add_workdays(today, span) if span >= 1 else None
    if latest is not None and clock.commitment_problem(today, latest, start, promised):
        latest = None
    return {"latest": latest, "decision_day": decision_day, "promised": promised}


@page("application.view")
def application_detail(request: AuthedRequest, application_id: int) -> HttpResponse:
    user = request.user
    a = selectors.application_get_for(user, application_id)
    enterprise_user = role_of(user) == Role.ENTERPRISE
    children = list(a.children.select_related("item_version", "department").order_by("id")) if a.bundle_id else []
    lines = material_lines(a)
    paused = a.paused_since is not None
    deferred_lines = [line for line in lines if line.state == MaterialState.DEFERRED]
    clock_label, clock_due = running_clock(a)
    parent_visible = a.parent_id is not None and selectors.application_list_for(user).filter(pk=a.parent_id).exists()
    own_commitment = _one(a, "commitment")
    commitment = own_commitment
    if commitment is None and a.parent_id and a.parent is not None:
        commitment = _one(a.parent, "commitment")
    deferred_outstanding = SubmittedMaterial.objects.filter(
        application_id=a.parent_id or a.pk, state=MaterialState.DEFERRED
    ).exists()
    timeline = _timeline(user, a, children)
    handovers = Handover.objects.filter(application_id__in=[a.pk, *(c.pk for c in children)]).select_related(
        "from_user", "to_department", "application__item_version"
    )
    actions = {
        "pre_review": not a.parent_id
        and any(WORKFLOW.may(user, a, x) for x in ("accept", "request_correction", "refuse")),
        "correct": WORKFLOW.may(user, a, "correct"),
        "supply": bool(deferred_lines) and not a.parent_id and WORKFLOW.may(user, a, "supply_deferred"),
        "handover": not a.parent_id and WORKFLOW.may(user, a, "handover"),
        "pause": WORKFLOW.may(user, a, "pause") and not paused,
        "resume": WORKFLOW.may(user, a, "resume") and paused,
        "extend": WORKFLOW.may(user, a, "extend") and not paused,
        "decide": WORKFLOW.may(user, a, "approve"),
        "deliver": not a.parent_id and WORKFLOW.may(user, a, "deliver"),
        "terminate": WORKFLOW.may(user, a, "terminate"),
    }
    entrustment = a.entrustment
    context = {
        "a": a,
        "badge": STATUS_BADGE.get(S(a.status), ""),
        "light": light_badge(a),
        "clock_label": clock_label,
        "clock_due": clock_due,
        "paused": paused,
        "steps": _steps(a),
        "next_step": (NEXT_STEP_ENTERPRISE if enterprise_user else NEXT_STEP_STAFF).get(S(a.status)),
        "enterprise_user": enterprise_user,
        "mode_short": MODE_SHORT.get(Mode(a.mode), a.mode),
        "entrustment": entrustment,
        "agent_phone": agent_phone(user, entrustment),
        "agent_id_number": mask_id_number(entrustment.agent_id_number) if entrustment else "",
        "lines": lines,
        "can_download": may_download(user, a),
        "results": _results(user, a, children),
        "can_upload": a.status in services.UPLOADABLE and may_upload(user, a),
        "deferred_lines": deferred_lines,
        "correctable": [line for line in lines if not line.provided and line.state != MaterialState.DEFERRED],
        "deferred_outstanding": deferred_outstanding,
        "commitment": commitment,
        "own_commitment": own_commitment,
        "notices": list(a.notices.select_related("issued_by")),
        "children": [
            {
                "c": c,
                "badge": STATUS_BADGE.get(S(c.status), ""),
                "light": light_badge(c),
                "clock": running_clock(c),
            }
            for c in children
        ],
        "child_departments": list(dict.fromkeys(c.department.name for c in children if c.department)),
        "parent_visible": parent_visible,
        "handovers": [] if enterprise_user else list(handovers),  # staff to staff; the timeline says where
        "delivery": _one(a, "delivery"),
        "timeline": timeline,
        # The department's approval note is its own; the applicant reads the decision's public line (a denial's
        # reasons, Art. 38).
        "decision_note": a.decision_note
        if not enterprise_user
        else next((t["note"] for t in reversed(timeline) if t["action"] in ("approve", "deny") and not t["scope"]), ""),
        "can": actions,
        "any_action": any(v for k, v in actions.items() if k != "pre_review"),
        "commitment_hint": _commitment_hint(a) if actions["pre_review"] else {},
        "can_enterprise": can(user, "enterprise.view"),
        "termination_reasons": TerminationReason.choices,
        "delivery_methods": DeliveryMethod.choices,
        "extension_limit": services.EXTENSION_LIMITS[bool(a.item_version and a.item_version.joint)],
        "today": timezone.localdate(),
    }
    return render(request, "applications/detail.html", context)


# ---------------------------------------------------------------- actions

Handler = Callable[[User, Application, QueryDict], str]


def _pre_review(user: User, a: Application, post: QueryDict) -> str:
    result = post.get("result", "")
    problems: list[dict[str, Any]] = []
    deferred: list[int] = []
    received: list[int] = []
    for line in material_lines(a):
        choice = post.get(f"check_{line.key}", "ok")
        if choice == "ok":
            received += line.outstanding_ids  # handed over on paper at the window
        elif choice == "problem":
            problems.append({"requirement_id": line.key, "problem": post.get(f"problem_{line.key}", "").strip()})
        elif choice == "defer":
            deferred += line.outstanding_ids
    if result == "accept" and problems:
        names = "、".join(line.name for line in material_lines(a) if post.get(f"check_{line.key}") == "problem")
        raise ValidationFailed.field(
            "problems",
            f"以下材料标记为“需补正”，不能直接受理：{names}。请出具一次性告知，或改为“符合”或“容缺后补”。",
        )
    review = parse(
        PreReviewIn,
        {
            "result": result,
            "problems": problems,
            "deferred": deferred if result == "accept" else [],
            "received": received if result == "accept" else [],
            "commitment_due": post.get("commitment_due", "") if result == "accept" else "",
            "signed_by": post.get("signed_by", ""),
            "reason": post.get("reason", ""),
        },
    )
    if review.result == "accept":
        done = services.application_accept(
            actor=user,
            application_id=a.pk,
            deferred=review.deferred,
            received=review.received,
            commitment_due=review.commitment_due,
            signed_by=review.signed_by,
        )
        if deferred:
            return f"已容缺受理，受理编号 {done.number}。请打印受理通知书和告知承诺书，由承诺人签字后各执一份。"
        return f"已受理，受理编号 {done.number}。请打印受理通知书交申请人，并将材料流转至审批部门。"
    if review.result == "correct":
        services.application_request_correction(
            actor=user, application_id=a.pk, problems=[(p.requirement_id, p.problem) for p in review.problems]
        )
        return "已出具一次性告知单，请打印交申请人签收；补正期间不计时。"
    services.application_refuse(actor=user, application_id=a.pk, reason=review.reason)
    return "已作出不予受理决定，理由已告知申请人。"


def _correct(user: User, a: Application, post: QueryDict) -> str:
    chosen = [line.key for line in material_lines(a) if post.get(f"corrected_{line.key}")]
    services.application_correct(actor=user, application_id=a.pk, supplied=chosen)
    return "补正材料已提交，综合窗口将重新预审。"


def _supply(user: User, a: Application, post: QueryDict) -> str:
    key = _int(post.get("line"))
    line = next((x for x in material_lines(a) if x.key == key and x.state == MaterialState.DEFERRED), None)
    if line is None:
        raise ValidationFailed.field("requirement_id", "该材料不是待补交的容缺材料")
    for requirement_id in line.outstanding_ids:
        services.supply_deferred(actor=user, application_id=a.pk, requirement_id=requirement_id)
    left = [x.name for x in material_lines(a) if x.state == MaterialState.DEFERRED]
    if left:
        return f"已收到容缺材料“{line.name}”，尚待补交：{'、'.join(left)}。"
    return f"已收到容缺材料“{line.name}”，容缺材料已全部补齐，告知承诺已履行。"


def _handover(user: User, a: Application, post: QueryDict) -> str:
    done = services.application_handover(actor=user, application_id=a.pk, note=parse(HandoverIn, post).note)
    if done.bundle_id:
        names = "、".join(sorted({c.department.name for c in done.children.all() if c.department}))
        return f"已流转至 {names} 并联审批。"
    return f"已流转至{done.department.name if done.department else '审批部门'}审批。"


def _pause(user: User, a: Application, post: QueryDict) -> str:
    services.application_pause(actor=user, application_id=a.pk, reason=parse(PauseIn, post).reason)
    return "已暂停计时，申请人已收到书面告知；相关程序结束后请恢复计时。"


def _resume(user: User, a: Application, post: QueryDict) -> str:
    done = services.application_resume(actor=user, application_id=a.pk)
    due = timezone.localtime(done.due_at).strftime("%Y-%m-%d") if done.due_at else ""
    return f"已恢复计时，审批期限顺延至 {due}。"


def _extend(user: User, a: Application, post: QueryDict) -> str:
    asked = parse(ExtendIn, post)
    done = services.application_extend(actor=user, application_id=a.pk, days=asked.days, reason=asked.reason)
    due = timezone.localtime(done.due_at).strftime("%Y-%m-%d") if done.due_at else ""
    return f"已延长{asked.days}个工作日，审批期限至 {due}，延长理由已告知申请人。"


def _decide(user: User, a: Application, post: QueryDict) -> str:
    decision = parse(ApplicationDecideIn, {"approved": post.get("approve") == "1", "note": post.get("note", "")})
    decide = services.application_approve if decision.approved else services.application_deny
    done = decide(actor=user, application_id=a.pk, note=decision.note)
    what = "准予许可" if decision.approved else "不予许可"
    if done.parent_id:
        parent = Application.objects.get(pk=done.parent_id)
        if parent.status in (S.APPROVED, S.DENIED):
            return f"已作出{what}决定。一件事各事项均已审批完毕，结果已回到统一出件窗口。"
        return f"已作出{what}决定，待一件事的其他事项审批完毕后统一出件。"
    return f"已作出{what}决定，结果已回到统一出件窗口。"


def _deliver(user: User, a: Application, post: QueryDict) -> str:
    method = post.get("method", "")
    delivery = parse(
        DeliverIn,
        {
            "method": method,
            "collected_by": post.get("collected_by", "") if method == DeliveryMethod.PICKUP else "",
            "tracking_number": post.get("tracking_number", "") if method == DeliveryMethod.EXPRESS else "",
        },
    )
    services.application_deliver(actor=user, application_id=a.pk, **delivery.model_dump())
    if delivery.method == "express":
        return "已登记免费邮寄出件，快递单号已告知申请人。"
    return "已登记窗口领取出件。"


def _terminate(user: User, a: Application, post: QueryDict) -> str:
    services.application_terminate(actor=user, application_id=a.pk, **parse(TerminateIn, post).model_dump())
    return "已终止办理，申请人已收到通知。"


ACTIONS: dict[str, Handler] = {
    "pre_review": _pre_review,
    "correct": _correct,
    "supply": _supply,
    "handover": _handover,
    "pause": _pause,
    "resume": _resume,
    "extend": _extend,
    "decide": _decide,
    "deliver": _deliver,
    "terminate": _terminate,
}


@page("application.view")
@require_POST
def application_action(request: AuthedRequest, application_id: int, action: str) -> HttpResponse:
    handler = ACTIONS.get(action)
    if handler is None:
        raise Http404
    a = selectors.application_get_for(request.user, application_id)
    with flash_refusal(request):
        messages.success(request, handler(request.user, a, request.POST))
    return redirect("applications:detail", application_id=application_id)


# ---------------------------------------------------------------- printed documents


@page("application.view")
@require_POST
def material_upload(request: AuthedRequest, application_id: int, requirement_id: int) -> HttpResponse:
    upload = request.FILES.get("file")
    with flash_refusal(request):
        services.material_upload(
            actor=request.user,
            application_id=application_id,
            requirement_id=requirement_id,
            name=(upload.name or "") if upload else "",
            content=upload.read() if upload else b"",
        )
        messages.success(request, "材料文件已上传")
    return redirect("applications:detail", application_id=application_id)


@page("application.view")
def material_download(request: AuthedRequest, application_id: int, requirement_id: int) -> FileResponse:
    material = services.material_download(
        actor=request.user, application_id=application_id, requirement_id=requirement_id
    )
    suffix = material.file.name[material.file.name.rfind(".") :]
    return FileResponse(material.file.open("rb"), as_attachment=True, filename=f"{material.requirement.name}{suffix}")


@page("application.window")
@require_POST
def entrustment_revoke(request: AuthedRequest, entrustment_id: int) -> HttpResponse:
    with flash_refusal(request):
        revoked = services.entrustment_revoke(actor=request.user, entrustment_id=entrustment_id)
        messages.success(request, f"已撤销 {revoked.agent_name} 的委托，此后不能再以该委托代办")
    return redirect("applications:entrustment_create")


@page("application.view")
@require_POST
def result_upload(request: AuthedRequest, application_id: int) -> HttpResponse:
    upload = request.FILES.get("file")
    with flash_refusal(request):
        services.result_upload(
            actor=request.user,
            application_id=application_id,
            name=(upload.name or "") if upload else "",
            content=upload.read() if upload else b"",
        )
        messages.success(request, "审批结果文件已上传，企业可在线下载")
    return redirect("applications:detail", application_id=application_id)


@page("application.view")
def result_download(request: AuthedRequest, application_id: int) -> FileResponse:
    application = services.result_download(actor=request.user, application_id=application_id)
    suffix = application.result_file.name[application.result_file.name.rfind(".") :]
    return FileResponse(
        application.result_file.open("rb"), as_attachment=True, filename=f"{application.number}-审批结果{suffix}"
    )


def progress_url(a: Application) -> str:
    """The case's public progress page (no login), which the QR code on its prints opens."""
    return tracking.track_url(WORKFLOW.subject, a.pk) or settings.QIFU_SITE_URL + reverse(
        "applications:detail", args=[a.pk]
    )


def _print(request: AuthedRequest, a: Application, template: str, **extra: Any) -> HttpResponse:
    url = progress_url(a)
    return render(
        request,
        template,
        {
            "a": a,
            "qr": qr_svg(url),
            "progress_url": url,
            "printed_at": timezone.localtime(),
            "lines": material_lines(a),
            **extra,
        },
    )


@page("application.view")
def print_notice(request: AuthedRequest, application_id: int) -> HttpResponse:
    a = selectors.application_get_for(request.user, application_id)
    notice = a.notices.select_related("issued_by").first()
    if notice is None:
        raise NotFound("该办件没有一次性告知单")
    lines = {line.key: line for line in material_lines(a)}
    problems = [
        {
            **p,
            "copies": lines[p["requirement_id"]].copies if p.get("requirement_id") in lines else "",
            "note": lines[p["requirement_id"]].note if p.get("requirement_id") in lines else "",
        }
        for p in notice.problems
    ]
    return _print(request, a, "applications/print_notice.html", notice=notice, problems=problems)


def _accepted_by(user: Any, a: Application) -> str:
    event = selectors.timeline_for(user, a).filter(action="accept").last()
    return event.actor_label if event else ""


@page("application.view")
def print_acceptance(request: AuthedRequest, application_id: int) -> HttpResponse:
    a = selectors.application_get_for(request.user, application_id)
    if a.accepted_at is None:
        raise NotFound("该办件尚未受理，没有受理通知书")
    children = list(a.children.select_related("item_version", "department").order_by("id")) if a.bundle_id else []
    location = a.item_version.location if a.item_version and a.item_version.location else ""
    phone = a.item_version.phone if a.item_version else ""
    return _print(
        request,
        a,
        "applications/print_acceptance.html",
        children=children,
        accepted_by=_accepted_by(request.user, a),
        commitment=_one(a, "commitment"),
        location=location,
        phone=phone,
    )


@page("application.view")
def print_commitment(request: AuthedRequest, application_id: int) -> HttpResponse:
    a = selectors.application_get_for(request.user, application_id)
    commitment = _one(a, "commitment")
    if commitment is None:
        raise NotFound("该办件没有告知承诺书")
    deferred = [line for line in material_lines(a) if line.deferred_due is not None]
    return _print(
        request,
        a,
        "applications/print_commitment.html",
        commitment=commitment,
        deferred=deferred,
        accepted_by=_accepted_by(request.user, a),
        broken_reason=COMMITMENT_BROKEN_REASON.label,
        promised_days=a.days_total,
    )


# ---------------------------------------------------------------- appointments at a window (预约办事)

APPOINTMENT_FIELDS = ("enterprise_id", "window", "when", "purpose", "visitor_name", "visitor_phone", "item_id")
APPOINTMENT_ACTIONS = {
    "cancel": services.appointment_cancel,
    "arrive": services.appointment_arrive,
    "miss": services.appointment_miss,
}


@page("application.view")
def appointments(request: AuthedRequest) -> HttpResponse:
    """Book a half hour at a window (the enterprise, its officer, or the hall taking a call) and, for the hall,
    the day's queue with 签到 / 未到场; everyone else who may see applications sees the bookings read-only."""
    user = request.user
    hall = role_of(user) in HALL
    window = request.GET.get("window") or request.POST.get("window") or Window.COMPREHENSIVE
    if window not in Window.values:
        window = Window.COMPREHENSIVE
    values: dict[str, str] = {"window": window}
    own = user.enterprise if role_of(user) == Role.ENTERPRISE else None
    if own is not None:  # the enterprise's registered contact comes by default
        values.update(visitor_name=own.contact_name, visitor_phone=own.contact_phone)
    errors: dict[str, str] = {}
    pick_error = ""
    if request.method == "POST":
        values = {name: request.POST.get(name, "").strip() for name in APPOINTMENT_FIELDS}
        if own is None:
            values["enterprise_id"], pick_error = read_picker(user, request.POST, label="企业")
        day_text, _, slot = values["when"].partition(" ")
        try:
            if not day_text or not slot:
                raise ValidationFailed.field("when", "请在下表中选择预约的日期和时段")
            booking = parse(AppointmentIn, {**values, "day": day_text, "slot": slot})
            booked = services.appointment_book(actor=user, **booking.model_dump())
        except DomainError as exc:
            if exc.status == 404:
                raise
            errors = errors_by_field(exc)
            # The grid is the one field for day and slot; a full slot or a second booking of the same half hour
            # (409) is said there too, in its own words.
            when = errors.get("day") or errors.get("slot") or (exc.detail if exc.status == 409 else "")
            if when:
                errors["when"] = when
            if pick_error:
                errors["enterprise_id"] = pick_error
            messages.error(request, "请按提示修改标红的项目后再提交" if errors and exc.status != 409 else exc.detail)
        else:
            messages.success(
                request,
                f"预约成功：{booked.day:%Y年%m月%d日} {booked.slot} {booked.get_window_display()}，"
                f"预约号 {booked.number}。请携带材料原件按时到场，到场后向引导台出示预约号。",
            )
            return redirect(reverse("applications:appointments") + f"?window={window}")
    day = timezone.localdate()
    if hall and request.GET.get("day"):
        try:
            day = dt.date.fromisoformat(request.GET["day"])
        except ValueError:
            messages.error(request, "日期格式应为 YYYY-MM-DD")
    if hall:
        rows = selectors.appointment_list_for(user, day=day)
    else:
        rows = selectors.appointment_list_for(user).filter(day__gte=day - dt.timedelta(days=30))
    days = services.booking_days()
    left = selectors.slots_left(window, days, settings.QIFU_APPOINTMENT_CAPACITY)
    now = timezone.now()
    grid = [
        {
            "day": d,
            "weekday": "一二三四五六日"[d.weekday()],
            "cells": [
                {"slot": s, "left": n, "value": f"{d.isoformat()} {s}", "past": services.slot_start(d, s) <= now}
                for s, n in left[d].items()
            ],
        }
        for d in days
    ]
    return render(
        request,
        "applications/appointments.html",
        {
            "hall": hall,
            "can_book": can(user, "application.submit"),
            "enterprise_user": role_of(user) == Role.ENTERPRISE,
            "rows": rows,
            "day": day,
            "window": window,
            "windows": Window.choices,
            "grid": grid,
            "slots": APPOINTMENT_SLOTS,
            "capacity": settings.QIFU_APPOINTMENT_CAPACITY,
            "values": values,
            "errors": errors,
            "own": own,
            "picker": None
            if own is not None
            else picker_context(user, request.POST or request.GET, label="企业", error=errors.get("enterprise_id", "")),
            "items": ServiceItem.objects.filter(is_listed=True, current__isnull=False).select_related("current"),
            "now": now,
        },
    )


@page("application.view")
@require_POST
def appointment_action(request: AuthedRequest, appointment_id: int, action: str) -> HttpResponse:
    act = APPOINTMENT_ACTIONS.get(action)
    if act is None:
        raise Http404
    with flash_refusal(request):
        a = act(actor=request.user, appointment_id=appointment_id)
        messages.success(request, f"预约 {a.number}：{a.get_status_display()}")
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("applications:appointments")
    return redirect(back)
