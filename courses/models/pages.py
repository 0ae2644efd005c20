"""The course pages a learner reads: home, course index, course, module."""

from __future__ import annotations

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager, PagePermissionTester
from wagtail.query import PageQuerySet

from core.durations import hours_in_words
from core.nmc import CodeThemesField
from core.published import PublishedPageMixin

from ..blocks import ModuleBodyBlock
from ..film_ranges import film_duration, film_parts


class HomePage(PublishedPageMixin, Page):
    intro = RichTextField(blank=True, features=["bold", "italic", "link", "ul"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["courses.CourseIndexPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        from .. import selectors

        context = super().get_context(request, *args, **kwargs)
        context["courses"] = selectors.courses_published(request=request)
        return context

    def route(self, request, path_components):
        """Find the page in one query by its URL path, rather than one query (and one more for
        its specific type) per level of the tree. None of Bridge's pages routes below itself, so
        the page found is the page served; it still decides for itself whether it is live."""
        if not path_components:
            return super().route(request, path_components)
        url_path = self.url_path + "/".join(path_components) + "/"
        page = Page.objects.filter(url_path=url_path).specific().first()
        if page is None:
            raise Http404
        return page.route(request, [])


class CourseIndexPage(PublishedPageMixin, Page):
    intro = RichTextField(blank=True, features=["bold", "italic", "link", "ul"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["courses.HomePage"]
    subpage_types = ["courses.CoursePage"]

    def get_context(self, request, *args, **kwargs):
        from .. import selectors

        context = super().get_context(request, *args, **kwargs)
        context["courses"] = selectors.courses_published(parent=self, request=request)
        return context


class CoursePageForm(WagtailAdminPageForm):
    """Once a course exists, its "law as at" is set by the legal sign-off of a review (see
    ``law.workflows.finish``), not typed in: the editor shows it and cannot change it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("law_as_at")
        if field is not None and self.instance.pk and self.instance.law_as_at:
            field.disabled = True
            field.help_text = _(
                "Set by the clinical or legal sign-off when the course is reviewed after a change "
                "in the law it cites."
            )


class CoursePermissionTester(PagePermissionTester):
    """Only the two sign-offs of a review publish a course that a change in the law has flagged
    (``law.workflows.finish``): until then no editor can, not even a superuser."""

    def can_publish(self):
        return super().can_publish() and not self.under_review

    @cached_property
    def under_review(self) -> bool:
        from law.models import ReviewFlag

        return ReviewFlag.objects.filter(course_id=self.page.pk, resolved_at__isnull=True).exists()


class CoursePage(PublishedPageMixin, Page):
    base_form_class = CoursePageForm

    summary = models.TextField(_("summary"), max_length=400)
    intro = RichTextField(blank=True, features=["h2", "h3", "bold", "italic", "link", "ol", "ul"])
    learning_outcomes = StreamField(
        [("outcome", blocks.CharBlock(max_length=400, label=_("Learning outcome")))],
        blank=True,
        use_json_field=True,
    )
    cpd_hours = models.DecimalField(_("CPD hours"), max_digits=4, decimal_places=1, default=1)
    participatory_hours = models.DecimalField(
        _("participatory hours"),
        max_digits=4,
        decimal_places=1,
        default=0,
        help_text=_("Of the CPD hours, how many involve interaction with others (NMC definition)."),
    )
    code_themes = CodeThemesField(
        _("NMC Code themes"), help_text=_("The parts of the Code this course supports.")
    )
    cpd_relevance = models.TextField(
        _("how it relates to practice"),
        max_length=1000,
        blank=True,
        help_text=_(
            "One or two sentences for each learner's CPD record: how this learning relates to "
            "their practice. The course summary is used if this is empty."
        ),
    )
    law_as_at = models.DateField(
        _("law as at (last legal review)"),
        help_text=_(
            "The day the course's statement of the law was last checked against the provisions "
            "its modules cite. A change in one of them after this day flags the course for review."
        ),
    )
    review_date = models.DateField(
        _("review by"), help_text=_("When the content must next be reviewed.")
    )
    renewal_months = models.PositiveSmallIntegerField(
        _("renew every (months)"),
        null=True,
        blank=True,
        help_text=_(
            "Certificates expire after this many months. Leave blank if they never expire."
        ),
    )
    followup_weeks = models.PositiveSmallIntegerField(
        _("follow up after (weeks)"),
        null=True,
        blank=True,
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(104)],
        help_text=_(
            "Learners are asked this many weeks after completing it whether their practice "
            "changed. Leave blank for no follow-up."
        ),
    )
    law_timeline = StreamField(
        [
            (
                "change",
                blocks.StructBlock(
                    [
                        ("when", blocks.CharBlock(max_length=60, label=_("When"))),
                        ("what", blocks.TextBlock(max_length=600, label=_("What changes"))),
                    ],
                    label=_("Change"),
                ),
            )
        ],
        blank=True,
        use_json_field=True,
        verbose_name=_("what changes when"),
        help_text=_("The dated changes in the law the course's learners should expect."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("intro"),
        FieldPanel("learning_outcomes"),
        MultiFieldPanel(
            [
                FieldPanel("cpd_hours"),
                FieldPanel("participatory_hours"),
                FieldPanel("code_themes"),
                FieldPanel("cpd_relevance"),
                FieldPanel("law_as_at"),
                FieldPanel("review_date"),
                FieldPanel("renewal_months"),
                FieldPanel("followup_weeks"),
            ],
            heading=_("CPD and review"),
        ),
        FieldPanel("law_timeline"),
    ]
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.ModulePage"]

    class Meta:
        verbose_name = _("course")

    def permissions_for_user(self, user):
        return CoursePermissionTester(user, self)

    def clean(self):
        super().clean()
        if (self.participatory_hours or 0) > (self.cpd_hours or 0):
            raise ValidationError(
                {"participatory_hours": _("Participatory hours cannot exceed the CPD hours.")}
            )
        if self.law_as_at and self.review_date and self.review_date <= self.law_as_at:
            raise ValidationError(
                {"review_date": _("The review date must be after the 'law as at' date.")}
            )

    @property
    def outcomes(self) -> list[str]:
        return [child.value for child in self.learning_outcomes]

    @property
    def cpd_hours_words(self) -> str:
        return hours_in_words(self.cpd_hours)

    @property
    def cpd_relevance_text(self) -> str:
        """What a learner's automatic CPD entry says about relevance to practice."""
        return self.cpd_relevance or self.summary

    def warm_published(self):
        """Read once for the remembered copy (core.published): the parent its breadcrumb links to,
        and its modules as the outline lists them."""
        from .. import selectors

        self.get_parent()  # treebeard keeps it on the instance
        selectors.module_links(self)

    def get_context(self, request, *args, **kwargs):
        from .. import selectors

        context = super().get_context(request, *args, **kwargs)
        context["outline"] = selectors.course_outline(course=self, user=request.user)
        context["law"] = selectors.course_law(self, request=request)
        return context


class ModulePageQuerySet(PageQuerySet):
    def live_in(self, course) -> ModulePageQuerySet:
        """A course's published modules, in the order the trainer put them."""
        return self.child_of(course).live().order_by("path")


class ModulePage(PublishedPageMixin, Page):
    objects = PageManager.from_queryset(ModulePageQuerySet)()

    summary = models.TextField(_("summary"), max_length=400, blank=True)
    estimated_minutes = models.PositiveSmallIntegerField(_("estimated minutes"), default=20)
    body = StreamField(ModuleBodyBlock(), use_json_field=True)
    require_film = models.BooleanField(
        _("require the film"),
        default=True,
        help_text=_("The film must be watched (or its transcript read and confirmed) to complete."),
    )
    film_watched_percent = models.PositiveSmallIntegerField(
        _("share of the film to watch (%)"),
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Measured on the server from the parts actually played."),
    )
    allow_transcript = models.BooleanField(
        _("allow the transcript instead of the film"),
        default=True,
        help_text=_("Learners may read and confirm the transcript instead of watching."),
    )
    require_reflection = models.BooleanField(
        _("require a written reflection"),
        default=False,
        help_text=_("The learner must write a reflection on the module's prompt."),
    )
    require_attitude_post = models.BooleanField(
        _("require the after-module views questionnaire"), default=False
    )
    require_quiz = models.BooleanField(
        _("require the knowledge check"),
        default=True,
        help_text=_("The knowledge check must be passed to complete."),
    )

    provisions = ParentalManyToManyField(
        "law.Provision",
        blank=True,
        related_name="modules",
        verbose_name=_("provisions taught"),
        help_text=_("The provisions of the law this module teaches. A change to one flags it."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("estimated_minutes"),
        FieldPanel("body"),
        FieldPanel("provisions", widget=forms.CheckboxSelectMultiple),
    ]
    settings_panels = [
        MultiFieldPanel(
            [
                FieldPanel("require_film"),
                FieldPanel("film_watched_percent"),
                FieldPanel("allow_transcript"),
                FieldPanel("require_quiz"),
                FieldPanel("require_reflection"),
                FieldPanel("require_attitude_post"),
            ],
            heading=_("Completion rule"),
        ),
        *Page.settings_panels,
    ]
    parent_page_types = ["courses.CoursePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("module")

    def clean(self):
        super().clean()
        unmeasured = [
            film_parts(b.value)["title"] or _("Film")
            for b in self.films()
            if film_duration(b.value) is None
        ]
        if self.require_film and not self.allow_transcript and unmeasured:
            raise ValidationError(
                {
                    "require_film": _(
                        "Give the length in seconds of the film “%(title)s”, or allow the "
                        "transcript: without its length, watching it cannot be measured."
                    )
                    % {"title": unmeasured[0]}
                }
            )

    # -- what the body holds ---------------------------------------------------------------------
    def films(self):
        return [block for block in self.body if block.block_type == "film"]

    def film_block(self, block_id: str):
        return next((block for block in self.films() if block.id == block_id), None)

    def quiz_blocks(self, purpose: str | None = None):
        return [
            block
            for block in self.body
            if block.block_type == "quiz" and (purpose is None or block.value["purpose"] == purpose)
        ]

    def knowledge_quiz(self):
        blocks_ = self.quiz_blocks("knowledge")
        return blocks_[0].value["quiz"] if blocks_ else None

    def quiz_block_for(self, quiz_id: int, purpose: str):
        return next(
            (
                b
                for b in self.quiz_blocks(purpose)
                if b.value["quiz"] and b.value["quiz"].pk == quiz_id
            ),
            None,
        )

    @cached_property
    def course(self) -> CoursePage:
        """The course this module belongs to (its parent page), fetched once per instance."""
        return CoursePage.objects.get(path=self.path[: -self.steplen])

    def warm_published(self):
        """What serving reads, resolved once for the remembered copy (core.published): every
        block of the body (films, their library film's files, quizzes), and the course."""
        for block in self.body:
            if block.block_type == "film":
                film_parts(block.value)
        self.course  # noqa: B018 (read now, kept on the instance)

    # -- serving ---------------------------------------------------------------------------------
    def serve(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from .. import selectors, services

        context = super().get_context(request, *args, **kwargs)
        state = selectors.module_state(module=self, user=request.user)
        # Opening a module enrols the learner on its course (the state read says if they are).
        if state.outline.enrolment is None and not getattr(request, "is_preview", False):
            state.outline.enrolment = services.enrolment_ensure(
                user=request.user, course=self.course
            )
        context["state"] = state
        return context
