"""Forms of the bulletin pages: draft (campaign and month), edit (title and paragraphs), 督办函 (reply date)."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Bulletin

__all__ = ["BulletinEditForm", "DraftForm", "LetterForm"]


class DraftForm(forms.Form):
    campaign = forms.ModelChoiceField(label=_("Campaign"), queryset=None)
    month = forms.CharField(label=_("Month"), help_text=_("Written YYYY-MM, e.g. 2026-03."), max_length=7)

    def __init__(self, *args, campaigns=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns

    def clean_month(self):
        value = self.cleaned_data["month"].strip()
        match = re.fullmatch(r"(\d{4})-(\d{1,2})", value)
        if not match or not 1 <= int(match[2]) <= 12:
            raise forms.ValidationError(_("Write the month as YYYY-MM, e.g. 2026-03."))
        return int(match[1]), int(match[2])


class BulletinEditForm(forms.ModelForm):
    class Meta:
        model = Bulletin
        fields = ["title", "highlights", "requirements", "is_public"]
        widgets = {"highlights": forms.Textarea(attrs={"rows": 5}), "requirements": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "highlights": _("One paragraph per line."),
            "requirements": _("One paragraph per line."),
        }


class LetterForm(forms.Form):
    reply_by = forms.DateField(
        label=_("Reply by"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Empty: the latest reply date of the supervisions."),
    )
