"""The app's models, one module per part: ratings and rectification (ratings.py); complaints, special studies
and officers' evaluation (complaints.py, officers.py)."""

from qifu.evaluations.models.complaints import Complaint, SpecialStudy
from qifu.evaluations.models.officers import Survey, SurveyResponse, ThirdPartyResult
from qifu.evaluations.models.ratings import Rating, Rectification

__all__ = ["Complaint", "Rating", "Rectification", "SpecialStudy", "Survey", "SurveyResponse", "ThirdPartyResult"]
