"""Demo policies of `make demo`: realistic policies of several departments with criteria, published and matched."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.utils import timezone

from qifu.accounts.models import User
from qifu.orgs.models import Department, Park
from qifu.policies import services
from qifu.policies.schemas import PolicyIn

GUIDE_WHERE = "揭东区政务服务中心一楼综合受理窗口（惠企政策兑现专窗）"


def _policies(year: int, park_id: int) -> list[dict[str, Any]]:
    return [
        {
            "department": "GXJ",
            "title": "工业企业技术改造事后奖补",
            "doc_number": f"揭东工信〔{year}〕8号",
            "benefit_type": "subsidy",
            "summary": "对完成技术改造、设备投资额达到一定规模的规模以上工业企业，按设备投资额的10%给予事后奖补。",
            "amount_rule": "按设备投资额的10%给予奖补，单个企业最高200万元",
            "max_amount": Decimal("200"),
            "materials": "营业执照\n技术改造项目备案证明\n设备购置发票\n项目竣工验收报告",
            "criteria": {"industries": ["C"], "tags_all": ["规上企业"], "min_years": 2},
        },
        {
            "department": "SJJ",
            "title": "个体工商户转型升级为企业奖励（个转企）",
            "doc_number": f"揭东市监〔{year}〕6号",
            "benefit_type": "award",
            "summary": (
                "对个体工商户转型升级为企业、转型后正常经营的小微企业，给予一次性奖励，并提供登记、税务、社保一站式帮办。"
            ),
            "amount_rule": "每户一次性奖励1万元",
            "max_amount": Decimal("1"),
            "materials": "营业执照\n原个体工商户营业执照注销证明",
            "criteria": {"scales": ["micro", "small"], "max_years": 3},
        },
        {
            "department": "KJJ",
            "title": "高新技术企业认定奖励",
            "doc_number": f"揭东科〔{year}〕3号",
            "benefit_type": "award",
            "summary": "对首次通过高新技术企业认定的企业给予一次性奖励，重新认定的给予减半奖励。",
            "amount_rule": "首次认定奖励20万元，重新认定奖励10万元",
            "max_amount": Decimal("20"),
            "materials": "营业执照\n高新技术企业证书",
            "criteria": {"tags_any": ["高新技术企业", "科技型中小企业"]},
        },
        {
            "department": "RSJ",
            "title": "小微企业吸纳就业社保补贴",
            "doc_number": f"揭东人社〔{year}〕15号",
            "benefit_type": "subsidy",
            "summary": "小微企业招用高校毕业生、就业困难人员并为其缴纳社会保险的，按单位实际缴费给予社保补贴。",
            "amount_rule": "按单位实际缴纳的基本养老、医疗、失业保险费给予补贴，期限最长3年",
            "materials": "营业执照\n社保缴费证明\n劳动合同",
            "criteria": {"scales": ["small", "micro"], "min_employees": 10, "max_employees": 300},
        },
        {
            "department": "JKQ",
            "title": "经开区入园企业厂房租金补贴",
            "doc_number": f"揭东经开〔{year}〕2号",
            "benefit_type": "rent",
            "summary": "对新入驻经开区标准厂房、成立不满3年的制造业企业，前两年给予厂房租金补贴。",
            "amount_rule": "第一年补贴租金的50%，第二年补贴30%",
            "materials": "营业执照\n厂房租赁合同\n租金支付凭证",
            "criteria": {"park_ids": [park_id], "industries": ["C"], "max_years": 3},
        },
        {
            "department": "CZJ",
            "title": "中小微企业贷款贴息",
            "doc_number": f"揭东财〔{year}〕21号",
            "benefit_type": "loan_interest",
            "summary": "对年营业收入2亿元以下的中小微企业当年新增的流动资金贷款，按贷款市场报价利率的50%给予贴息。",
            "amount_rule": "按LPR的50%贴息，单个企业每年最高50万元",
            "max_amount": Decimal("50"),
            "materials": "营业执照\n借款合同\n利息支付凭证",
            "criteria": {"scales": ["medium", "small", "micro"], "max_revenue": 20000},
        },
        {
            "department": "SWJ",
            "title": "小型微利企业所得税优惠（免申即享）",
            "doc_number": "财政部 税务总局公告2023年第12号",
            "benefit_type": "tax",
            "summary": (
                "对小型微利企业减按25%计算应纳税所得额，按20%的税率缴纳企业所得税，符合条件的企业无需申请，直接享受。"
            ),
            "amount_rule": "年应纳税所得额不超过300万元的部分，实际税负5%",
            "materials": "",
            "auto_grant": True,
            "criteria": {"scales": ["small", "micro"], "max_employees": 300, "max_revenue": 5000},
        },
    ]


def seed_demo_policies(admin: User) -> int:
    """Publish the demo policies (through the services, as a department would) and match them."""
    today = timezone.localdate()
    park = Park.objects.order_by("pk").first()
    departments = dict(Department.objects.values_list("code", "pk"))
    for data in _policies(today.year, park.pk if park else 0):
        code = data.pop("department")
        if code not in departments or (code == "JKQ" and park is None):
            continue
        services.policy_create(
            actor=admin,
            fields=PolicyIn(
                **data,
                department_id=departments[code],
                effective_from=dt.date(today.year, 1, 1),
                effective_to=dt.date(today.year + 2, 12, 31),
                contact="0663-3261000",
                guide_beneficiaries="辖区内依法登记、正常经营的企业",
                guide_conditions="见享受条件；企业近三年无严重失信记录",
                guide_where=GUIDE_WHERE,
                interpretation=f"《{data['title']}》由出台部门负责解读。" + data["summary"],
                publish=True,
            ),
        )
    return services.match_policies()


def seed_demo(rng: random.Random) -> str:
    """This app's part of `manage.py seed_demo` (core.hooks.DEMO_SEED)."""
    seed_demo_policies(User.objects.get(username="demo-admin"))
    return ""
