from django.urls import path

from qifu.lifecycle import views

app_name = "lifecycle"

urlpatterns = [
    path("", views.index, name="index"),
    path("enterprises/<int:enterprise_id>/visits/new/", views.visit_new, name="visit_new"),
    path("enterprises/<int:enterprise_id>/plans/new/", views.plan_new, name="plan_new"),
    path("enterprises/<int:enterprise_id>/file/", views.enterprise_file, name="file"),
    path("plans/<int:plan_id>/", views.plan_detail, name="plan"),
    path("plans/<int:plan_id>/<str:action>/", views.plan_action, name="plan_action"),
    path("tasks/<int:task_id>/progress/", views.task_progress, name="task_progress"),
    path("assistance/", views.assistance, name="assistance"),
    path("assistance/<int:assistance_id>/raise/", views.assistance_raise, name="assistance_raise"),
]
