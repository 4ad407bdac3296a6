from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from openprovince.agencies.selectors import agencies_local


class PhoneForm(forms.Form):
    phone = forms.CharField(
        label=_("Mobile phone number"),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "type": "tel",
                "inputmode": "tel",
                "autocomplete": "tel",
                "placeholder": "0912 345 678",
            }
        ),
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("6-digit code"),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "pattern": "[0-9 ]*",
                "placeholder": "123456",
            }
        ),
    )


class ProfileForm(forms.Form):
    display_name = forms.CharField(label=_("Your name"), max_length=120, required=False)


class BusinessForm(forms.Form):
    tax_code = forms.CharField(
        label=_("Tax code (MST)"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    name = forms.CharField(label=_("Business name"), max_length=200)
    address = forms.CharField(label=_("Address"), max_length=300)
    agency = forms.ModelChoiceField(
        label=_("Commune or ward"),
        to_field_name="code",
        queryset=agencies_local(),
    )


class SecondFactorForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your authenticator app (or a recovery code)"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class PasswordSignInForm(forms.Form):
    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Password"),
        max_length=200,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
