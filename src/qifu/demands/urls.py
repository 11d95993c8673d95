from django.urls import path

from qifu.demands import views

app_name = "demands"
urlpatterns = [
    path("", views.demand_list, name="list"),
    path("new/", views.demand_create, name="create"),
    path("export/", views.demand_export, name="export"),
    path("<int:demand_id>/", views.demand_detail, name="detail"),
    path("<int:demand_id>/print/", views.demand_print, name="print"),
    path("<int:demand_id>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("<int:demand_id>/attachments/<int:attachment_id>/", views.attachment_download, name="attachment"),
    path("<int:demand_id>/<slug:action>/", views.demand_action, name="action"),
]
