"""Login page (django-axes counts the failures and locks the username)."""

from django.contrib.auth.views import LoginView


class QifuLoginView(LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True
