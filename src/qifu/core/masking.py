"""Masking of personal data for roles that do not need it."""

from __future__ import annotations


def mask_phone(value: str) -> str:
    """138****5678 for mobiles; keep the first and last few characters of other numbers."""
    v = value or ""
    if len(v) >= 11:
        return v[:3] + "*" * (len(v) - 7) + v[-4:]
    if len(v) > 4:
        return v[:2] + "*" * (len(v) - 4) + v[-2:]
    return "*" * len(v)


def mask_name(value: str) -> str:
    """张* / 欧阳** : the surname stays."""
    v = value or ""
    if len(v) <= 1:
        return v
    keep = 2 if len(v) >= 4 else 1
    return v[:keep] + "*" * (len(v) - keep)
