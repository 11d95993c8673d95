"""The app's models, one module per part: ratings and rectification (ratings.py); complaints, special studies
and officers' evaluation (complaints.py, officers.py)."""

from qifu.evaluations.models.ratings import Rating, RectificationCase

__all__ = ["Rating", "RectificationCase"]
