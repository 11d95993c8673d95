"""URL map: pages, admin, and the API at /api/v1."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from qifu.accounts.views import QifuLoginView
from qifu.api import api
from qifu.core import search as core_search
from qifu.core import views as core_views
from qifu.dashboard import views as dashboard_views
from qifu.demands import views as demand_views
from qifu.evaluations import views as evaluation_views

admin.site.site_header = "企服通 系统管理"
admin.site.site_title = "企服通"
admin.site.index_title = "组织机构与基础数据"

urlpatterns = [
    path("", core_views.workbench, name="workbench"),
    path("login/", QifuLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("notifications/", core_views.notifications, name="notifications"),
    path("notifications/read/", core_views.notifications_read, name="notifications_read"),
    path("calendar/", core_views.calendar, name="calendar"),
    path("calendar/<int:year>/", core_views.calendar_year, name="calendar_year"),
    path("audit/", core_views.audit, name="audit"),
    path("audit/export/", core_views.audit_download, name="audit_export"),
    path("health/", core_views.health, name="health"),
    path("search/", core_search.search_page, name="search"),
    path("enterprises/", include("qifu.enterprises.urls")),
    path("demands/", include("qifu.demands.urls")),
    path("applications/", include("qifu.applications.urls")),
    path("catalog/", include("qifu.catalog.urls")),
    path("policies/", include("qifu.policies.urls")),
    path("lifecycle/", include("qifu.lifecycle.urls")),
    path("projects/", include("qifu.projects.urls")),
    path("supervision/", include("qifu.supervision.urls")),
    path("servicedays/", include("qifu.servicedays.urls")),
    path("supervision/", include("qifu.supervision.reform_urls")),
    path("evaluations/", include("qifu.evaluations.urls")),
    path("evaluations/", include("qifu.evaluations.complaint_urls")),
    path("knowledge/", include("qifu.knowledge.urls")),
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("dashboard/export/<slug:key>.xlsx", dashboard_views.dashboard_export, name="dashboard_export"),
    path("f/<str:token>/", demand_views.follow_up_link, name="follow_up_link"),
    path("t/<str:token>/", core_views.track, name="track"),
    path("r/<str:token>/", evaluation_views.rate_by_link, name="rate_by_link"),
    path("ratings/public/", evaluation_views.public_results, name="rating_results"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]

handler400 = "qifu.core.views.bad_request"
handler404 = "qifu.core.views.not_found"
handler500 = "qifu.core.views.server_error"
