from django.urls import path

from qifu.supervision import views

app_name = "supervision"
urlpatterns = [
    path("", views.overdue, name="overdue"),
    path("case/<str:key>/<int:case_id>/", views.case_link, name="case"),
    path("order/", views.order_form, name="order"),
    path("orders/", views.orders, name="orders"),
    path("orders/<int:order_id>/reply/", views.order_reply, name="order_reply"),
    path("cards/", views.cards, name="cards"),
    path("cards/<int:card_id>/note/", views.card_note, name="card_note"),
]
