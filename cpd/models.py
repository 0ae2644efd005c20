"""A learner's CPD record for NMC revalidation: entries (hours, method, Code themes, evidence) and
reflective accounts on the NMC form. A Bridge certificate adds an entry by itself."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from certificates.models import Certificate
from core.nmc import CodeThemesField, theme_labels


class CpdEntry(models.Model):
    """One line of a learner's CPD record, with the fields the NMC asks for at revalidation."""

    class Method(models.TextChoices):
        E_LEARNING = "e_learning", _("E-learning")
        GROUP = "group", _("Facilitated group session")
        COURSE = "course", _("Course or conference")
        READING = "reading", _("Reading or research")
        OTHER = "other", _("Other")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cpd")
    date = models.DateField(_("date"))
    method = models.CharField(_("method"), max_length=16, choices=Method.choices)
    topic = models.CharField(_("topic"), max_length=255)
    relevance = models.TextField(_("how it relates to your practice"), max_length=2000, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    participatory_hours = models.DecimalField(
        _("participatory hours"), max_digits=5, decimal_places=1, default=0
    )
    code_themes = CodeThemesField(_("Which parts of the Code does it relate to?"))
    evidence = models.CharField(_("evidence"), max_length=500, blank=True)
    certificate = models.OneToOneField(
        Certificate, null=True, blank=True, on_delete=models.SET_NULL, related_name="cpd_entry"
    )
    # Made by Bridge from a record the learner cannot edit (a team session's register); an entry
    # with a certificate is automatic too.
    automatic = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        db_table = "certificates_cpdentry"  # the table predates the cpd app
        verbose_name_plural = _("CPD entries")
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0), name="certificates_cpd_hours_positive"
            ),
            models.CheckConstraint(
                condition=Q(participatory_hours__gte=0)
                & Q(participatory_hours__lte=models.F("hours")),
                name="certificates_cpd_participatory_within_hours",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date}: {self.topic}"

    @property
    def is_automatic(self) -> bool:
        return self.certificate_id is not None or self.automatic

    def theme_labels(self) -> list[str]:
        return theme_labels(self.code_themes)


class ReflectiveAccount(models.Model):
    """A written reflective account on the NMC form: five are needed for revalidation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reflective_accounts"
    )
    cpd_entry = models.ForeignKey(
        CpdEntry, null=True, blank=True, on_delete=models.SET_NULL, related_name="reflections"
    )
    title = models.CharField(_("what was the nature of the CPD or event?"), max_length=255)
    what_learned = models.TextField(_("what did you learn from it?"), max_length=4000)
    how_changed = models.TextField(
        _("how did you change or improve your practice as a result?"), max_length=4000
    )
    code_relation = models.TextField(_("how is this relevant to the Code?"), max_length=4000)
    code_themes = CodeThemesField(_("Which parts of the Code does it relate to?"))
    module_reflections = models.ManyToManyField(
        "courses.ModuleReflection",
        blank=True,
        related_name="reflective_accounts",
        verbose_name=_("which module reflections is it drawn from?"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "certificates_reflectiveaccount"  # the table predates the cpd app
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def theme_labels(self) -> list[str]:
        return theme_labels(self.code_themes)
