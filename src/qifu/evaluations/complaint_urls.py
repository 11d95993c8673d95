from django.urls import path

from qifu.evaluations import complaint_views as views

app_name = "evaluations_complaints"

urlpatterns = [
    path("complaints/", views.complaint_index, name="index"),
    path("complaints/name/<int:demand_id>/", views.complaint_name, name="name"),
    path("complaints/analysis/", views.analysis, name="analysis"),
    path("complaints/analysis.xlsx", views.analysis_export, name="analysis_export"),
    path("complaints/studies/<int:study_id>/", views.study_detail, name="study"),
    path("complaints/studies/<int:study_id>/<str:action>/", views.study_action, name="study_action"),
    path("officers/", views.officer_index, name="officers"),
    path("officers/<int:officer_id>/", views.officer_card, name="officer"),
    path("officers/departments/<int:department_id>/", views.department_card, name="department"),
    path("officers/windows/", views.window_cards, name="windows"),
    path("officers/surveys/new/", views.survey_new, name="survey_new"),
    path("officers/surveys/<int:survey_id>/", views.survey_detail, name="survey"),
    path("officers/third-party/", views.third_party, name="third_party"),
    path("officers/third-party/template.xlsx", views.third_party_template, name="third_party_template"),
    path("surveys/", views.my_surveys, name="my_surveys"),
    path("surveys/answer/<int:response_id>/", views.answer, name="answer"),
    path("survey/<str:token>/", views.answer_by_link, name="answer_link"),
]
