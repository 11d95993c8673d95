from django.urls import path

from qifu.catalog import manage_views, views

app_name = "catalog"
urlpatterns = [
    path("", views.catalog_list, name="list"),
    path("items/<int:item_id>/", views.item_detail, name="item"),
    path("bundles/<int:bundle_id>/", views.bundle_detail, name="bundle"),
    path("value-added/", views.value_added, name="value_added"),
    path("materials/<int:material_id>/<slug:kind>/", views.material_file, name="material_file"),
    path("manage/", manage_views.manage_list, name="manage"),
    path("manage/new/", manage_views.manage_new, name="manage_new"),
    path("manage/versions/<int:version_id>/", manage_views.manage_version, name="manage_version"),
    path("manage/<int:item_id>/<slug:action>/", manage_views.manage_action, name="manage_action"),
]
