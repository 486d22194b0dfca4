"""The sign-in form and the choice of council, as GOV.UK forms."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from carepanel.core.forms import govuk, refuse_control_characters


class SignInForm(AuthenticationForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.error_messages = {
            "invalid_login": "Enter a correct username and password",
            "inactive": "This account is not active. Ask your system administrator.",
        }
        govuk(self.fields["username"], width=20, autocomplete="username")
        govuk(self.fields["password"], autocomplete="current-password")
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        # Looked up in the database, which may not take them (PostgreSQL and a NUL).
        username = cast(forms.CharField, self.fields["username"])
        refuse_control_characters(username, "Username", long_text=False)


class AuthorityForm(forms.Form):
    authority = forms.ChoiceField(
        label="Which council are you working for now?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the council you are working for now"},
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["authority"].choices = choices  # type: ignore[attr-defined]
        govuk(self.fields["authority"], heading=True, size="l")
