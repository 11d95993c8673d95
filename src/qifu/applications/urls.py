from django.urls import path

from qifu.applications import views

app_name = "applications"
urlpatterns = [
    path("", views.application_list, name="list"),
    path("new/", views.application_create, name="create"),
    path("appointments/", views.appointments, name="appointments"),
    path("appointments/<int:appointment_id>/<slug:action>/", views.appointment_action, name="appointment_action"),
    path("entrustments/new/", views.entrustment_create, name="entrustment_create"),
    path("entrustments/<int:entrustment_id>/revoke/", views.entrustment_revoke, name="entrustment_revoke"),
    path("<int:application_id>/", views.application_detail, name="detail"),
    path("<int:application_id>/print/notice/", views.print_notice, name="print_notice"),
    path("<int:application_id>/print/acceptance/", views.print_acceptance, name="print_acceptance"),
    path("<int:application_id>/print/commitment/", views.print_commitment, name="print_commitment"),
    path("<int:application_id>/materials/<int:requirement_id>/upload/", views.material_upload, name="material_upload"),
    path("<int:application_id>/materials/<int:requirement_id>/file/", views.material_download, name="material_file"),
    path("<int:application_id>/result/upload/", views.result_upload, name="result_upload"),
    path("<int:application_id>/result/", views.result_download, name="result"),
    path("<int:application_id>/<slug:action>/", views.application_action, name="action"),
]
