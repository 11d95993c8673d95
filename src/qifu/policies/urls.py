from django.urls import path

from qifu.policies import views

app_name = "policies"
urlpatterns = [
    path("", views.policy_list, name="list"),
    path("new/", views.policy_create, name="create"),
    path("mine/", views.my_policies, name="mine"),
    path("mine/push/", views.opt_out, name="opt_out"),
    path("claims/", views.claim_list, name="claims"),
    path("claims/<int:claim_id>/", views.claim_detail, name="claim_detail"),
    path("claims/<int:claim_id>/materials/", views.claim_material_upload, name="claim_material_upload"),
    path(
        "claims/<int:claim_id>/materials/<int:material_id>/file/", views.claim_material_file, name="claim_material_file"
    ),
    path("claims/<int:claim_id>/<slug:action>/", views.claim_action, name="claim_action"),
    path("<int:policy_id>/", views.policy_detail, name="detail"),
    path("<int:policy_id>/edit/", views.policy_edit, name="edit"),
    path("<int:policy_id>/card/", views.policy_card, name="card"),
    path("<int:policy_id>/interpretation/", views.policy_interpretation, name="interpretation"),
    path("<int:policy_id>/matches/", views.policy_matches, name="matches"),
    path("<int:policy_id>/claim/", views.claim_create, name="claim"),
    path("<int:policy_id>/<slug:action>/", views.policy_action, name="action"),
]
