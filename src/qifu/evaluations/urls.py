from django.urls import path

from qifu.evaluations import views

app_name = "evaluations"
urlpatterns = [
    path("", views.ratings, name="ratings"),
    path("rectifications/", views.rectifications, name="rectifications"),
    path("rectifications/<int:case_id>/", views.rectification_detail, name="rectification"),
    path("rectifications/<int:case_id>/<slug:action>/", views.rectification_action, name="action"),
]
