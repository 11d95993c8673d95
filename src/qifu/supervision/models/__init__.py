"""The app's models, one module per part: supervision orders and 电子监察 cards (watch.py); reform tasks,
department assessment and classes of problems (reform.py, assessment.py, classes.py)."""

from qifu.supervision.models.watch import Card, CardColor, SupervisionOrder

__all__ = ["Card", "CardColor", "SupervisionOrder"]
