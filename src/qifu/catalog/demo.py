"""The demo catalogue of `seed_demo`: the district's common items for enterprises with their guides, materials
and review checkpoints (审查要点), three 一件事 bundles and the value-added service list (增值化服务清单).

Rows are written with the ORM, but every version is published and every item listed through the services,
so the audit chain records them as a department would have. Running it again adds nothing twice.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.conf import settings

from qifu.accounts.models import User
from qifu.catalog import services
from qifu.catalog.choices import ItemChannel, ValueAddedKind, VersionStatus
from qifu.catalog.models import (
    Bundle,
    ItemVersion,
    MaterialRequirement,
    ReviewCheckpoint,
    ServiceItem,
    ValueAddedService,
)
from qifu.orgs.models import Department


@dataclass(frozen=True)
class Material:
    name: str
    copies: str
    note: str
    checks: tuple[str, ...]
    required: bool = True
    deferrable: bool = False


@dataclass(frozen=True)
class Item:
    code: str
    department: str
    name: str
    legal_days: int
    promised_days: int
    basis: str
    conditions: str
    materials: tuple[Material, ...]
    process: str = ""
    fees: str = "不收费"
    channel: str = ItemChannel.BOTH
    deferral_allowed: bool = False
    joint: bool = False
    location: str = ""


# Materials several items ask for, under the same name, so that a bundle (一件事) asks for each once.
LICENSE = Material(
    "营业执照",
    "复印件1份（现场核验原件）",
    "复印件加盖单位公章。与企业设立登记一并申请的，以登记机关核发的营业执照为准，无需另行提交。",
    (
        "营业执照在有效期内且与申请人名称一致",
        "统一社会信用代码与申请表填写一致",
        "复印件清晰完整并加盖单位公章",
    ),
)
LEGAL_REP_ID = Material(
    "法定代表人身份证明",
    "居民身份证复印件1份（现场核验原件）",
    "身份证正反面复印在同一页；外籍人员提交护照及中文译本。",
    (
        "身份证件在有效期内",
        "姓名、证件号码与营业执照（或申请书）登记的法定代表人一致",
        "复印件由法定代表人签字确认",
    ),
)
PREMISES = Material(
    "场所使用证明",
    "复印件1份",
    "自有房产提交不动产权证书；租赁的提交租赁合同及出租方产权证明；暂无产权证的，提交村（居）委会或园区管委会出具的场所使用证明。",
    (
        "场所地址与申请地址一致，具体到门牌号",
        "租赁合同在有效期内，出租方为产权人或持有转租授权",
        "房屋规划用途与拟从事的经营活动相符（住宅不得用于餐饮等经营）",
    ),
)
AGENT = Material(
    "经办人身份证明及授权委托书",
    "授权委托书原件1份，身份证复印件1份",
    "法定代表人亲自办理的无需提交；委托中介机构代办的，另附机构营业执照复印件。",
    (
        "授权委托书载明委托事项、权限和期限",
        "法定代表人签字并加盖公章",
        "经办人身份证件在有效期内，与委托书所列人员一致",
    ),
)
SITE_PHOTOS = Material(
    "经营场所照片",
    "彩色照片各1张（可提交电子版）",
    "门头、操作（经营）区、仓储区各1张，能看清设施设备。纳入容缺受理的，可在现场核查前补交。",
    ("照片能清楚反映门头名称和场所内部布局", "照片中的场所与申请地址一致"),
    deferrable=True,
)

WINDOW_PROCESS = (
    "1. 申请：通过广东政务服务网、“粤商通”在线提交，或到区政务服务中心企业服务专区综合受理窗口提交材料；"
    "需要帮办代办的，可向窗口或助企服务专员提出，服务全程免费。\n"
    "2. 受理：窗口对照审查要点当场进行形式审查，材料齐全、符合法定形式的予以受理并出具受理通知书；"
    "材料不齐全或不符合法定形式的，当场一次性告知需要补正的全部内容。\n"
    "3. 审查：{review}\n"
    "4. 决定：在承诺时限内作出决定；不予许可的，书面说明理由并告知申请复议或提起诉讼的权利。\n"
    "5. 出件：办理结果在统一出件窗口领取，也可选择政务快递免费寄递。"
)
UTILITY_PROCESS = (
    "1. 申请：到区政务服务中心水电气网联合报装窗口，或通过“粤商通”、供水供电企业网上营业厅提交申请。\n"
    "2. 受理：当场受理，并告知现场勘查时间。\n"
    "3. 勘查：{review}\n"
    "4. 施工：外线工程由{provider}负责实施，涉及占道挖掘的，由联合报装窗口并联办理相关审批。\n"
    "5. 通{what}：验收合格后装表通{what}，办理结果通过短信告知。"
)


DEFAULT_LOCATION = "区政务服务中心二楼企业服务专区综合受理窗口"


def _process(review: str) -> str:
    return WINDOW_PROCESS.format(review=review)


ITEMS: list[Item] = [
    Item(
        code="JD-SJJ-001",
        department="SJJ",
        name="企业设立登记",
        legal_days=3,
        promised_days=1,
        basis="《中华人民共和国公司法》第二十九条至第三十三条\n"
        "《中华人民共和国市场主体登记管理条例》第三条、第十六条至第十九条\n"
        "《中华人民共和国市场主体登记管理条例实施细则》",
        conditions="1. 企业名称已自主申报，符合《企业名称登记管理规定》；\n"
        "2. 有符合公司章程规定的股东认缴出资，出资方式符合法律规定；\n"
        "3. 有公司住所（经营场所）；\n"
        "4. 法定代表人、董事、监事、高级管理人员不存在《公司法》第一百七十八条规定的不得担任的情形。",
        process=_process("登记机关对申请材料进行审查，材料齐全、符合法定形式的当场或在承诺时限内予以登记。"),
        materials=(
            Material(
                "公司登记（备案）申请书",
                "原件1份",
                "通过广东省企业开办“一网通办”平台填写后打印，或由窗口帮办人员协助填写。",
                ("申请书各栏目填写完整，无漏项", "法定代表人签字", "经营范围使用规范表述"),
            ),
            Material(
                "公司章程",
                "原件1份",
                "可使用窗口提供的章程示范文本。",
                ("全体股东签字（自然人）或盖章（法人股东）", "注册资本、出资方式和出资期限符合《公司法》规定"),
            ),
            Material(
                "股东的主体资格证明或自然人身份证明",
                "复印件1份（现场核验原件）",
                "法人股东提交营业执照复印件，自然人股东提交身份证复印件。",
                ("股东名称（姓名）与章程记载一致", "证件在有效期内"),
            ),
            LEGAL_REP_ID,
            PREMISES,
            AGENT,
        ),
    ),
    Item(
        code="JD-SJJ-002",
        department="SJJ",
        name="企业名称变更登记",
        legal_days=3,
        promised_days=1,
        basis="《中华人民共和国市场主体登记管理条例》第二十四条\n"
        "《企业名称登记管理规定》第十八条\n"
        "《中华人民共和国市场主体登记管理条例实施细则》",
        conditions="1. 新名称已自主申报，不与同一登记机关已登记的同行业企业名称相同；\n"
        "2. 公司已依法作出变更名称的决议并相应修改章程；\n"
        "3. 应当自作出变更决议之日起30日内申请变更登记。",
        process=_process("登记机关审查变更决议和章程修正案，符合规定的换发营业执照。"),
        materials=(
            Material(
                "公司变更登记申请书",
                "原件1份",
                "勾选“名称变更”，填写变更前后名称。",
                ("变更前后名称填写准确", "法定代表人签字并加盖公章"),
            ),
            Material(
                "股东会关于变更名称的决议",
                "原件1份",
                "有限责任公司由代表三分之二以上表决权的股东签署。",
                ("决议内容包含变更后的企业名称", "签署的表决权比例符合章程规定"),
            ),
            Material(
                "章程修正案",
                "原件1份",
                "也可提交修改后的公司章程全文。",
                ("修正内容与决议一致", "法定代表人签字并加盖公章"),
            ),
            LICENSE,
            LEGAL_REP_ID,
            AGENT,
        ),
    ),
    Item(
        code="JD-SJJ-003",
        department="SJJ",
        name="企业注销登记",
        legal_days=3,
        promised_days=1,
        basis="《中华人民共和国公司法》第二百三十二条至第二百四十条\n"
        "《中华人民共和国市场主体登记管理条例》第三十一条至第三十三条\n"
        "《中华人民共和国市场主体登记管理条例实施细则》",
        conditions="1. 已依法完成清算，清算组已通知债权人并在国家企业信用信息公示系统公告，公告期满；\n"
        "2. 已结清税款、社会保险费等，取得清税证明（已实现信息共享的无需提交）；\n"
        "3. 适用简易注销的，简易注销公示期（20日）届满且无异议。",
        process=_process("登记机关审查清算报告和清税信息，符合规定的予以注销登记并收缴营业执照。"),
        materials=(
            Material(
                "注销登记申请书",
                "原件1份",
                "适用简易注销的，同时提交全体投资人承诺书。",
                ("注销原因和清算情况填写完整", "法定代表人或清算组负责人签字"),
            ),
            Material(
                "清算报告",
                "原件1份",
                "经股东会确认；人民法院组织清算的，提交法院裁定文书。",
                ("清算报告经全体股东或股东会确认并签署", "债权债务已清理完毕或已作出妥善安排"),
            ),
            Material(
                "清税证明",
                "原件1份",
                "已通过部门信息共享获取的无需提交。",
                ("清税证明由主管税务机关出具且企业名称一致",),
            ),
            LICENSE,
            LEGAL_REP_ID,
            AGENT,
        ),
    ),
    Item(
        code="JD-SJJ-004",
        department="SJJ",
        name="食品经营许可",
        legal_days=10,
        promised_days=5,
        deferral_allowed=True,
        basis="《中华人民共和国食品安全法》第三十五条\n《食品经营许可和备案管理办法》（国家市场监督管理总局令第78号）",
        conditions="1. 具有与经营的食品品种、数量相适应的经营场所，保持场所环境整洁，并与有毒、有害场所以及其他污染源"
        "保持规定的距离；\n"
        "2. 具有与经营的食品品种、数量相适应的经营设备或者设施；\n"
        "3. 有专职或者兼职的食品安全管理人员和保证食品安全的规章制度；\n"
        "4. 具有合理的设备布局和工艺流程，防止待加工食品与直接入口食品、原料与成品交叉污染。",
        process=_process("市场监管部门对申请材料进行审查，需要现场核查的，在受理后安排核查人员到经营场所核查。"),
        materials=(
            Material(
                "食品经营许可申请书",
                "原件1份",
                "经营项目按“食品销售”“餐饮服务”等类别据实勾选。",
                ("经营项目与经营场所、设备设施相匹配", "法定代表人签字并加盖公章"),
            ),
            LICENSE,
            LEGAL_REP_ID,
            PREMISES,
            Material(
                "主要设备设施布局及操作流程",
                "原件1份",
                "标明加工操作区、清洗消毒区、仓储区位置，以及原料、成品的流向。",
                ("布局图标明各功能区名称和面积", "生熟分开，流程不存在交叉污染"),
            ),
            Material(
                "食品安全管理制度",
                "原件1份",
                "含从业人员健康管理、进货查验记录、食品安全自查等制度。",
                ("制度文本包含进货查验和从业人员健康管理内容", "明确食品安全管理人员姓名"),
            ),
            SITE_PHOTOS,
            Material(
                "从业人员健康证明",
                "复印件1份",
                "接触直接入口食品的从业人员均须持有有效健康证明；纳入容缺受理的，可在承诺期限内补交。",
                ("健康证明在有效期内", "人员姓名与从业人员名单一致"),
                deferrable=True,
            ),
        ),
    ),
    Item(
        code="JD-SJJ-005",
        department="SJJ",
        name="公共场所卫生许可",
        legal_days=20,
        promised_days=5,
        basis="《公共场所卫生管理条例》第八条\n《公共场所卫生管理条例实施细则》第二十二条、第二十三条",
        conditions="1. 适用于宾馆、旅店、美容美发、沐浴、游泳场（馆）等公共场所；饭馆、咖啡馆、酒吧、茶座已不再办理"
        "公共场所卫生许可，由食品经营许可一并管理；\n"
        "2. 场所选址、布局和卫生设施符合卫生标准和规范要求；\n"
        "3. 经卫生检测或评价，空气、水质、用品用具等符合国家卫生标准；\n"
        "4. 建立卫生管理制度，配备专（兼）职卫生管理人员。",
        process=_process("审查部门对申请材料进行审查，并在受理后组织现场审核。"),
        materials=(
            Material(
                "公共场所卫生许可申请表",
                "原件1份",
                "据实填写经营项目、场所面积和从业人员数。",
                ("经营项目属于公共场所卫生许可范围", "法定代表人签字并加盖公章"),
            ),
            LICENSE,
            LEGAL_REP_ID,
            PREMISES,
            Material(
                "场所平面图和卫生设施布局图",
                "原件1份",
                "含地址方位示意图、平面图和卫生设施平面布局图。",
                ("标明消毒间、布草间等卫生设施位置", "比例和面积标注清楚"),
            ),
            Material(
                "公共场所卫生检测或评价报告",
                "原件1份",
                "由具备资质的检测机构出具，检测日期在一年以内。",
                ("检测机构具有相应资质", "检测项目齐全且结论为合格"),
            ),
        ),
    ),
    Item(
        code="JD-ZRJ-001",
        department="ZRJ",
        name="建设工程规划许可证核发",
        legal_days=20,
        promised_days=10,
        basis="《中华人民共和国城乡规划法》第四十条\n《广东省城乡规划条例》",
        conditions="1. 已依法取得建设用地的土地使用权（不动产权证书或用地批准文件）；\n"
        "2. 建设工程设计方案符合控制性详细规划和规划条件；\n"
        "3. 需要编制修建性详细规划的，修建性详细规划已经审定。",
        process=_process("自然资源部门审查设计方案，必要时进行批前公示；公示时间不计入办结时限。"),
        materials=(
            Material(
                "建设工程规划许可申请表",
                "原件1份",
                "建设规模、建筑面积等指标与设计方案一致。",
                ("申请单位与用地单位一致", "技术经济指标与设计方案一致"),
            ),
            LICENSE,
            Material(
                "不动产权证书或建设用地批准文件",
                "复印件1份（现场核验原件）",
                "以出让方式取得的，附国有建设用地使用权出让合同。",
                ("用地单位与申请单位一致", "用地性质和面积与设计方案相符"),
            ),
            Material(
                "建设工程设计方案",
                "纸质文本2套及电子文件1份",
                "含总平面图、各层平面图、立面图、剖面图及技术经济指标表，电子文件为CAD格式。",
                ("容积率、建筑密度、绿地率、建筑高度符合规划条件", "设计单位盖章并由注册建筑师签字"),
            ),
            AGENT,
        ),
    ),
    Item(
        code="JD-ZJJ-001",
        department="ZJJ",
        name="建筑工程施工许可证核发",
        legal_days=7,
        promised_days=3,
        deferral_allowed=True,
        basis="《中华人民共和国建筑法》第七条、第八条\n"
        "《建筑工程施工许可管理办法》（住房和城乡建设部令第18号，2021年修正）",
        conditions="1. 依法应当办理用地批准手续的，已办理；\n"
        "2. 已取得建设工程规划许可证；\n"
        "3. 施工场地已基本具备施工条件，需要征收房屋的，其进度符合施工要求；\n"
        "4. 已依法确定施工企业；\n"
        "5. 有满足施工需要的资金安排、施工图纸及技术资料，施工图设计文件已按规定审查合格；\n"
        "6. 有保证工程质量和安全的具体措施。",
        process=_process("住建部门对申请材料进行审查，对施工现场条件有疑问的，可组织现场踏勘。"),
        materials=(
            Material(
                "建筑工程施工许可证申请表",
                "原件1份",
                "通过广东省工程建设项目审批管理系统在线填报后打印。",
                ("建设单位、施工单位、监理单位信息完整", "建设单位盖章，项目负责人签字"),
            ),
            LICENSE,
            Material(
                "建设工程规划许可证",
                "复印件1份",
                "规划许可证号在申请表中填写即可，已共享的无需提交。",
                ("规划许可证在有效期内", "建设规模与申请施工许可的范围一致"),
            ),
            Material(
                "中标通知书及施工合同",
                "复印件各1份",
                "依法不需招标的，提交直接发包的相关证明。",
                ("施工企业具备相应资质等级", "合同双方签字盖章，工程范围与申请一致"),
            ),
            Material(
                "施工图设计文件审查合格书",
                "复印件1份",
                "实行告知承诺制审查的，提交施工图审查承诺书。",
                ("审查合格书载明的项目名称与申请一致", "审查机构盖章"),
            ),
            Material(
                "建设资金已经落实承诺书",
                "原件1份",
                "按住建部门统一格式填写。",
                ("法定代表人签字并加盖公章", "承诺资金额度不低于工程合同价款"),
            ),
            Material(
                "施工现场具备施工条件的说明及现场照片",
                "原件1份，照片不少于4张",
                "纳入容缺受理的，可在承诺期限内补交。",
                ("照片反映场地平整、围挡设置情况", "说明由建设单位盖章"),
                deferrable=True,
            ),
        ),
    ),
    Item(
        code="JD-ZJJ-002",
        department="ZJJ",
        name="建设工程消防验收备案",
        legal_days=5,
        promised_days=1,
        basis="《中华人民共和国消防法》第十三条\n"
        "《建设工程消防设计审查验收管理暂行规定》（住房和城乡建设部令第51号，2023年修正）",
        conditions="1. 不属于特殊建设工程的其他建设工程；\n"
        "2. 建设单位已组织竣工验收，消防查验合格；\n"
        "3. 应当自竣工验收合格之日起5个工作日内申请备案。",
        process=_process("备案材料齐全的当场予以备案；住建部门按比例随机抽取备案项目进行检查，并告知检查结果。"),
        materials=(
            Material(
                "建设工程消防验收备案表",
                "原件1份",
                "在广东省工程建设项目审批管理系统填报。",
                ("工程名称、地址与施工许可一致", "建设单位盖章"),
            ),
            Material(
                "工程竣工验收报告",
                "复印件1份",
                "含消防查验内容。",
                ("建设、设计、施工、监理单位均已签章", "竣工验收结论为合格"),
            ),
            Material(
                "涉及消防的建设工程竣工图纸",
                "电子文件1份",
                "含总平面、建筑、给排水、电气、暖通等涉及消防的图纸。",
                ("图纸加盖竣工图章", "消防设施与施工图审查内容一致"),
            ),
            AGENT,
        ),
    ),
    Item(
        code="JD-HBJ-001",
        department="HBJ",
        name="排污许可证核发",
        legal_days=20,
        promised_days=10,
        channel=ItemChannel.ONLINE,
        basis="《排污许可管理条例》（国务院令第736号）第六条至第十三条\n《排污许可管理办法》（生态环境部令第32号）",
        conditions="1. 依法取得建设项目环境影响报告书（表）批准文件，或已办理环境影响登记表备案；\n"
        "2. 污染物排放符合污染物排放标准和重点污染物排放总量控制指标要求；\n"
        "3. 采用的污染防治设施或措施能够达到许可排放浓度要求；\n"
        "4. 自行监测方案的监测点位、指标、频次等符合国家自行监测规范。",
        process=_process("生态环境部门审查申请材料，需要现场核查的，组织技术人员到现场核查。"),
        location="全国排污许可证管理信息平台网上申请；线下咨询：区政务服务中心二楼企业服务专区",
        materials=(
            Material(
                "排污许可证申请表",
                "在全国排污许可证管理信息平台在线填报",
                "按行业排污许可证申请与核发技术规范填写。",
                ("排放口、污染物种类和许可排放量填写完整", "执行的排放标准引用正确"),
            ),
            LICENSE,
            Material(
                "自行监测方案",
                "在线上传",
                "含监测点位示意图。",
                ("监测点位、指标、频次符合自行监测技术指南", "明确监测方式（自动或手工）"),
            ),
            Material(
                "守法承诺书",
                "原件扫描件1份",
                "按平台提供的格式填写。",
                ("法定代表人签字并加盖公章", "承诺内容完整，未擅自修改格式文本"),
            ),
            Material(
                "环境影响评价审批文件",
                "扫描件1份",
                "实行环境影响登记表备案的，提交备案回执。",
                ("审批文件的项目名称、建设地点与申请一致", "审批文件在有效期内"),
            ),
        ),
    ),
    Item(
        code="JD-SWJ-001",
        department="SWJ",
        name="税务登记信息确认",
        legal_days=1,
        promised_days=1,
        basis="《中华人民共和国税收征收管理法》第十五条\n《中华人民共和国税收征收管理法实施细则》第十二条",
        conditions="1. 已领取载有统一社会信用代码的营业执照（“多证合一”，不再另发税务登记证）；\n"
        "2. 首次办理涉税事项时，补充确认财务负责人、办税人员、核算方式等信息。",
        process="1. 申请：登录广东省电子税务局，或到区政务服务中心企业服务专区税务综合窗口办理。\n"
        "2. 确认：核对登记机关共享的登记信息，补充财务负责人、办税人员和存款账户信息。\n"
        "3. 办结：即时办结，同步完成税费种认定。",
        materials=(
            LICENSE,
            LEGAL_REP_ID,
            Material(
                "财务负责人及办税人员身份证明",
                "复印件各1份",
                "办税人员须完成实名采集。",
                ("身份证件在有效期内", "联系电话为本人实名手机号码"),
            ),
            Material(
                "存款账户账号信息",
                "复印件1份",
                "开户许可证或银行出具的开户信息。",
                ("账户名称与企业名称一致",),
            ),
        ),
    ),
    Item(
        code="JD-SWJ-002",
        department="SWJ",
        name="发票领用",
        legal_days=5,
        promised_days=1,
        basis="《中华人民共和国发票管理办法》第十五条\n《中华人民共和国发票管理办法实施细则》",
        conditions="1. 已领取营业执照，办税人员已完成实名认证（开办企业“一件事”中同步完成）；\n"
        "2. 新办纳税人首次领用发票，税务机关根据经营范围、规模和风险等级确定发票种类、数量和领用方式。",
        process="1. 申请：在广东省电子税务局提交票种核定申请，或在税务综合窗口申请。\n"
        "2. 核定：税务机关确认领用发票的种类、数量以及领用方式。\n"
        "3. 领用：通过电子税务局开具数电发票，需要纸质发票的可在窗口领取或选择邮寄。",
        materials=(
            LICENSE,
            AGENT,
            Material(
                "发票票种核定申请表",
                "原件1份",
                "注明需要领用的发票种类和月领用数量。",
                ("票种与经营范围相符", "申请数量符合新办纳税人领用标准"),
            ),
            Material(
                "发票专用章印模",
                "原件1份",
                "领用纸质发票的提交；仅开具数电发票的无需提交。",
                ("印模清晰，名称与营业执照一致",),
                required=False,
            ),
        ),
    ),
    Item(
        code="JD-SJJ-006",
        department="SJJ",
        name="印章刻制备案",
        legal_days=1,
        promised_days=1,
        fees="不收费（新办企业首套印章由区财政购买服务免费刻制）",
        basis="《国务院关于国家行政机关和企业事业单位社会团体印章管理的规定》（国发〔1999〕25号）\n"
        "《国务院关于第二批取消152项中央指定地方实施行政审批事项的决定》（国发〔2016〕9号）",
        conditions="1. 已取得营业执照；\n"
        "2. 印章名称与营业执照登记的名称一致；\n"
        "3. 新办企业首套印章（公章、财务专用章、发票专用章、法定代表人名章）可选择免费刻制。",
        process="1. 申请：企业开办时在“一网通办”平台一并勾选，或到综合受理窗口申请。\n"
        "2. 刻制：由备案的印章刻制企业刻制，同步完成备案信息采集。\n"
        "3. 领取：与营业执照一并在统一出件窗口领取，或免费寄递。",
        materials=(
            LICENSE,
            LEGAL_REP_ID,
            AGENT,
            Material(
                "印章刻制申请表",
                "原件1份",
                "勾选所需印章种类，首套免费刻制的注明。",
                ("印章名称与营业执照名称完全一致", "印章种类勾选明确"),
            ),
        ),
    ),
    Item(
        code="JD-RSJ-001",
        department="RSJ",
        name="社会保险登记",
        legal_days=15,
        promised_days=1,
        basis="《中华人民共和国社会保险法》第五十七条\n《社会保险费征缴暂行条例》第七条、第八条",
        conditions="1. 用人单位应当自成立之日起30日内申请办理社会保险登记；\n2. 已领取营业执照，企业开办时可一并申请。",
        process="1. 申请：企业开办时在“一网通办”平台一并勾选，或到区政务服务中心人社窗口办理。\n"
        "2. 审核：社会保险经办机构核对单位信息。\n"
        "3. 办结：即时生成社会保险登记信息，可为职工办理参保。",
        materials=(
            LICENSE,
            LEGAL_REP_ID,
            Material(
                "社会保险登记表",
                "原件1份",
                "填写单位基本信息、缴费开户银行和联系人。",
                ("单位名称、统一社会信用代码与营业执照一致", "单位盖章"),
            ),
            Material(
                "单位银行结算账户信息",
                "复印件1份",
                "用于社会保险费缴纳，与税务登记的账户可为同一账户。",
                ("账户名称与单位名称一致",),
            ),
        ),
    ),
    Item(
        code="JD-GDJ-001",
        department="GDJ",
        name="用电报装（低压）",
        legal_days=15,
        promised_days=5,
        fees="不收费（低压小微企业办电“零投资”，红线外工程由供电企业承担）",
        basis="《电力供应与使用条例》\n《供电营业规则》（国家发展和改革委员会令2024年第14号）\n《优化营商环境条例》",
        conditions="1. 用电地址产权清晰、具备供电条件；\n2. 用电容量在160千瓦及以下的小微企业实行低压接入。",
        process=UTILITY_PROCESS.format(
            review="供电企业在1个工作日内联系现场勘查，确定供电方案。", provider="供电企业", what="电"
        ),
        location="区政务服务中心二楼水电气网联合报装窗口",
        materials=(
            Material(
                "用电报装申请表",
                "原件1份",
                "填写用电地址、用电容量和用电类别。",
                ("用电地址与场所使用证明一致", "报装容量与用电设备清单相符"),
            ),
            LICENSE,
            LEGAL_REP_ID,
            PREMISES,
        ),
    ),
    Item(
        code="JD-SW-001",
        department="SW",
        name="用水报装",
        legal_days=15,
        promised_days=5,
        fees="不收费（建筑区划红线外供水管线工程由供水企业承担）",
        basis="《城市供水条例》\n《优化营商环境条例》",
        conditions="1. 用水地址位于城镇公共供水管网覆盖范围内；\n2. 用水地址产权清晰，室内给水设施符合国家标准。",
        process=UTILITY_PROCESS.format(
            review="供水企业在1个工作日内联系现场勘查，确定接水方案。", provider="供水企业", what="水"
        ),
        location="区政务服务中心二楼水电气网联合报装窗口",
        materials=(
            Material(
                "用水报装申请表",
                "原件1份",
                "注明用水性质（非居民、餐饮等特种行业）和预计月用水量。",
                ("用水地址与场所使用证明一致", "用水性质选择准确"),
            ),
            LICENSE,
            LEGAL_REP_ID,
            PREMISES,
        ),
    ),
    Item(
        code="JD-FGJ-001",
        department="FGJ",
        name="企业投资项目备案",
        legal_days=1,
        promised_days=1,
        channel=ItemChannel.ONLINE,
        basis="《企业投资项目核准和备案管理条例》（国务院令第673号）第十三条、第十四条\n"
        "《企业投资项目核准和备案管理办法》（国家发展和改革委员会令第2号）",
        conditions="1. 项目不属于《政府核准的投资项目目录》范围；\n"
        "2. 项目符合国家产业政策，不属于产业结构调整指导目录中的淘汰类项目。",
        process="1. 申请：登录广东省投资项目在线审批监管平台，在线告知项目信息。\n"
        "2. 备案：信息齐全的即时备案，生成项目代码。\n"
        "3. 变更：项目信息发生较大变更的，及时在平台修改。",
        location="广东省投资项目在线审批监管平台；线下帮办：区政务服务中心二楼企业服务专区",
        materials=(
            Material(
                "项目备案信息表",
                "在线填报",
                "含项目单位基本情况、项目名称、建设地点、建设规模和内容、项目总投资额。",
                ("建设地点具体到镇（街道）或园区", "总投资额与建设内容相匹配"),
            ),
            LICENSE,
            Material(
                "项目符合产业政策的声明",
                "在线勾选确认",
                "由项目单位对信息真实性负责。",
                ("声明已由项目单位确认",),
            ),
        ),
    ),
    Item(
        code="JD-NYJ-001",
        department="NYJ",
        name="农药经营许可证核发",
        legal_days=20,
        promised_days=10,
        deferral_allowed=True,
        basis="《农药管理条例》第二十四条、第二十五条\n《农药经营许可管理办法》（农业部令2017年第5号）",
        conditions="1. 有具备农药和病虫害防治专业知识，熟悉农药管理规定，能够指导安全合理使用农药的经营人员；\n"
        "2. 有与其他商品以及饮用水水源、生活区域等有效隔离的营业场所和仓储场所，并配备与所申请经营农药"
        "相适应的防护设施；\n"
        "3. 有与所申请经营农药相适应的质量管理、台账记录、安全防护、应急处置、仓储管理等制度和岗位操作规程。",
        process=_process("农业农村部门审查申请材料，并组织现场核查。"),
        materials=(
            Material(
                "农药经营许可证申请表",
                "原件1份",
                "限制使用农药经营的，单独注明。",
                ("经营范围勾选准确", "法定代表人签字并加盖公章"),
            ),
            LICENSE,
            LEGAL_REP_ID,
            PREMISES,
            Material(
                "经营人员学历或培训证明",
                "复印件1份",
                "农学、植保、农药等相关专业中专以上学历，或参加专业培训56学时以上的证明。",
                ("学历专业或培训学时符合要求", "人员为本单位在职人员"),
            ),
            Material(
                "营业场所和仓储场所平面图",
                "原件1份",
                "标明与饮用水水源、生活区域的距离。",
                ("标明场所面积和隔离措施", "仓储场所与营业场所地址准确"),
            ),
            SITE_PHOTOS,
        ),
    ),
]

BUNDLES: list[tuple[str, str, str, list[str]]] = [
    (
        "YJS-KBQY",
        "开办企业一件事",
        "新开办企业一次申请，同步办理营业执照、公章刻制、税务信息确认与发票领用、社会保险登记。"
        "一张表单、一套材料、一个窗口，营业执照、印章和首批发票统一出件，最快1个工作日办结，首套印章免费刻制。",
        ["JD-SJJ-001", "JD-SJJ-006", "JD-SWJ-002", "JD-RSJ-001"],
    ),
    (
        "YJS-KCG",
        "开餐馆一件事",
        "开办餐饮店一次告知、一表申请：企业设立登记、食品经营许可和用水报装并联办理，"
        "经营场所照片、从业人员健康证明可容缺后补，现场核查与通水勘查一次上门。",
        ["JD-SJJ-001", "JD-SJJ-004", "JD-SW-001"],
    ),
    (
        "YJS-QYBG",
        "企业信息变更一件事",
        "企业名称变更后，一次申请同步完成营业执照换发、税务登记信息确认和新印章刻制备案，"
        "不再分别跑市场监管、税务窗口。",
        ["JD-SJJ-002", "JD-SWJ-001", "JD-SJJ-006"],
    ),
]

VALUE_ADDED: list[tuple[str, str, str, str]] = [
    (
        ValueAddedKind.POLICY,
        "惠企政策精准推送",
        "FGJ",
        "按企业行业、规模和标签匹配国家、省、市、区惠企政策，通过企服通和短信主动推送，并提供申报指引。",
    ),
    (
        ValueAddedKind.POLICY,
        "惠企资金“免申即享”",
        "GXJ",
        "对符合条件的技改、扩产奖补资金，依托部门共享数据直接核定、直接拨付，企业无需另行申报。",
    ),
    (
        ValueAddedKind.POLICY,
        "政策解读进园区",
        "ZSJ",
        "每周三“企业服务日”由区政数局带领职能部门进驻经开区、中德产业园，现场解读政策、指导材料申报。",
    ),
    (
        ValueAddedKind.FINANCE,
        "政银企融资对接",
        "CZJ",
        "定期组织银行、担保机构与企业对接，发布融资产品清单，跟踪授信落地情况。",
    ),
    (
        ValueAddedKind.FINANCE,
        "中小微企业应急转贷",
        "CZJ",
        "为贷款即将到期、资金周转困难的中小微企业提供短期过桥资金，降低续贷成本。",
    ),
    (
        ValueAddedKind.TALENT,
        "高层次人才一站式服务",
        "ZZB",
        "为认定的高层次人才提供安居、子女入学、配偶就业、医疗保健等事项的一站式受理和全程代办。",
    ),
    (
        ValueAddedKind.TALENT,
        "企业用工招聘对接",
        "RSJ",
        "组织专场招聘会和校企合作对接，发布企业用工需求，落实吸纳就业补贴和以工代训补贴。",
    ),
    (
        ValueAddedKind.TALENT,
        "职业技能等级认定",
        "RSJ",
        "支持企业自主开展职业技能等级认定，对取得证书的职工按规定落实培训补贴。",
    ),
    (
        ValueAddedKind.LEGAL,
        "企业合规体检",
        "SFJ",
        "组织律师为企业免费开展用工、合同、知识产权、安全生产等方面的合规体检，出具体检报告和整改建议。",
    ),
    (
        ValueAddedKind.LEGAL,
        "法律服务进园区",
        "SFJ",
        "园区公共法律服务工作站定期坐班，提供法律咨询、纠纷调解和法律援助。",
    ),
    (
        ValueAddedKind.LEGAL,
        "知识产权保护与维权指导",
        "SJJ",
        "提供商标注册、专利申请指导和知识产权侵权纠纷调解，协助企业开展海外知识产权维权。",
    ),
    (
        ValueAddedKind.INNOVATION,
        "高新技术企业认定辅导",
        "KJJ",
        "对拟申报企业开展研发费用归集、知识产权布局和申报材料的一对一辅导。",
    ),
    (
        ValueAddedKind.INNOVATION,
        "科技型中小企业评价入库",
        "KJJ",
        "指导企业在线填报科技型中小企业评价信息，落实研发费用加计扣除政策。",
    ),
    (
        ValueAddedKind.INNOVATION,
        "专精特新企业培育",
        "GXJ",
        "建立专精特新企业培育库，提供梯度培育、诊断咨询和申报辅导。",
    ),
    (
        ValueAddedKind.PROJECT,
        "重大项目全程代办",
        "ZSJ",
        "对重大招商引资项目和重点项目实行“保姆式”全程帮办代办，从项目签约、立项到竣工投产，"
        "一项目一专班、一企一策，代办服务全部免费。",
    ),
    (
        ValueAddedKind.PROJECT,
        "项目用地报批协调",
        "ZRJ",
        "提前介入项目选址和用地预审，协调用地报批、规划条件出具，推进“拿地即开工”。",
    ),
    (
        ValueAddedKind.OPENING_UP,
        "外资企业服务专员",
        "JHJ",
        "为外资企业（含港澳台资企业）配备服务专员，协调解决设立、经营和扩大投资中的问题。",
    ),
    (
        ValueAddedKind.OPENING_UP,
        "出口退税“加速办”",
        "SWJ",
        "对信用良好的出口企业实行出口退税快速审核，正常退税平均办理时间压缩至3个工作日以内。",
    ),
]

DEPARTMENT_CODES: frozenset[str] = frozenset(
    [i.department for i in ITEMS] + [provider for _, _, provider, _ in VALUE_ADDED]
)


def _contact(department: Department) -> str:
    label = department.short_name or department.name
    return f"{label} {department.phone}" if department.phone else f"{label}（政务服务便民热线12345转接）"


def _seed_item(spec: Item, departments: dict[str, Department], admin: User) -> None:
    if ServiceItem.objects.filter(code=spec.code).exists():
        return
    department = departments[spec.department]
    district = settings.QIFU_DISTRICT_NAME
    item = ServiceItem.objects.create(code=spec.code, department=department)
    version = ItemVersion.objects.create(
        item=item,
        number=1,
        status=VersionStatus.DRAFT,
        name=spec.name,
        legal_days=spec.legal_days,
        promised_days=spec.promised_days,
        joint=spec.joint,
        fees=spec.fees,
        channel=spec.channel,
        basis=spec.basis,
        conditions=spec.conditions,
        process=spec.process,
        location=(spec.location or DEFAULT_LOCATION).replace("区政务服务中心", f"{district}政务服务中心", 1),
        phone=department.phone or "12345",
        deferral_allowed=spec.deferral_allowed,
    )
    for order, material in enumerate(spec.materials, start=1):
        row = MaterialRequirement.objects.create(
            version=version,
            name=material.name,
            required=material.required,
            deferrable=material.deferrable,
            copies=material.copies,
            note=material.note,
            sort_order=order * 10,
        )
        ReviewCheckpoint.objects.bulk_create(
            [ReviewCheckpoint(material=row, text=text, sort_order=n * 10) for n, text in enumerate(material.checks, 1)]
        )
    services.version_publish(actor=admin, version_id=version.pk)
    services.item_set_listed(actor=admin, item_id=item.pk, listed=True)


def seed_demo_catalog(departments: dict[str, Department], admin: User) -> None:
    """The demo catalogue: items of the district's departments, three 一件事 bundles, value-added services."""
    for spec in ITEMS:
        _seed_item(spec, departments, admin)
    for code, name, description, item_codes in BUNDLES:
        if Bundle.objects.filter(code=code).exists():
            continue
        bundle = Bundle.objects.create(code=code, name=name, description=description, is_listed=True)
        bundle.items.set(ServiceItem.objects.filter(code__in=item_codes))
    for kind, name, provider, description in VALUE_ADDED:
        if ValueAddedService.objects.filter(name=name).exists():
            continue
        department = departments[provider]
        ValueAddedService.objects.create(
            kind=kind,
            name=name,
            provider=department,
            description=description,
            contact=_contact(department),
            is_listed=True,
        )


def seed_demo(rng: random.Random) -> str:
    """This app's part of `manage.py seed_demo` (core.hooks.DEMO_SEED)."""
    seed_demo_catalog(Department.objects.in_bulk(field_name="code"), User.objects.get(username="demo-admin"))
    return ""
