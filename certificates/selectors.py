import dataclasses
import datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import Sum
from django.utils import timezone

from courses.models import CourseCompletion
from organisation.models import in_subtrees_q
from organisation.selectors import looks_after, managed_unit_paths

from .models import Certificate, CpdEntry, ReflectiveAccount


def certificate_by_code(code: str) -> Certificate | None:
    if not code or len(code) > 64:
        return None
    return Certificate.objects.filter(code=code).first()


def certificate_for_download(*, code: str, user) -> Certificate | None:
    """The certificate if this user may download it: its owner, an admin, or an L&D manager
    whose units include the learner's."""
    certificate = certificate_by_code(code)
    if certificate is None:
        return None
    if certificate.user_id == user.pk or user.is_superuser:
        return certificate
    if user.has_perm("certificates.view_certificate") and looks_after(user, certificate.user_id):
        return certificate
    return None


def certificates_visible_to(user):
    """What an admin list may show: everything for superusers, else the L&D manager's units."""
    queryset = Certificate.objects.select_related("user").order_by("-issued_at")
    if user.is_superuser:
        return queryset
    paths = managed_unit_paths(user)
    return queryset.filter(in_subtrees_q(paths, field="user__staff_profile__unit__path"))


def certificate_for_completion(*, completion_id: int, user) -> Certificate | None:
    return Certificate.objects.filter(completion_id=completion_id, user=user).first()


def completion_of(*, completion_id: int, user) -> CourseCompletion | None:
    return (
        CourseCompletion.objects.select_related("course", "user")
        .filter(pk=completion_id, user=user)
        .first()
    )


REVALIDATION_HOURS = Decimal(35)
REVALIDATION_PARTICIPATORY = Decimal(20)


@dataclasses.dataclass
class CpdRecord:
    entries: list
    accounts: list
    hours: Decimal
    participatory_hours: Decimal
    since: datetime.date

    @property
    def hours_percent(self) -> int:
        return min(100, int(self.hours * 100 / REVALIDATION_HOURS))

    @property
    def participatory_percent(self) -> int:
        return min(100, int(self.participatory_hours * 100 / REVALIDATION_PARTICIPATORY))

    @property
    def target_hours(self) -> Decimal:
        return REVALIDATION_HOURS

    @property
    def target_participatory(self) -> Decimal:
        return REVALIDATION_PARTICIPATORY


def cpd_record(*, user, today=None) -> CpdRecord:
    """The learner's CPD entries and reflective accounts, with hours over the last three years
    (the NMC revalidation period): three queries."""
    today = today or timezone.localdate()
    since = today - relativedelta(years=3)
    entries = list(CpdEntry.objects.filter(user=user).select_related("certificate"))
    accounts = list(ReflectiveAccount.objects.filter(user=user).select_related("cpd_entry"))
    totals = CpdEntry.objects.filter(user=user, date__gt=since, date__lte=today).aggregate(
        hours=Sum("hours"), participatory=Sum("participatory_hours")
    )
    return CpdRecord(
        entries=entries,
        accounts=accounts,
        hours=totals["hours"] or Decimal(0),
        participatory_hours=totals["participatory"] or Decimal(0),
        since=since,
    )


def cpd_texts(record: CpdRecord) -> list[tuple[str, str]]:
    """Every free-text field that would leave in an export, labelled for the warning page."""
    texts = []
    for entry in record.entries:
        texts += [
            (f"CPD entry '{entry.topic}'", f"{entry.topic}\n{entry.relevance}\n{entry.evidence}")
        ]
    for account in record.accounts:
        texts.append(
            (
                f"Reflective account '{account.title}'",
                "\n".join(
                    [
                        account.title,
                        account.what_learned,
                        account.how_changed,
                        account.code_relation,
                    ]
                ),
            )
        )
    return texts
