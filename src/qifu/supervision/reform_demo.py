"""The reform task list of `make demo`: the 37 tasks of seed 001's attachment 3 (涪城区政务服务增值化改革任务清单)
as written — number, area, task, content, lead and responsible units and deadline, with the rows the table merges
filled in from the row above — on the demo district's units.

"6月底前" and "8月底前" fall in the plan's year, shifted to the latest year whose June has passed (2024 in the
plan; the demo moves it so that the list is current): some dated tasks are done, the rest late and red.
"长期坚持" tasks report monthly; some have reported this month, the others missed last month's report (red). Units the district lacks
(区纪委监委机关 and a few responsible bureaus) are added as departments; collective units (区级相关部门, 各镇街 …)
stay in the written text only."""

# ruff: noqa: E501  (the seed's texts are kept whole, as written, one string per cell)
from __future__ import annotations

import datetime as dt
import random
import re

from django.utils import timezone

from qifu.accounts.models import User
from qifu.orgs.models import Department
from qifu.supervision import reform_services

PLAN_YEAR = 2024  # the year of the plan (印发 2024年6月26日)

# (number, area, task, content, lead units, responsible units, deadline), as attachment 3 writes them.
TASKS = [
    (
        1,
        "一、建强服务载体,构建增值服务基础体系",
        "建强“1+4+4”线下中心",
        "按照“一站式”服务理念,由区营商环境和政务服务中心统筹,依托4个园区企业服务中心和4个区域化营商环境服务中心,整合涉企服务事项,优化窗口设置和大厅布局,打造嵌入式企业综合服务驿站。",
        "区政务审批局",
        "园区服务中心、各区域化营商环境服务中心及企业服务中心",
        "6月底前",
    ),
    (
        2,
        "一、建强服务载体,构建增值服务基础体系",
        "建强“1+4+4”线下中心",
        "按照“前台综合受理、后台分类联办、限时办结反馈”运行模式,提供企业全生命周期全流程服务。",
        "区政务审批局",
        "园区服务中心、各区域化营商环境服务中心及企业服务中心",
        "6月底前",
    ),
    (
        3,
        "一、建强服务载体,构建增值服务基础体系",
        "建强“1+4+4”线下中心",
        "根据园区和区域化营商环境服务中心的实际情况,精准提供特色突出、特点鲜明的增值化产品。",
        "园区服务中心、各镇街",
        "区级相关部门",
        "6月底前",
    ),
    (
        4,
        "一、建强服务载体,构建增值服务基础体系",
        "建强“1+4+4”线下中心",
        "加强线下中心人员队伍建设,强化帮办代办运行机制,构建一站集成的增值服务“窗口”和“中台枢纽”。",
        "园区服务中心、各区域化营商环境服务中心及企业服务中心",
        "",
        "长期坚持",
    ),
    (
        5,
        "一、建强服务载体,构建增值服务基础体系",
        "做优“1+2”线上平台",
        "加强与省、市平台对接,用好四川政务服务网。",
        "区政务审批局",
        "区级相关部门、园区服务中心、各镇街",
        "6月底前",
    ),
    (
        6,
        "一、建强服务载体,构建增值服务基础体系",
        "做优“1+2”线上平台",
        "用好“绵企通”政企服务平台的“诉求通”“政策通”“政务通”“金融通”“产业通”五大服务功能,实现惠企政策“一站查”、企业诉求“一站接”、帮办代办“一站通”、产业合作“一站找”、金融服务“一站享”。",
        "区政务审批局",
        "区级相关部门、园区服务中心、各镇街",
        "6月底前",
    ),
    (
        7,
        "一、建强服务载体,构建增值服务基础体系",
        "做优“1+2”线上平台",
        "对接“天府通办”涪城分站点,上线“高效办成一件事” 服务专区、“一件事一次办”服务场景等功能模块,进一步提升涪城分站点的服务能力。",
        "区政务审批局",
        "区发改局(区数据局)",
        "6月底前",
    ),
    (
        8,
        "一、建强服务载体,构建增值服务基础体系",
        "落实“1+1+1”服务清单",
        "健全涉企政务服务事项清单,持续实施“五减一优”,动态更新事项清单,推动更多政务服务事项进驻线下中心。",
        "区政务审批局",
        "区级相关部门、园区服务中心、各区域化营商环境服务中心及企业服务中心",
        "6月底前",
    ),
    (
        9,
        "一、建强服务载体,构建增值服务基础体系",
        "落实“1+1+1”服务清单",
        "发布增值化服务清单,坚持问题导向,围绕企业、项目“全生命周期”,在传统政务服务事项基础上,拓展更广范围、更深层次的政策、金融、人才、法治、科创等涉企服务重点领域,并实施动态管理。",
        "区政务审批局",
        "区级相关部门、园区服务中心、各区域化营商环境服务中心及企业服务中心",
        "6月底前",
    ),
    (
        10,
        "一、建强服务载体,构建增值服务基础体系",
        "落实“1+1+1”服务清单",
        "落实“一件事”服务清单,按照“高效办成一件事”要求,着眼企业、项目全生命周期“一件事”,整合关联事项、再造办事流程,推出地方特色“一件事”,确保服务场景落地可办。",
        "区政务审批局",
        "区级相关部门、园区服务中心、各镇街",
        "长期坚持",
    ),
    (
        11,
        "二、拓展服务领域,构建增值服务功能板块",
        "拓展开放服务,助力招商引资",
        "深入实施精准化、专业化、平台化“三化”招商,深化落实“三度服务”,用活用好“涪城荟”招商联盟品牌,持续推进“一名区级领导、一个责任部门、一名项目专员”的“三个一”专班联系服务机制,全力保障项目早签约、早落地、早投产。",
        "区经合局",
        "园区开放合作部、区级相关部门、园区服务中心、富诚集团、涪创集团、各镇街",
        "8月底前",
    ),
    (
        12,
        "二、拓展服务领域,构建增值服务功能板块",
        "拓展项目服务,助力产业发展",
        "采取“容缺预审、分段办理、并联审批”等方式,推进工程建设项目报建审批流程再优化。",
        "区住建局",
        "区政务审批局、区农业农村局、涪城生态环境局、区工信局、区商务局、区交通运输局等区级相关部门、园区服务中心",
        "长期坚持",
    ),
    (
        13,
        "二、拓展服务领域,构建增值服务功能板块",
        "拓展项目服务,助力产业发展",
        "建立服务专班,为重点项目提供企业开办、立项用地、建设许可、施工许可、消防审验、竣工验收等全流程帮办代办服务。",
        "区发改局(区数据局)",
        "区政务审批局、区农业农村局、涪城生态环境局、区工信局、区商务局、区交通运输局等区级相关部门、园区服务中心",
        "8月底前",
    ),
    (
        14,
        "二、拓展服务领域,构建增值服务功能板块",
        "拓展项目服务,助力产业发展",
        "提供“一站式”企业信用查询、信用体检、信用修复等服务,逐渐加大信用服务在审批服务、公共服务、公共资源交易、执法监管、社会治理等领域的应用力度。",
        "区发改局(区数据局)",
        "区政务审批局、区农业农村局、涪城生态环境局、区工信局、区商务局、区交通运输局等区级相关部门、园区服务中心",
        "8月底前",
    ),
    (
        15,
        "二、拓展服务领域,构建增值服务功能板块",
        "拓展项目服务,助力产业发展",
        "强化水电气网等公共服务企业业务协同联动,丰富“中介服务网络超市”,全面提升规划编制、土地供应、不动产权办理等要素保障。",
        "区住建局 区自然资源局",
        "区政务审批局、区农业农村局、涪城生态环境局、区工信局、区商务局、区交通运输局等区级相关部门、园区服务中心",
        "长期坚持",
    ),
    (
        16,
        "二、拓展服务领域,构建增值服务功能板块",
        "拓展诉求服务,助力快响快办",
        "进一步健全“大走访”“早餐汇”、营商环境“面对面”、企业家座谈会、营商环境服务热线等企业诉求全量收集机制,建立健全企业诉求快速响应平台配套机制,及时协调解决重点难点诉求,推动为企业解决难题工作常态化、规范化,实现问题“收集-转办-办理-反馈-回访-销号”全流程闭环、全过程跟踪。",
        "区政务审批局",
        "区级相关部门、园区服务中心、各镇街、各区属国有企业",
        "8月底前",
    ),
    (
        17,
        "二、拓展服务领域,构建增值服务功能板块",
        "拓展政策服务,助力惠企兑现",
        "坚持线上线下一体推进,采取平台线上申报“一键”受理和窗口线下申报“一窗”受理相结合的模式,在线下中心设立惠企政策服务专窗,公布惠企政策事项清单,统一受理线下惠企政策申报,并全部通过“绵企通”平台进行办理,按照“一窗受理、分类流转、部门办理、统一反馈”机制运行。",
        "区政务审批局",
        "区级相关部门、园区服务中心、各区域化营商环境服务中心及企业服务中心",
        "8月底前",
    ),
    (
        18,
        "二、拓展服务领域,构建增值服务功能板块",
        "拓展政策服务,助力惠企兑现",
        "按照“谁出台,谁解读,谁执行,谁解读”的原则提供指导服务和政策解读,编制统一的工作手册、申兑指南模板,确定统一规范的申兑材料,建立便捷查询、精准推送、线上兑付的机制流程。",
        "区政务审批局",
        "区级相关部门",
        "8月底前",
    ),
    (
        19,
        "二、拓展服务领域,构建增值服务功能板块",
        "拓展科创服务,助力新质发展",
        "以科技企业为中心,主动对接国家、省、市战略科技力量和资源,整合科技创新资源,完善科创服务体系,加大科技政策落实力度。",
        "区科技局",
        "园区科技创新部、区工信局、区发改局(区数据局)等区级相关部门、园区服务中心",
        "长期坚持",
    ),
    (
        20,
        "二、拓展服务领域,构建增值服务功能板块",
        "拓展科创服务,助力新质发展",
        "利用大数据、区块链、人工智能、数字人等新技术,加强涉企服务领域的创新应用,鼓励企业深化应用基础研究,支持建设技术创新、产业创新、制造业创新、工程研究、工程技术研究等中心,支持有条件的企业组建面向行业共性技术、前沿引领技术开发的研究院。",
        "区科技局",
        "园区科技创新部、区工信局、区发改局(区数据局)等区级相关部门、园区服务中心",
        "长期坚持",
    ),
    (
        21,
        "二、拓展服务领域,构建增值服务功能板块",
        "拓展科创服务,助力新质发展",
        "引导产业链上下游企业联合科研院所、高校探索组建产业技术创新联盟。",
        "区科技局",
        "园区科技创新部、区工信局、区发改局(区数据局)等区级相关部门、园区服务中心",
        "长期坚持",
    ),
    (
        22,
        "二、拓展服务领域,构建增值服务功能板块",
        "拓展科创服务,助力新质发展",
        "完善科创平台服务功能,完善众创空间+创业苗圃+孵化器+加速器+产业园的“五位一体”科技创新链。",
        "区科技局",
        "园区科技创新部、区工信局、区发改局(区数据局)等区级相关部门、园区服务中心",
        "长期坚持",
    ),
    (
        23,
        "二、拓展服务领域,构建增值服务功能板块",
        "拓展科创服务,助力新质发展",
        "提供专利商标质押融资、专利申报辅导、知识产权培训、维权援助、商业秘密保护等服务,建立完整规范的知识产权管理和保护体系,健全知识产权纠纷处理化解机制。",
        "区市场监管局",
        "园区服务中心、各区域化营商环境服务中心及企业服务中心",
        "8月底前",
    ),
    (
        24,
        "二、拓展服务领域,构建增值服务功能板块",
        "拓展金融服务,助力资金融通",
        "聚焦企业发展各个阶段融资需求,整合银行、保险、证券、基金、政府性融资担保、上市培育等资源,为企业提供精准化个性化金融服务。",
        "区财政局",
        "区税务局、区财政局、园区财政金融部等区级相关部门、企培中心、园区服务中心、区属国有企业",
        "长期坚持",
    ),
    (
        25,
        "二、拓展服务领域,构建增值服务功能板块",
        "拓展金融服务,助力资金融通",
        "配合上级部门梳理集成商业贷款“一类事”场景,上线更多样化、个性化金融服务产品,着力建立广渠道、多层次、可持续、覆盖企业全生命周期的金融增值服务体系。",
        "区财政局",
        "区税务局、区财政局、园区财政金融部等区级相关部门、企培中心、园区服务中心、区属国有企业",
        "8月底前",
    ),
    (
        26,
        "二、拓展服务领域,构建增值服务功能板块",
        "拓展金融服务,助力资金融通",
        "持续深化“银税互动”,扩大纳税信用融资覆盖面,让纳税信用“增值变现”,着力破解民营及小微企业的融资难题。",
        "区税务局",
        "",
        "长期坚持",
    ),
    (
        27,
        "二、拓展服务领域,构建增值服务功能板块",
        "拓展人才服务,助力招才引智",
        "持续推进《涪城区集聚创新人才引领十条措施》,推动人才认定、住房安居、子女就学、配偶随迁、医疗保障、创新创业、居留落户、资金补助等事项“一站式”服务。",
        "区委组织部",
        "区人社局、区住建局、区教体局、区公安分局、区医保局、区卫健局、区科技局、区财政局等区级相关部门、园区服务中心、各镇街",
        "8月底前",
    ),
    (
        28,
        "二、拓展服务领域,构建增值服务功能板块",
        "拓展人才服务,助力招才引智",
        "进一步优化“服务绿卡”,对重点招商项目持卡企业,在就医、子女入学、落户、出入境、购置房产等方面给予便利。",
        "区政务审批局",
        "区经合局、区卫健局、区教体局、区公安分局、区住建局、园区服务中心",
        "长期坚持",
    ),
    (
        29,
        "二、拓展服务领域,构建增值服务功能板块",
        "拓展人才服务,助力招才引智",
        "推动经营主体招工、员工培训、社保办理、职称评聘、劳动纠纷解决、办理退休等服务集成优化。",
        "区人社局",
        "园区服务中心、各镇街",
        "长期坚持",
    ),
    (
        30,
        "二、拓展服务领域,构建增值服务功能板块",
        "拓展人才服务,助力招才引智",
        "加强灵活就业和新就业形态劳动者权益保障服务。",
        "区人社局",
        "园区服务中心、各镇街",
        "长期坚持",
    ),
    (
        31,
        "二、拓展服务领域,构建增值服务功能板块",
        "拓展法治服务,助力权益保障",
        "积极探索“一站式受理、一揽子调处、一条龙服务”的模式,集成政府相关涉法服务职能,拓展公证、调解、法律援助等企业法律服务。",
        "区司法局",
        "区级相关部门、园区服务中心、各镇街",
        "8月底前",
    ),
    (
        32,
        "二、拓展服务领域,构建增值服务功能板块",
        "拓展法治服务,助力权益保障",
        "加强高频涉法风险的行政指导和法律服务,建立健全金融事务、知识产权保护、现代物业治理、行政执法等涉企公共服务领域,开展重大项目专项法律服务行动,重点聚焦企业商业纠纷、企业合同签订和履行、侵权证据保全、知识产权转让和许可等服务需要,为企业提供证据保全、公证提存等服务,推进企业合规从“事后整改”到“全程防控”转变。",
        "区司法局",
        "区级相关部门、园区服务中心、各镇街",
        "8月底前",
    ),
    (
        33,
        "二、拓展服务领域,构建增值服务功能板块",
        "拓展“亲清”服务,助力营商监督",
        "进一步建立健全信息共享机制,区优化营商环境专项监督办公室统筹协调,深入推进清风护航站、营商环境监测点、“码上举报”平台等渠道建设,确保损害营商环境的违纪违规违法问题得到发现和处理,企业合理诉求解决、回应到位。",
        "区纪委监委机关",
        "区级相关部门、园区服务中心、各镇街",
        "长期坚持",
    ),
    (
        34,
        "二、拓展服务领域,构建增值服务功能板块",
        "拓展“亲清”服务,助力营商监督",
        "持续深化干部作风整顿,找准制约优化营商环境的堵点痛点难点,完善联动机制,深化源头治理,形成监督合力,构建“亲清”政商关系。",
        "区纪委监委机关",
        "区级相关部门、园区服务中心、各镇街",
        "长期坚持",
    ),
    (
        35,
        "三、统筹协调推进,构建立体化部门联动机制",
        "建立兜底服务机制",
        "依托“办不成事”反映窗口,在线下企业综合服务中心设立“兜底办”窗口,“对症下药”专治各种办不成的“疑难杂症”,全面承接企业办事过程中遇到的无处受理、无先例、无牵头部门等事项,充分为企业办事保驾护航,全面提升企业的获得感和满意度。对企业反映的诉求实行限时办结,对于简单类能直接回复的诉求事项,立即回复;一般诉求事项视情况限时5-15个工作日内办结;情况复杂的诉求事项或历史遗留问题的处理,在30个工作日内办结,对因特殊情况确实不能按时办结的,承办部门可申请延期,同时须将延期原因和进展情况告知企业。",
        "区政务审批局",
        "区级相关部门、园区服务中心、各区域化营商环境服务中心及企业服务中心",
        "长期坚持",
    ),
    (
        36,
        "三、统筹协调推进,构建立体化部门联动机制",
        "健全网格化服务机制",
        "充分发挥区政务审批局指挥调度作用,横向协同各板块工作专班、“三个一”企业服务专员、本级各部门以及社会资源,划分服务网格,收集区域内企业信息,建立包含企业基本经营情况、存在的困难、未来发展计划等方面的企业信息台账,采取“企业+镇街+行业主管部门”的“1+1+X”工作模式,为企业发展保驾护航。",
        "区政务审批局",
        "区级相关部门、园区服务中心、各镇街",
        "长期坚持",
    ),
    (
        37,
        "三、统筹协调推进,构建立体化部门联动机制",
        "建立全过程闭环服务机制",
        "紧盯企业诉求和项目全过程管理,围绕服务关键环境,进一步建立健全“发现-解决-反馈-回访”管理模式,实现问题受理、转办、办理、督办、反馈、办结等全流程闭环管理。针对久拖未办、疑难复杂、跨部门联动等事项,强化跨部门跨层级集中会商、协同办理,推动清单管理、责任到人、限时办结。加强对问题诉求数据分析研究,实现通过解决一个问题带动破解一类问题、优化一类服务。",
        "区政务审批局",
        "区级相关部门、园区服务中心、各镇街、各区属国有企业",
        "长期坚持",
    ),
]

