"""Pages of the reform task list, the department assessment and the classes of problems, under /supervision/."""

from django.urls import path

from qifu.supervision import assessment_views, classes_views, reform_views

app_name = "reform"
urlpatterns = [
    path("reform/", reform_views.reform_list, name="list"),
    path("reform/new/", reform_views.reform_create, name="create"),
    path("reform/print/", reform_views.reform_print, name="print"),
    path("reform/export.xlsx", reform_views.reform_export, name="export"),
    path("reform/<int:task_id>/", reform_views.reform_detail, name="detail"),
    path("reform/<int:task_id>/files/<int:attachment_id>/", reform_views.reform_attachment, name="attachment"),
    path("assessment/", assessment_views.scorecard_page, name="assessment"),
    path("assessment/export.xlsx", assessment_views.scorecard_export, name="assessment_export"),
    path("assessment/weights/", assessment_views.weights_page, name="weights"),
    path("classes/", classes_views.classes_page, name="classes"),
    path("classes/<int:class_id>/", classes_views.class_detail, name="class_detail"),
]
