from django.urls import path

from qifu.catalog import views

app_name = "catalog"
urlpatterns = [
    path("", views.catalog_list, name="list"),
    path("items/<int:item_id>/", views.item_detail, name="item"),
    path("bundles/<int:bundle_id>/", views.bundle_detail, name="bundle"),
    path("value-added/", views.value_added, name="value_added"),
    path("materials/<int:material_id>/<slug:kind>/", views.material_file, name="material_file"),
]