# The seed's unit names → the demo district's departments (by code; orgs' demo has every unit of seed 001).
UNITS = {
    "区政务审批局": ["ZSJ"],
    "园区服务中心": ["JKQ", "ZDY"],
    "区发改局(区数据局)": ["FGJ"],
    "区经合局": ["JHJ"],
    "区住建局": ["ZJJ"],
    "区农业农村局": ["NYJ"],
    "涪城生态环境局": ["HBJ"],
    "区工信局": ["GXJ"],
    "区自然资源局": ["ZRJ"],
    "区科技局": ["KJJ"],
    "区市场监管局": ["SJJ"],
    "区财政局": ["CZJ"],
    "区税务局": ["SWJ"],
    "区委组织部": ["ZZB"],
    "区人社局": ["RSJ"],
    "区司法局": ["SFJ"],
    "区纪委监委机关": ["JWJ"],
    "区商务局": ["SHJ"],
    "区交通运输局": ["JTJ"],
    "区教体局": ["JTY"],
    "区公安分局": ["GAJ"],
    "区医保局": ["YBJ"],
    "区卫健局": ["WJJ"],
}

# Dated tasks the demo marks done, and the progress of the others (late); long-term tasks reported this month.
DONE = {1, 2, 5, 6, 7, 8, 9, 11, 16, 17}
LATE_PERCENT = {3: 80, 13: 60, 14: 50, 18: 70, 23: 40, 25: 30, 27: 60, 31: 50, 32: 50}
REPORTED = {4, 10, 12, 15, 19, 24, 28, 29, 35, 36, 37}


