"""Statuses and kinds of complaints' special studies (专题研究), and the questionnaire's items (003 §7.1.2)."""

from django.db import models


class StudyStatus(models.TextChoices):
    OPEN = "open", "待分析原因"
    ANALYSED = "analysed", "待制定措施"
    MEASURES = "measures", "措施落实中待检查"
    CLOSED = "closed", "已检查办结"


class StudyTrigger(models.TextChoices):
    REPEATED_UNIT = "repeated_unit", "同一单位90日内被投诉3次以上"
    REPEATED_SUBJECT = "repeated_subject", "同一事项90日内被投诉3次以上"
    MAJOR = "major", "重大投诉"


class AnswerVia(models.TextChoices):
    ONLINE = "online", "企业登录填写"
    LINK = "link", "免登录链接填写"


# The questionnaire about an officer: 003 §7.1.2 a)–e); a) split into its four named parts. Scored 1-5.
QUESTIONS: list[tuple[str, str, str]] = [
    ("ability", "a", "助企干部的业务能力"),
    ("attitude", "a", "助企干部的服务态度"),
    ("efficiency", "a", "助企干部的服务效率"),
    ("satisfaction", "a", "对助企干部服务的总体满意度"),
    ("plan", "b", "服务方案的合理性、完整性"),
    ("process", "c", "服务过程的规范性"),
    ("on_time", "d", "服务事项的按时办结情况"),
    ("complaint_handling", "e", "投诉、意见建议处理的及时性"),
]
QUESTION_FIELDS = [q[0] for q in QUESTIONS]
SCORE_LABELS = {5: "很好", 4: "较好", 3: "一般", 2: "较差", 1: "很差"}

# A third party's results: one score 0-100 per 7.1.2 item, and the overall score.
THIRD_PARTY_ITEMS: list[tuple[str, str]] = [
    ("score_a", "a) 业务能力、服务态度、服务效率、企业满意度"),
    ("score_b", "b) 服务方案的合理性、完整性"),
    ("score_c", "c) 服务过程的规范性"),
    ("score_d", "d) 服务事项的按时办结情况"),
    ("score_e", "e) 投诉、意见建议处理的及时性"),
]
