"""Roles: defined in core (core.access decides by them; core imports no app), named here too for the apps."""

from qifu.core.choices import Role

__all__ = ["Role"]
