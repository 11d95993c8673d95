"""The app's models, one module per part: ratings and rectification (ratings.py); complaints, special studies
and officers' evaluation (complaints.py, officers.py)."""

from qifu.evaluations.models.ratings import Rating, Rectification

__all__ = ["Rating", "Rectification"]
