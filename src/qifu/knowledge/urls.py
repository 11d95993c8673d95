from django.urls import path

from qifu.knowledge import views

app_name = "knowledge"
urlpatterns = [
    path("", views.public_search, name="public"),
    path("a/<int:article_id>/", views.public_article, name="public_article"),
    path("manage/", views.article_list, name="list"),
    path("new/", views.article_create, name="create"),
    path("suggest/", views.suggest_panel, name="suggest"),
    path("lookup/", views.lookup_panel, name="lookup"),
    path("from-demand/<int:demand_id>/", views.from_demand, name="from_demand"),
    path("<int:article_id>/", views.article_detail, name="detail"),
    path("<int:article_id>/edit/", views.article_edit, name="edit"),
    path("<int:article_id>/<slug:action>/", views.article_action, name="action"),
]
