"""Visit modes, service-plan and task statuses, the termination reasons of DB4106/T 98-2023 §6, the service
content of its §5 by lifecycle stage, and the kinds of leaders' assistance (seed 002, item 7)."""

from django.db import models

from qifu.enterprises.choices import LifecycleStage


class VisitMode(models.TextChoices):
    ONSITE = "onsite", "实地"
    ONLINE = "online", "线上"
    PHONE = "phone", "电话"


class PlanStatus(models.TextChoices):
    ACTIVE = "active", "服务中"
    COMPLETED = "completed", "已完成"
    TERMINATED = "terminated", "已终止"


class TaskStatus(models.TextChoices):
    OPEN = "open", "进行中"
    DONE = "done", "已完成"
    CANCELLED = "cancelled", "已终止"


class PlanTerminationReason(models.TextChoices):
    """DB4106/T 98-2023 §6: the situations in which the service may end, in its words."""

    A = "a", "a) 服务对象主动要求终止"
    B = "b", "b) 申请材料不符合法定条件、标准，且不能补正"
    C = "c", "c) 因法律、法规等修改、废止或者国家政策调整的原因不能继续审批"
    D = "d", "d) 违反有关法律法规规定，出现重大责任事故或重大问题，造成严重影响"
    E = "e", "e) 其他需要终止的情形"


class AssistanceMode(models.TextChoices):
    ACCOMPANY = "accompany", "陪同办理"
    EXPERIENCE = "experience", "体验式办理"
    FALLBACK_WINDOW = "fallback_window", "走访“办不成事”反映窗口"


# DB4106/T 98-2023 §5: the service content each lifecycle stage offers, clause by clause, as task templates.
SERVICE_CONTENT: dict[str, list[tuple[str, str]]] = {
    LifecycleStage.FOUNDING: [
        (
            "5.1.1",
            "宜根据企业需求为企业提供除前置许可外的企业开办全流程事项帮办代办服务，帮助企业准备相关材料，"
            "协助企业完成网上申报、现场核验等环节，如条件允许，宜为企业提供帮办代办服务。",
        ),
        (
            "5.1.2",
            "宜根据企业需求为企业提供经营许可事项的指导服务，帮助企业了解申请条件、办理流程、所需材料等，"
            "协助企业提交申请、跟踪审批进度并及时反馈审批结果，如条件允许，宜为企业提供全程帮办代办服务。",
        ),
        ("5.1.3", "应根据企业需求，按照DB4106/T 50-2021的要求进行指导帮办或全程帮办代办。"),
    ],
    LifecycleStage.CONSTRUCTION: [
        ("5.2.1", "宜根据企业需求为企业进行办事流程和资料准备的指导服务。"),
        ("5.2.2", "宜根据企业需求为企业提供审批事项帮办代办服务。"),
        ("5.2.3", "宜根据企业需求协调解决项目推进中的具体矛盾和问题。"),
        ("5.2.4", "应跟踪项目建设进度、试产投产情况。"),
        ("5.2.5", "宜根据企业需求协助指导企业缴纳项目建设相关费用。"),
        ("5.2.6", "宜根据企业需求为投资项目涉及的公共服务事项提供协办服务。"),
        ("5.2.7", "宜根据企业需求协助企业完成项目竣工验收及取得不动产登记证书。"),
    ],
    LifecycleStage.OPERATION: [
        ("5.3.1", "宜组织企业参加各类交流座谈活动。"),
        ("5.3.2", "应定期走访企业，了解企业生产经营情况，为企业提供线上线下服务。"),
        (
            "5.3.3",
            "应帮助企业纾困解难。及时收集企业反映的困难和诉求，分析研究处理，制定解决方案，及时转交相关职能部门"
            "办理，对办理情况进行跟踪，处理完毕后应向企业进行反馈、回访。",
        ),
        (
            "5.3.4",
            "宜根据企业需求为企业提供生产经营过程中各项行政许可及变更登记的指导服务，帮助企业了解申请条件、流程、"
            "材料等，协助企业提交申请，如条件允许，宜为企业提供全程帮办代办服务。",
        ),
        (
            "5.3.5",
            "应为企业提供政策宣传。全面掌握近年来国家、省、市、区出台的减税降费政策、支持企业发展的相关措施，"
            "分析所服务企业所能享受到的支持政策，为企业做好宣讲、解读，提供精准化服务，帮助指导企业申报惠企政策。",
        ),
        ("5.3.6", "应适时组织开展法律宣传，引导企业依法合规经营，维护企业合法权益。"),
        ("5.3.7", "应根据企业需求，为企业办理人才招聘、培训、社保、医保、工伤、公积金等提供指导和协助。"),
    ],
    LifecycleStage.UPGRADING: [
        (
            "5.4.1",
            "宜根据企业发展需求，主动分析企业生产经营等方面存在的问题，引导企业对标提升，帮助企业围绕技术化改造、"
            "智能化改造、绿色化改造、上市培育、产研合作等确定突破重点，推动企业优质发展、转型升级，"
            "促进企业高质量发展。",
        ),
        ("5.4.2", "宜根据企业需求对企业进行“小升规、规改股、股上市”政策指导帮扶。"),
    ],
    LifecycleStage.DEREGISTRATION: [
        ("5.5.1", "应详细了解企业注销原因，帮助企业分析问题并给出解决方案。"),
        ("5.5.2", "宜根据企业需求为企业提供企业注销全流程事项帮办代办服务。"),
    ],
}


def template_title(clause: str, text: str) -> str:
    """A task's title from a §5 clause: its number, then its wording."""
    return f"{clause} {text}"
