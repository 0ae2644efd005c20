"""Reports for trainers in the Wagtail admin: item analysis and the anonymised attitude change."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from core.admin import AdminPageMixin
from core.spreadsheets import NUMBER, Column, Table

from . import analytics
from .models import Quiz

REPORT_PERMISSION = "quizzes.view_quiz"


class _Report(PermissionRequiredMixin, AdminPageMixin, TemplateView):
    permission_required = REPORT_PERMISSION
    header_icon = "table"
    kind = Quiz.Kind.KNOWLEDGE

    def get_quiz(self):
        return get_object_or_404(Quiz, pk=self.kwargs["quiz_id"], kind=self.kind)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["quizzes"] = Quiz.objects.filter(kind=self.kind).order_by("title")
        return context


class ItemAnalysisIndex(_Report):
    page_title = _("Item analysis")
    template_name = "quizzes/admin/item_analysis_index.html"


class ItemAnalysisView(_Report):
    template_name = "quizzes/admin/item_analysis.html"

    def get_page_title(self):
        return _("Item analysis: %(title)s") % {"title": self.get_quiz().title}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["quiz"] = self.get_quiz()
        context["rows"] = analytics.item_analysis(quiz=context["quiz"])
        return context


ITEM_ANALYSIS = Table(
    [
        Column("question_id", "question_id", kind=NUMBER),
        Column("question", "text"),
        Column("type", "type_label"),
        Column("answers", "n", kind=NUMBER),
        Column("facility", "facility", kind=NUMBER),
        Column("discrimination", "discrimination", kind=NUMBER),
        Column("spread", lambda row: "; ".join(f"{label}: {count}" for label, count in row.spread)),
    ]
)


def item_analysis_csv(request, quiz_id: int):
    if not request.user.has_perm(REPORT_PERMISSION):
        raise Http404("No report")
    quiz = get_object_or_404(Quiz, pk=quiz_id, kind=Quiz.Kind.KNOWLEDGE)
    rows = analytics.item_analysis(quiz=quiz)
    return ITEM_ANALYSIS.csv_response(rows, f"item-analysis-quiz-{quiz.pk}")


class AttitudeIndex(_Report):
    page_title = _("Attitude change")
    kind = Quiz.Kind.ATTITUDE
    template_name = "quizzes/admin/attitude_index.html"


class AttitudeView(_Report):
    kind = Quiz.Kind.ATTITUDE
    template_name = "quizzes/admin/attitude.html"

    def get_page_title(self):
        return _("Attitude change: %(title)s") % {"title": self.get_quiz().title}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["quiz"] = self.get_quiz()
        context["report"] = analytics.attitude_cohort(quiz=context["quiz"])
        context["min_group"] = analytics.MIN_GROUP
        from followups.selectors import three_points

        context["later"] = three_points(quiz=context["quiz"])
        return context
