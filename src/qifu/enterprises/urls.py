from django.urls import path

from qifu.enterprises import views

app_name = "enterprises"
urlpatterns = [
    path("", views.enterprise_list, name="list"),
    path("new/", views.enterprise_create, name="create"),
    path("pick/", views.enterprise_pick, name="pick"),
    path("export/", views.enterprise_export, name="export"),
    path("import/", views.enterprise_import, name="import"),
    path("import/template/", views.import_template, name="import_template"),
    path("import/<int:job_id>/", views.import_job, name="import_job"),
    path("<int:enterprise_id>/", views.enterprise_detail, name="detail"),
    path("<int:enterprise_id>/edit/", views.enterprise_edit, name="edit"),
    path("<int:enterprise_id>/ledger/", views.ledger_add, name="ledger_add"),
    path("<int:enterprise_id>/credit/", views.credit_set, name="credit_set"),
    path("<int:enterprise_id>/stewardship/", views.stewardship_assign, name="stewardship_assign"),
]
