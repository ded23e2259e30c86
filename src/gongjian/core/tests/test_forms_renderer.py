"""The Python <select> renderer gives the HTML Django's templates give, for every kind of select."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from gongjian.core.forms_renderer import Renderer
from gongjian.org.models import Unit


def _norm(html: str) -> str:
    return re.sub(r"\s+", " ", str(html)).replace("> <", "><").strip()


class Sample(forms.Form):
    kind = forms.ChoiceField(choices=[("", "---------"), ("a", "甲 <b>"), ("b&c", 'B "quoted"')], required=False)
    many = forms.MultipleChoiceField(choices=[("1", "一"), ("2", "二"), ("3", "三")], required=False)
    grouped = forms.ChoiceField(choices=[("组一", [("x", "X")]), ("组二", [("y", "Y"), ("z", "Z")]), ("w", "W")])
    disabled = forms.ChoiceField(choices=[("1", "一")], disabled=True)
    attrs = forms.ChoiceField(
        choices=[("1", "一")], widget=forms.Select(attrs={"class": "form-select", "data-x": "<>"})
    )


@pytest.mark.parametrize("data", [{}, {"kind": "b&c", "many": ["1", "3"], "grouped": "z"}])
def test_same_html_as_the_templates(data):
    ours, django = Sample(data or None, renderer=Renderer()), Sample(data or None, renderer=DjangoTemplates())
    for name in Sample.base_fields:
        assert _norm(ours[name]) == _norm(django[name]), name


def test_model_choices_are_escaped_and_selected(db):
    Unit.objects.create(name='<script>单位"一"</script>', code="X1")
    unit = Unit.objects.create(name="新湖街道", code="X2")

    def render(renderer):
        form = forms.Form({"unit": unit.pk}, renderer=renderer)
        form.fields["unit"] = forms.ModelChoiceField(queryset=Unit.objects.order_by("pk"))
        return str(form["unit"])

    html = render(Renderer())
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert f'<option value="{unit.pk}" selected>新湖街道</option>' in html
    assert _norm(html) == _norm(render(DjangoTemplates()))


def test_the_project_uses_it(settings):
    from django.forms.renderers import get_default_renderer

    assert settings.FORM_RENDERER == "gongjian.core.forms_renderer.Renderer"
    assert isinstance(get_default_renderer(), Renderer)
