"""The question bank and quizzes in the Wagtail admin.

Polymorphic questions need care (see docs/architecture.md): one snippet viewset per question type
edits that type's own fields; the base viewset lists every type, sends each row to its own type's
edit form, and offers no "add" of its own (a bare base question could never be answered).
"""

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from .models import LikertQuestion, Question, Quiz, SingleChoiceQuestion, TrueFalseQuestion


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


class AllQuestionsViewSet(SnippetViewSet):
    model = Question
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


class _TypeViewSet(SnippetViewSet):
    list_display = ["__str__", "learning_outcome", "updated_at"]
    search_fields = ["text"]


class SingleChoiceViewSet(_TypeViewSet):
    model = SingleChoiceQuestion
    icon = "radio-full"
    menu_label = _("Single choice")
    url_prefix = "questions/single-choice"


class TrueFalseViewSet(_TypeViewSet):
    model = TrueFalseQuestion
    icon = "tick-inverse"
    menu_label = _("True or false")
    url_prefix = "questions/true-false"


class LikertViewSet(_TypeViewSet):
    model = LikertQuestion
    icon = "list-ol"
    menu_label = _("Attitude statements")
    url_prefix = "questions/attitude"
    list_display = ["__str__", "subscale", "reverse_scored", "updated_at"]


class QuizViewSet(SnippetViewSet):
    model = Quiz
    icon = "clipboard-list"
    menu_label = _("Quizzes")
    list_display = ["title", "kind", "pass_mark"]
    list_filter = ["kind"]
    search_fields = ["title"]
    url_prefix = "quizzes"


class QuestionBankGroup(SnippetViewSetGroup):
    menu_label = _("Question bank")
    menu_icon = "help"
    menu_order = 210
    items = (QuizViewSet, AllQuestionsViewSet, SingleChoiceViewSet, TrueFalseViewSet, LikertViewSet)


register_snippet(QuestionBankGroup)
