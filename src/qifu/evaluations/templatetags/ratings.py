"""`{% rating_qr "application" a.pk %}`: the QR code of a printed document that opens the on-site rating page
(现场"一次一评"), for the templates of the apps below evaluations (no Python import of this app needed there)."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from qifu.core.tracking import qr_svg
from qifu.evaluations.choices import Channel
from qifu.evaluations.services import rating_url

register = template.Library()


@register.simple_tag
def rating_qr(subject_type: str, subject_id: int) -> SafeString:
    url = rating_url(subject_type, int(subject_id), Channel.ONSITE)
    code = qr_svg(url, title="扫码评价本次服务", side_px=111)  # as large as the progress code beside it
    return format_html('<div class="qr rating-qr">{}扫码评价本次服务</div>', code)
