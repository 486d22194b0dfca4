"""Signing in and out, and choosing which council a person is working for."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from carepanel.accounts.forms import AuthorityForm, SignInForm
from carepanel.accounts.web import SESSION_AUTHORITY, ActorRequest, actor_view, authorities_of


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    next_page = "/sign-in/"


@require_http_methods(["GET", "HEAD", "POST"])
@actor_view
def authority(request: ActorRequest) -> HttpResponse:
    """The organisation switcher's page, for people who work for more than one council."""
    choices = authorities_of(request.user)
    form = AuthorityForm(
        request.POST or None,
        choices=choices,
        initial={"authority": request.actor.authority_id},
    )
    if request.method == "POST" and form.is_valid():
        request.session[SESSION_AUTHORITY] = form.cleaned_data["authority"]
        return redirect("home:home")
    return render(request, "accounts/authority.html", {"form": form})
