"""The demo district's organisations for `manage.py seed_demo`: the centre, every unit that seed 001's attachment 1
lists (under the demo district's names, 揭东区; its 区政务审批局 and 区数据局 are the 政务服务数据管理局 here), the fire
brigade, the two park committees and the utilities (power, water, gas, telecoms), each with its duties toward
enterprises; two parks, twelve towns, and grids with their grid officers."""

from __future__ import annotations

import random

from django.contrib.auth import get_user_model

from qifu.core.choices import Role
from qifu.orgs.choices import DepartmentKind
from qifu.orgs.models import Department, Grid, Park, Town

# (code, name, short name, kind, duties toward enterprises), in the order the directory lists them: the centre,
# the district's departments (seed 001, attachment 1, under the demo district's names), the park committees, then
# the utilities.
DEPARTMENTS: list[tuple[str, str, str, str, str]] = [
    (
        "ZSJ",
        "揭东区政务服务数据管理局",
        "区政数局",
        DepartmentKind.CENTER,
        "统筹区企业服务中心和政务服务大厅，负责综合受理窗口、帮办代办、“办不成事”反映窗口和兜底办。"
        "接收12345热线和各渠道的企业诉求，分拨到承办部门并督办、回访、销号。"
        "负责惠企政策一窗受理、“高效办成一件事”和政务服务网、数据共享，没有牵头部门的事项由本局兜底协调。",
    ),
    (
        "JWJ",
        "揭东区纪委监委",
        "区纪委监委",
        DepartmentKind.DEPARTMENT,
        "受理损害营商环境问题的举报，包括公职人员吃拿卡要、推诿扯皮、不作为乱作为、以权谋私等。"
        "通过清风护航站和“码上举报”收集线索，对营商环境问题开展专项监督，推动构建亲清政商关系。",
    ),
    (
        "ZZB",
        "中共揭阳市揭东区委组织部",
        "区委组织部",
        DepartmentKind.DEPARTMENT,
        "牵头人才工作，负责高层次人才认定、人才服务绿卡和人才引进政策。"
        "协调人才安居、子女就学、配偶随迁、落户等“一站式”服务，指导非公有制企业党建工作。",
    ),
    (
        "FGJ",
        "揭东区发展和改革局",
        "区发改局",
        DepartmentKind.DEPARTMENT,
        "负责企业投资项目的备案、核准和政府投资项目审批，节能审查，重点项目的统筹和服务专班。"
        "负责社会信用体系建设，提供信用查询、信用体检和行政处罚信息信用修复指导。"
        "负责政府定价的价格管理和涉企收费监督，牵头优化营商环境工作。",
    ),
    (
        "GAJ",
        "揭阳市公安局揭东分局",
        "揭东公安分局",
        DepartmentKind.DEPARTMENT,
        "负责印章刻制备案、户籍和人才落户、出入境证件、外国人居留许可，以及旅馆业等特种行业许可。"
        "负责剧毒和易制爆危险化学品购买运输、民用爆炸物品的公安管理，保安服务管理，企业周边治安。"
        "交警大队负责货车通行证、道路交通秩序和企业车辆的交通管理业务。",
    ),
    (
        "JTJ",
        "揭东区交通运输局",
        "区交通运输局",
        DepartmentKind.DEPARTMENT,
        "负责道路运输经营许可、道路运输证（营运证）、从业资格和货运、客运、驾培、机动车维修的行业管理。"
        "负责公路大件运输（超限运输）许可、涉路施工许可，以及农村公路建设养护和公交线路站点设置。",
    ),
    (
        "SWJ",
        "国家税务总局揭阳市揭东区税务局",
        "区税务局",
        DepartmentKind.DEPARTMENT,
        "负责新办纳税人信息确认、发票领用和数电发票、纳税申报、税收优惠和研发费用加计扣除。"
        "办理增值税留抵退税、出口退（免）税、清税证明，负责社会保险费征收、纳税信用评价和“银税互动”。",
    ),
    (
        "NYJ",
        "揭东区农业农村局",
        "区农业农村局",
        DepartmentKind.DEPARTMENT,
        "负责农业龙头企业、农民专业合作社、家庭农场的培育扶持和农业项目补贴申报。"
        "负责农药、兽药、饲料经营许可，动物防疫条件合格证，种子生产经营，农产品质量安全监管。"
        "会同自然资源部门办理设施农业用地备案。",
    ),
    (
        "GXJ",
        "揭东区工业和信息化局",
        "区工信局",
        DepartmentKind.DEPARTMENT,
        "负责工业企业技术改造、数字化转型、专精特新和规上工业企业培育，以及相应奖补的申报。"
        "负责中小企业服务和清理拖欠中小企业账款，协调工业企业用电用能等生产要素和5G通信基础设施建设。",
    ),
    (
        "SFJ",
        "揭东区司法局",
        "区司法局",
        DepartmentKind.DEPARTMENT,
        "提供公证、法律援助、人民调解和公共法律服务，组织律师为企业做法治体检和合规指导。"
        "负责行政复议和涉企行政执法监督，受理企业对行政执法行为的投诉。",
    ),
    (
        "RSJ",
        "揭东区人力资源和社会保障局",
        "区人社局",
        DepartmentKind.DEPARTMENT,
        "负责企业招聘用工、就业补贴、稳岗返还和职业技能培训补贴，社会保险参保登记、转移接续、工伤认定和退休办理。"
        "负责职称评审和技能人才评价，劳动合同指导、劳动人事争议仲裁，劳动保障监察受理欠薪投诉。",
    ),
    (
        "ZJJ",
        "揭东区住房和城乡建设局",
        "区住建局",
        DepartmentKind.DEPARTMENT,
        "负责建筑工程施工许可、建设工程消防设计审查和消防验收（备案）、竣工验收备案，建筑业企业资质。"
        "负责施工安全和质量监督、污水排入排水管网许可、商品房预售许可、物业管理，以及燃气行业管理和农民工工资保证金。",
    ),
    (
        "HBJ",
        "揭阳市生态环境局揭东分局",
        "生态环境分局",
        DepartmentKind.DEPARTMENT,
        "负责建设项目环境影响评价审批和登记表备案、排污许可、危险废物管理和转移。"
        "受理废气、废水、噪声等环境污染投诉并开展环境执法，指导企业环保整改和环境信用修复。",
    ),
    (
        "ZRJ",
        "揭阳市自然资源局揭东分局",
        "自然资源分局",
        DepartmentKind.DEPARTMENT,
        "负责国土空间规划、建设项目用地预审与选址、建设用地规划许可证和建设工程规划许可证。"
        "负责土地出让和供应、不动产登记（不动产权证书、抵押登记）、测绘和林地使用审核。",
    ),
    (
        "CZJ",
        "揭东区财政局",
        "区财政局",
        DepartmentKind.DEPARTMENT,
        "负责惠企奖补资金的拨付、财政贴息、政府性融资担保和应急转贷，协调金融机构为企业融资。"
        "负责政府采购监督管理和政府采购投诉处理，以及政府采购合同融资。",
    ),
    (
        "WJJ",
        "揭东区卫生健康局",
        "区卫健局",
        DepartmentKind.DEPARTMENT,
        "负责公共场所卫生许可、生活饮用水卫生许可、职业病防治和用人单位职业卫生监督。"
        "负责医疗机构设置和执业登记、放射诊疗许可、母婴设施和托育机构备案。",
    ),
    (
        "KJJ",
        "揭东区科学技术局",
        "区科技局",
        DepartmentKind.DEPARTMENT,
        "负责高新技术企业认定的组织申报、科技型中小企业评价入库、研发机构和科技项目的申报。"
        "负责科技企业孵化器、众创空间的认定扶持，技术合同登记和科技成果转化，以及科技创新奖补兑现。"
        "受理外国人来华工作许可，组织产学研对接。",
    ),
    (
        "SJJ",
        "揭东区市场监督管理局",
        "区市监局",
        DepartmentKind.DEPARTMENT,
        "负责企业和个体工商户的设立、变更、注销登记和营业执照，经营异常名录和信用修复。"
        "负责食品经营许可、特种设备、计量、工业产品生产许可、产品质量、广告和价格监管，受理消费投诉。"
        "负责商标专利的知识产权保护、质押融资和维权援助。",
    ),
    (
        "SHJ",
        "揭东区商务局",
        "区商务局",
        DepartmentKind.DEPARTMENT,
        "负责外贸和外商投资企业服务，外贸稳增长、出口信用保险和展会补贴，以及外资企业的投诉协调。"
        "负责商贸流通、电子商务、促消费活动，单用途商业预付卡、报废机动车回收、二手车交易和成品油流通的管理。",
    ),
    (
        "JTY",
        "揭东区教育和体育局",
        "区教体局",
        DepartmentKind.DEPARTMENT,
        "负责民办学校、幼儿园和校外培训机构的审批与监管，企业人才和员工子女入学的协调。"
        "负责体育场馆和高危险性体育项目经营许可，以及校企合作、职业教育对接。",
    ),
    (
        "YBJ",
        "揭东区医疗保障局",
        "区医保局",
        DepartmentKind.DEPARTMENT,
        "负责职工医保和生育保险的参保、待遇支付，生育津贴和异地就医备案。"
        "负责医保定点医药机构的申请和协议管理，医保基金使用监管和药品耗材集中采购。",
    ),
    (
        "JHJ",
        "揭东区经济合作局",
        "区经合局",
        DepartmentKind.DEPARTMENT,
        "负责招商引资和投资咨询，落实“一名区级领导、一个责任部门、一名项目专员”的项目服务机制。"
        "跟踪签约项目的落地、开工和投产，协调外来投资企业在落户过程中遇到的问题。",
    ),
    (
        "ZFJ",
        "揭东区综合行政执法局",
        "区综合执法局",
        DepartmentKind.DEPARTMENT,
        "负责户外广告和门头招牌设置、城市道路临时占用和挖掘、建筑垃圾处置核准。"
        "负责市容环境卫生、占道经营、餐饮油烟和违法建设的城市管理执法。",
    ),
    (
        "YJJ",
        "揭东区应急管理局",
        "区应急管理局",
        DepartmentKind.DEPARTMENT,
        "负责危险化学品经营许可、烟花爆竹经营许可和工贸企业安全生产监督检查。"
        "指导企业安全生产标准化、主要负责人和安全管理人员安全培训、应急预案备案，处理生产安全事故和安全隐患举报。",
    ),
    (
        "WGL",
        "揭东区文化广电旅游局",
        "区文广旅局",
        DepartmentKind.DEPARTMENT,
        "负责娱乐场所、互联网上网服务场所、营业性演出、出版物零售和印刷经营的许可与监管。"
        "负责旅行社、A级旅游景区和乡村旅游的服务扶持，以及文旅企业的政策申报。",
    ),
    (
        "MZJ",
        "揭东区民政局",
        "区民政局",
        DepartmentKind.DEPARTMENT,
        "负责商会、行业协会、民办非企业单位等社会组织的成立、变更、注销登记和年度检查。"
        "负责养老机构备案和扶持、殡葬服务管理、地名命名和标准地址管理。",
    ),
    (
        "XFJ",
        "揭东区消防救援大队",
        "区消防救援大队",
        DepartmentKind.DEPARTMENT,
        "负责公众聚集场所投入使用、营业前消防安全检查（告知承诺），消防监督检查和火灾隐患举报投诉。"
        "指导企业落实消防安全主体责任，开展消防安全培训和演练。",
    ),
    (
        "JKQ",
        "揭东经济开发区管理委员会",
        "经开区管委会",
        DepartmentKind.PARK_COMMITTEE,
        "负责经开区内企业的入园落地、标准厂房租赁和园区道路、路灯、排水等配套设施。"
        "设企业服务站，每周三上午开展企业服务日，收集园区企业诉求并协调区直部门解决。",
    ),
    (
        "ZDY",
        "中德金属生态城（中德产业园）管理委员会",
        "中德产业园管委会",
        DepartmentKind.PARK_COMMITTEE,
        "负责中德产业园内企业的入园落地、厂房和用地安排，园区基础设施和公共配套。"
        "每周三下午开展企业服务日，为园区金属加工企业提供帮办代办，收集并协调解决企业诉求。",
    ),
    (
        "GDJ",
        "揭东供电局",
        "揭东供电局",
        DepartmentKind.UTILITY,
        "负责企业用电报装、增容、减容和变更，电费电价咨询、电费发票和计量装置校验。"
        "负责停电抢修、计划停电通知和供电质量问题，提供“获得电力”上门服务。",
    ),
    (
        "SW",
        "粤海水务揭东供水公司",
        "粤海水务",
        DepartmentKind.UTILITY,
        "负责企业用水报装、水表增容和过户，水费缴纳和用水性质变更。负责供水管网抢修、停水通知、水压和水质问题的处理。",
    ),
    (
        "RQG",
        "揭东燃气有限公司",
        "燃气公司",
        DepartmentKind.UTILITY,
        "负责工商业用户管道天然气报装、接驳、改管和过户，燃气费和气价咨询。"
        "负责燃气泄漏抢险、停气通知和用气设施的入户安全检查。",
    ),
    (
        "DX",
        "中国电信揭东分公司",
        "揭东电信",
        DepartmentKind.UTILITY,
        "负责企业电信宽带、专线、固定电话的开通、迁移和故障维修。"
        "为园区和企业提供电信5G网络覆盖、云服务和信号问题处理。",
    ),
    (
        "YD",
        "中国移动揭东分公司",
        "揭东移动",
        DepartmentKind.UTILITY,
        "负责企业移动宽带、集团专线和移动电话业务的开通与维修。处理厂区移动信号弱、5G基站覆盖和企业物联网卡等问题。",
    ),
    (
        "LT",
        "中国联通揭东分公司",
        "揭东联通",
        DepartmentKind.UTILITY,
        "负责企业联通宽带、互联网专线和固定电话的开通、迁移、故障维修。"
        "处理联通网络信号、资费和企业数字化产品的服务问题。",
    ),
]
# The units of the first demo drew their phone numbers from the shared generator in this order; they still do, so
# that every later seed draws the same numbers as before. The units added since draw from their own generator.
SHARED_DRAWS = ["ZSJ", "SJJ", "SWJ", "FGJ", "ZJJ", "NYJ", "HBJ", "ZRJ", "RSJ", "SFJ", "KJJ", "CZJ", "ZZB", "JHJ", "GXJ"]
SHARED_DRAWS += ["GDJ", "SW", "JKQ", "ZDY"]
PARKS = [("JKQ", "经开区", "JKQ", "揭东区经济开发区"), ("ZDY", "中德产业园", "ZDY", "揭东区中德金属生态城")]
TOWNS = [
    "曲溪街道",
    "磐东街道",
    "云路镇",
    "玉窖镇",
    "锡场镇",
    "新亨镇",
    "玉湖镇",
    "埔田镇",
    "霖磐镇",
    "月城镇",
    "白塔镇",
    "龙尾镇",
]