def units(text: str) -> list[str]:
    """The unit names of a cell: 、 and spaces separate them; "等区级相关部门" closes a list."""
    return [u for u in re.split(r"[、\s]+", text.replace("等区级相关部门", "、区级相关部门")) if u]


def department_ids(text: str, codes: dict[str, Department]) -> list[int]:
    return [codes[code].pk for name in units(text) for code in UNITS.get(name, []) if code in codes]


def plan_year(today: dt.date) -> int:
    """The latest year whose June has ended: the plan's "6月底前" has passed, as it had when the list was due."""
    return today.year if today > dt.date(today.year, 6, 30) else today.year - 1


def due_on(deadline: str, year: int) -> dt.date | None:
    match = re.fullmatch(r"(\d+)月底前", deadline)
    if match is None:
        return None
    month = int(match.group(1))
    return (dt.date(year, month, 1) + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)


def seed_demo(rng: random.Random) -> str:
    """This part of `manage.py seed_demo` (core.hooks.DEMO_SEED, order 75)."""
    admin = User.objects.get(username="demo-admin")
    codes = Department.objects.in_bulk(field_name="code")
    today = timezone.localdate()
    year = plan_year(today)
    last_month_end = today.replace(day=1) - dt.timedelta(days=1)
    for number, area, title, content, lead, responsible, deadline in TASKS:
        leads = department_ids(lead, codes) or [codes["ZSJ"].pk]
        day = due_on(deadline, year)
        task = reform_services.reform_task_create(
            actor=admin,
            number=number,
            area=area,
            title=title,
            content=content,
            lead_department_ids=leads,
            responsible_department_ids=[d for d in department_ids(responsible, codes) if d not in leads],
            due_on=day,
            long_term=day is None,
            lead_units=lead,
            responsible_units=responsible,
            deadline_text=deadline,
            # Long-term tasks have been reporting since the plan: last month's report was due at its end.
            today=last_month_end,
        )
        if number in DONE and day is not None:
            for percent, back in ((50, 40), (100, rng.randint(2, 10))):
                reform_services.reform_progress_report(
                    actor=admin,
                    task_id=task.pk,
                    percent=percent,
                    note="已按方案完成" if percent == 100 else "已制定工作方案，正在推进",
                    today=day - dt.timedelta(days=back),
                )
        elif number in LATE_PERCENT and day is not None:
            reform_services.reform_progress_report(
                actor=admin,
                task_id=task.pk,
                percent=LATE_PERCENT[number],
                note="部分工作仍在推进，需协调相关单位",
                today=day - dt.timedelta(days=20),
            )
        elif number in REPORTED:
            reform_services.reform_progress_report(
                actor=admin, task_id=task.pk, percent=100, note="本月工作按计划推进", today=today
            )
    return ""


