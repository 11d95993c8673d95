"""Checking uploaded files by their content, not their name (a renamed .exe is still refused)."""

from __future__ import annotations

from collections.abc import Sequence

from qifu.core.cleaning import is_valid_unicode
from qifu.core.errors import FieldError, ValidationFailed

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_NAME_LENGTH = 200  # the name columns of attachments and materials
MAX_FILES = 20  # files handed in with one submission
# Leading bytes of the kinds of files enterprises hand in; OOXML (.docx/.xlsx), OFD and ZIP share the ZIP header.
SIGNATURES: list[tuple[bytes, str]] = [
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpg"),
    (b"PK\x03\x04", "zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),  # .doc / .xls
]
EXTENSIONS = {
    "pdf": (".pdf",),
    "png": (".png",),
    "jpg": (".jpg", ".jpeg"),
    "zip": (".zip", ".docx", ".xlsx", ".ofd"),
    "ole": (".doc", ".xls"),
}
ALLOWED_TEXT = "PDF、图片（JPG/PNG）、Word、Excel、OFD 或 ZIP"


def sniff(content: bytes) -> str | None:
    for signature, kind in SIGNATURES:
        if content.startswith(signature):
            return kind
    return None


def check_upload(name: str, content: bytes, field: str = "file") -> str:
    """The cleaned file name, or ValidationFailed naming `field` (empty, too large, or not what it claims)."""
    clean = (name or "").replace("/", "_").replace("\\", "_").strip()
    if len(clean) > MAX_NAME_LENGTH or not is_valid_unicode(clean):
        raise ValidationFailed.field(field, f"文件名不能超过{MAX_NAME_LENGTH}个字，且不能含无效字符")
    if not content:
        raise ValidationFailed.field(field, "上传的文件为空")
    if len(content) > MAX_UPLOAD_BYTES:
        raise ValidationFailed.field(field, f"文件不能超过{MAX_UPLOAD_BYTES // (1024 * 1024)}MB")
    kind = sniff(content)
    if kind is None or not clean.lower().endswith(EXTENSIONS[kind]):
        raise ValidationFailed.field(field, f"文件格式应为{ALLOWED_TEXT}，且扩展名与内容一致")
    return clean


def check_uploads(files: Sequence[tuple[str, str, bytes]]) -> list[str]:
    """Every file of a submission checked before anything is written: (field, name, content) in, the cleaned names
    out, or one ValidationFailed naming each bad file, so that a submission with a bad file writes no case."""
    if len(files) > MAX_FILES:
        raise ValidationFailed.field(files[0][0], f"一次最多上传{MAX_FILES}个文件")
    names: list[str] = []
    errors: list[FieldError] = []
    for field, name, content in files:
        try:
            names.append(check_upload(name, content, field))
        except ValidationFailed as exc:
            errors.extend(FieldError(e.field, f"文件“{(name or '')[:40]}”{e.message}") for e in exc.errors)
    if errors:
        raise ValidationFailed("上传的文件有误：" + "；".join(e.message for e in errors), errors)
    return names
