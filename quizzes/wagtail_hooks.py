"""The question bank and quizzes in the Wagtail admin.

Polymorphic questions need care (see docs/architecture.md): one snippet viewset per question type
edits that type's own fields; the base viewset lists every type, sends each row to its own type's
edit form, and offers no "add" of its own (a bare base question could never be answered).
"""

import django_filters
from django.http import Http404
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSetGroup

from core.admin import BridgeSnippetViewSet, PermissionMenuItem

from . import admin_urls, personal_data
from .admin_views import REPORT_PERMISSION
from .choosers import QuestionChooserViewSet, question_tags
from .models import (
    FillInBlanksQuestion,
    FreeTextQuestion,
    LikertQuestion,
    MatchingQuestion,
    MultipleResponseQuestion,
    OrderingQuestion,
    Question,
    Quiz,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)


def _type_edit_url(instance) -> str:
    model = instance.get_real_instance_class()
    meta = model._meta
    return reverse(f"wagtailsnippets_{meta.app_label}_{meta.model_name}:edit", args=[instance.pk])


class AllQuestionsIndexView(IndexView):
    def get_edit_url(self, instance):
        if self.user_has_permission("change"):
            return _type_edit_url(instance)
        return None

    def get_add_url(self):
        return None

    def get_copy_url(self, instance):
        return None


class AllQuestionsViewSet(BridgeSnippetViewSet):
    model = Question
    chooser_viewset_class = QuestionChooserViewSet
    menu_label = _("All questions")
    icon = "list-ul"
    index_view_class = AllQuestionsIndexView
    list_display = [
        "__str__",
        Column("type_label", label=_("Type")),
        "learning_outcome",
        "updated_at",
    ]
    list_filter = ["polymorphic_ctype"]
    search_fields = ["text"]
    copy_view_enabled = False
    url_prefix = "questions/all"

    @property
    def add_view(self):
        def refuse(request, *args, **kwargs):
            raise Http404("Add a question through its type")

        return refuse

    @property
    def edit_view(self):
        base_edit = super().edit_view

        def edit(request, pk, *args, **kwargs):
            # A base-class URL (for example from a chooser) redirects to the type's own form.
            from django.shortcuts import get_object_or_404, redirect

            question = get_object_or_404(Question, pk=pk)
            if question.get_real_instance_class() is not Question:
                return redirect(_type_edit_url(question))
            return base_edit(request, pk, *args, **kwargs)

        return edit


class QuestionFilterSet(WagtailFilterSet):
    """Filter a question type's list by tag. django-filter cannot derive a filter from a
    ``TaggableManager`` (``list_filter = ["tags"]`` raises), so the filter is spelled out."""

    tags = django_filters.ModelMultipleChoiceFilter(
        label=_("Tag"),
        field_name="tags",
        queryset=lambda request: question_tags(),
        distinct=True,
    )

    class Meta:
        fields = []


class _TypeViewSet(BridgeSnippetViewSet):
    list_display = ["__str__", "learning_outcome", "updated_at"]
    search_fields = ["text"]

    @property
    def filterset_class(self):
        return type(
            f"{self.model.__name__}FilterSet",
            (QuestionFilterSet,),
            {"Meta": type("Meta", (QuestionFilterSet.Meta,), {"model": self.model})},
        )


def _type_viewset(model, icon: str, label: str, slug: str, **extra):
    """One snippet viewset per question type, so each edits with its own form."""
    attrs = {"model": model, "icon": icon, "menu_label": label, "url_prefix": f"questions/{slug}"}
    attrs.update(extra)
    return type(f"{model.__name__}ViewSet", (_TypeViewSet,), attrs)


TYPE_VIEWSETS = (
    _type_viewset(SingleChoiceQuestion, "radio-full", _("Single choice"), "single-choice"),
    _type_viewset(MultipleResponseQuestion, "tasks", _("Multiple response"), "multiple-response"),
    _type_viewset(TrueFalseQuestion, "tick-inverse", _("True or false"), "true-false"),
    _type_viewset(
        LikertQuestion,
        "list-ol",
        _("Attitude statements"),
        "attitude",
        list_display=["__str__", "subscale", "reverse_scored", "updated_at"],
    ),
    _type_viewset(FillInBlanksQuestion, "edit", _("Fill in the blanks"), "fill-in-blanks"),
    _type_viewset(OrderingQuestion, "order", _("Ordering"), "ordering"),
    _type_viewset(MatchingQuestion, "link", _("Matching"), "matching"),
    _type_viewset(FreeTextQuestion, "openquote", _("Free-text reflections"), "free-text"),
)


class QuizViewSet(BridgeSnippetViewSet):
    model = Quiz
    icon = "clipboard-list"
    menu_label = _("Quizzes")
    list_display = ["title", "kind", "behaviour", "pass_mark"]
    list_filter = ["kind", "behaviour"]
    search_fields = ["title"]
    url_prefix = "quizzes"


class QuestionBankGroup(SnippetViewSetGroup):
    menu_label = _("Question bank")
    menu_icon = "help"
    menu_order = 210
    items = (QuizViewSet, AllQuestionsViewSet, *TYPE_VIEWSETS)


register_snippet(QuestionBankGroup)


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path("reports/quizzes/", include((admin_urls, "quizzes_admin"), namespace="quizzes_admin"))
    ]


@hooks.register("register_reports_menu_item")
def register_item_analysis_menu_item():
    return PermissionMenuItem(
        _("Item analysis"),
        reverse("quizzes_admin:item_analysis_index"),
        icon_name="table",
        order=800,
        permission=REPORT_PERMISSION,
    )


@hooks.register("register_reports_menu_item")
def register_attitude_menu_item():
    return PermissionMenuItem(
        _("Attitude change"),
        reverse("quizzes_admin:attitude_index"),
        icon_name="table",
        order=801,
        permission=REPORT_PERMISSION,
    )


@hooks.register("bridge_personal_data")
def register_personal_data():
    return personal_data.PART
