"""Demand pages (being built: list, intake, detail with timeline and actions, print, follow-up link)."""

from django.http import HttpResponse

from qifu.core.http import AuthedRequest
from qifu.core.ui import page


@page("demand.view")
def demand_list(request: AuthedRequest) -> HttpResponse:
    raise NotImplementedError