def seed_demo_units(rng: random.Random) -> str:
    phones = {code: f"0663-32{rng.randint(10000, 99999)}" for code in SHARED_DRAWS}
    departments = {}
    for order, (code, name, short, kind, duties) in enumerate(DEPARTMENTS):
        phone = phones.get(code) or f"0663-32{random.Random(code).randint(10000, 99999)}"
        departments[code] = Department.objects.create(
            code=code, name=name, short_name=short, kind=kind, duties=duties, sort_order=order, phone=phone
        )
    for code, name, committee, addr in PARKS:
        Park.objects.create(code=code, name=name, committee=departments[committee], address=addr)
    for i, name in enumerate(TOWNS):
        Town.objects.create(code=f"T{i + 1:02d}", name=name)
    return ""


def seed_demo_grids(rng: random.Random) -> str:
    """Two grids in each park and one in each of six towns, each with one of the demo officers."""
    officers = list(get_user_model().objects.filter(role=Role.SERVICE_OFFICER).order_by("pk"))
    for park in Park.objects.order_by("pk"):
        for n in (1, 2):
            Grid.objects.create(
                code=f"{park.code}-G{n}", name=f"{park.name}第{n}网格", park=park, officer=rng.choice(officers)
            )
    for town in Town.objects.order_by("pk")[:6]:
        Grid.objects.create(code=f"{town.code}-G1", name=f"{town.name}网格", town=town, officer=rng.choice(officers))
    return ""
