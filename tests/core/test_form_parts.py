"""The shared form parts (core/fields.py, core/_form.jinja, core/jinja.py): an optional
field's label says so once, a searchable choice carries the autocomplete's mark, and a
page's title starts "Error: " exactly when it answers a form it refused."""

from dataclasses import dataclass

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.template import engines

from devolution.core.fields import CheckedForm, label_text, searchable


class Example(CheckedForm):
    name = forms.CharField(label="Name")
    nickname = forms.CharField(label="Nickname", required=False)
    said = forms.CharField(label="Website (optional)", required=False)
    agreed = forms.BooleanField(label="I agree", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    organisation = searchable(
        forms.ChoiceField(label="Organisation", choices=[("", "None"), ("a", "A")])
    )
    kind = forms.ChoiceField(label="Kind", choices=[("a", "A")])


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("name", "Name"),
        ("nickname", "Nickname (optional)"),
        ("said", "Website (optional)"),  # said once, not twice
        ("agreed", "I agree"),  # a checkbox is never said to be optional
        ("version", "Version"),
    ],
)
def test_an_optional_fields_label_says_so_once(name, label):
    assert label_text(Example()[name]) == label


def _render(source: str, **context) -> str:
    return engines["jinja2"].from_string(source).render(context)


def test_the_shared_macros_label_optional_fields_and_mark_searchable_ones():
    html = _render(
        '{% from "core/_form.jinja" import field_input, select %}'
        "{{ field_input(form.nickname) }}{{ select(form.organisation) }}{{ select(form.kind) }}",
        form=Example(),
    )
    assert "Nickname (optional)" in html
    assert 'id="id_organisation" name="organisation" data-devolution-autocomplete>' in html
    assert 'id="id_kind" name="kind">' in html


@dataclass
class Bound:
    form: forms.Form
    rule: object = None


TITLE = '{% extends "layout.jinja" %}{% block title %}Page{% endblock %}'


@pytest.mark.parametrize(
    ("context", "error"),
    [
        ({}, False),
        ({"form": Example()}, False),  # a form not sent
        ({"form": Example({"name": "x", "organisation": "a", "kind": "a"})}, False),
        ({"form": Example({})}, True),
        ({"bound": Bound(Example({}))}, True),  # the meetings pages' refused post
        ({"bound": (1, Example({}))}, True),  # my actions' (action, form)
        ({"failed": True}, True),  # sign-in's "not right"
        ({"problem": "Someone else changed it"}, True),
        ({"problems": ["Row 2: no title"]}, True),
    ],
)
def test_the_title_starts_error_when_the_page_answers_a_refused_form(rf, context, error):
    request = rf.get("/")
    request.user = AnonymousUser()
    html = engines["jinja2"].from_string(TITLE).render({**context}, request=request)
    title = html.split("<title>")[1].split("</title>")[0]
    assert title.startswith("Error: ") is error
    assert "Page" in title


def test_choices_given_are_the_choices_the_field_checks_and_its_select_shows():
    from django import forms as django_forms

    from devolution.core.fields import choices_given

    class Form(django_forms.Form):
        organisation = django_forms.ChoiceField(required=False)

    form = Form({"organisation": "gla"})
    choices_given(form.fields["organisation"], "None", [("gla", "Greater London Authority")])
    assert form.fields["organisation"].choices == [
        ("", "None"),
        ("gla", "Greater London Authority"),
    ]
    assert list(form.fields["organisation"].widget.choices) == form.fields["organisation"].choices
    assert form.is_valid() and form.cleaned_data["organisation"] == "gla"
    refused = Form({"organisation": "nhs"})
    choices_given(refused.fields["organisation"], "None", [("gla", "Greater London Authority")])
    assert not refused.is_valid() and "organisation" in refused.errors
    assert 'value="gla"' in str(form["organisation"])