# One class of problems (一类问题) for the demo: last month's alike demands, recorded with its measure, and one
# alike demand since.
ALIKE = [
    "食品经营许可证办理时要求重复提交营业执照复印件",
    "申请食品经营许可证需要重复提供营业执照材料",
    "办理食品经营许可，窗口又让我们交一遍执照复印件",
    "食品经营许可证申请还要再交营业执照复印件",
    "食品经营许可延续时又要求提供营业执照复印件",
]


def seed_demo_classes(rng: random.Random) -> str:
    """This part of `manage.py seed_demo` (order 76): needs the demo enterprises and the market department."""
    from qifu.demands import services as demands
    from qifu.demands.models import Demand
    from qifu.demands.schemas import DemandIn
    from qifu.enterprises.models import Enterprise
    from qifu.supervision import problem_classes

    dispatcher = User.objects.get(username="demo-dispatcher")
    market = Department.objects.get(code="SJJ")
    enterprises = list(Enterprise.objects.order_by("pk")[:5])
    today = timezone.localdate()
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=10)
    made = []
    for i, text in enumerate(ALIKE):
        demand = demands.demand_register(
            actor=dispatcher,
            payload=DemandIn.model_validate(
                {
                    "enterprise_id": enterprises[i % len(enterprises)].pk,
                    "kind": "need",
                    "channel": "hotline" if i % 2 else "window",
                    "category": "market",
                    "title": text,
                    "content": text + "，希望能通过电子证照共享，不再重复提交。",
                }
            ),
        )
        demands.demand_assign(actor=dispatcher, demand_id=demand.pk, department_id=market.pk)
        when = dt.datetime.combine(
            last_month + dt.timedelta(days=i), dt.time(10, 0), tzinfo=timezone.get_current_timezone()
        )
        Demand.objects.filter(pk=demand.pk).update(created_at=when)  # demo only: last month's demands
        made.append(demand.pk)
    problem_classes.problem_class_create(
        actor=User.objects.get(username="demo-admin"),
        month=last_month,
        category="market",
        demand_ids=made[:4],
        title="食品经营许可重复提交营业执照",
        root_cause="许可窗口尚未调用电子证照库，企业办理食品经营许可时仍被要求提交营业执照复印件。",
        measure_kind="deferrable",
        measure="营业执照改为调用电子证照，并纳入食品经营许可的容缺受理目录。",
        measure_on=today.replace(day=1),
    )
    return ""
