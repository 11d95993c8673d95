from django.urls import path

from qifu.demands import views

app_name = "demands"
urlpatterns = [
    path("", views.demand_list, name="list"),
]
