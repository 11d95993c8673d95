"""The app's models, one module per part: ratings and rectification (ratings.py); complaints, special studies
and officers' evaluation (complaints.py, officers.py)."""

from qifu.evaluations.models.complaints import Complaint as Complaint
from qifu.evaluations.models.complaints import SpecialStudy as SpecialStudy
from qifu.evaluations.models.officers import Survey as Survey
from qifu.evaluations.models.officers import SurveyResponse as SurveyResponse
from qifu.evaluations.models.officers import ThirdPartyResult as ThirdPartyResult
