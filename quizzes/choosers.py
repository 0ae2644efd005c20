"""The question chooser a trainer opens from a quiz or a film checkpoint: search the question
text, and filter by type, tag and learning outcome, so a bank of hundreds stays usable."""

from __future__ import annotations

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.snippets.views import chooser

from core.admin import PermissionChooserViewSet

from .models import QUESTION_TYPES, Question

FILTER = {"data-chooser-modal-search-filter": True}


def question_tags():
    from taggit.models import Tag

    question_types = ContentType.objects.get_for_models(Question, *QUESTION_TYPES).values()
    return (
        Tag.objects.filter(taggit_taggeditem_items__content_type__in=question_types)
        .distinct()
        .order_by("name")
    )


class QuestionFilterForm(BaseFilterForm):
    q = forms.CharField(
        label=_("Search term"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Search the question text")}),
    )
    question_type = forms.ChoiceField(label=_("Type"), required=False, widget=forms.Select(FILTER))
    tag = forms.ChoiceField(label=_("Tag"), required=False, widget=forms.Select(FILTER))
    outcome = forms.ChoiceField(
        label=_("Learning outcome"), required=False, widget=forms.Select(FILTER)
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        types = ContentType.objects.get_for_models(*QUESTION_TYPES)
        self.fields["question_type"].choices = [("", _("All types"))] + sorted(
            ((str(ct.pk), str(model.type_label)) for model, ct in types.items()),
            key=lambda choice: choice[1],
        )
        self.fields["tag"].choices = [("", _("All tags"))] + [
            (tag.slug, tag.name) for tag in question_tags()
        ]
        outcomes = (
            Question.objects.exclude(learning_outcome="")
            .order_by("learning_outcome")
            .values_list("learning_outcome", flat=True)
            .distinct()
        )
        self.fields["outcome"].choices = [("", _("All learning outcomes"))] + [
            (outcome, outcome) for outcome in outcomes
        ]

    def filter(self, objects):
        objects = super().filter(objects)
        data = self.cleaned_data
        if data.get("q"):
            self.is_searching, self.search_query = True, data["q"]
            objects = objects.filter(text__icontains=data["q"])
        if data.get("question_type"):
            objects = objects.filter(polymorphic_ctype_id=data["question_type"])
        if data.get("tag"):
            objects = objects.filter(tags__slug=data["tag"]).distinct()
        if data.get("outcome"):
            objects = objects.filter(learning_outcome=data["outcome"])
        return objects


class QuestionChooseView(chooser.ChooseView):
    filter_form_class = QuestionFilterForm


class QuestionChooseResultsView(chooser.ChooseResultsView):
    filter_form_class = QuestionFilterForm


class QuestionChooserViewSet(PermissionChooserViewSet):
    choose_view_class = QuestionChooseView
    choose_results_view_class = QuestionChooseResultsView
