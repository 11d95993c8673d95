from django.urls import path

from qifu.servicedays import views

app_name = "servicedays"
urlpatterns = [
    path("", views.service_day_list, name="list"),
    path("roster/", views.roster, name="roster"),
    path("schedules/", views.schedules, name="schedules"),
    path("designations/", views.designations, name="designations"),
    path("list-template/", views.demand_list_template, name="list_template"),
    path("lists/<int:list_id>/rows/<int:row_id>/classify/", views.demand_list_classify, name="classify"),
    path("<int:service_day_id>/", views.service_day_detail, name="detail"),
    path("<int:service_day_id>/print/", views.service_day_print, name="print"),
    path("<int:service_day_id>/push/", views.demand_list_push, name="push"),
    path("<int:service_day_id>/<slug:action>/", views.service_day_action, name="action"),
]
